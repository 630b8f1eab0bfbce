package io.vpnplane.agent.ikev1.message;

import java.util.HexFormat;
import java.util.List;
import java.util.Arrays;

/** The vendor IDs that announce capabilities we implement. */
public final class VendorIds {

    /** RFC 3947 NAT-T: MD5("RFC 3947"). */
    public static final byte[] NAT_T_RFC3947 = HexFormat.of().parseHex("4a131c81070358455c5728f20e95452f");
    /** RFC 3706 DPD (version 1.0). */
    public static final byte[] DPD = HexFormat.of().parseHex("afcad71368a1f1c96b8696fc77570100");

    private VendorIds() {
    }

    public static boolean announces(List<Payload> payloads, byte[] vendorId) {
        return payloads.stream().anyMatch(p -> p instanceof VendorIdPayload v && Arrays.equals(v.data(), vendorId));
    }
}
