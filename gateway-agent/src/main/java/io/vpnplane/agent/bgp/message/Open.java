package io.vpnplane.agent.bgp.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OPEN (RFC 4271 section 4.2) with capabilities in optional parameters (RFC 5492).
 *
 * @param myAs the 2-octet "My Autonomous System" field (AS_TRANS when the real AS is wider)
 * @param holdTimeSeconds proposed hold time, 0 or at least 3
 * @param bgpIdentifier router id as an int
 */
public record Open(int version, int myAs, int holdTimeSeconds, int bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {

    public static final int VERSION = 4;
    public static final int AS_TRANS = 23456;
    private static final int PARAMETER_CAPABILITIES = 2;

    public Open {
        capabilities = List.copyOf(capabilities);
    }

    /** The OPEN this speaker sends: IPv4 unicast, route refresh and 4-octet AS (RFC 6793). */
    public static Open of(long localAs, int holdTimeSeconds, int bgpIdentifier) {
        int myAs = localAs > 0xffff ? AS_TRANS : (int) localAs;
        return new Open(VERSION, myAs, holdTimeSeconds, bgpIdentifier, List.of(
                Capability.Multiprotocol.IPV4_UNICAST, new Capability.RouteRefreshSupport(), new Capability.FourOctetAs(localAs)));
    }

    public Optional<Long> fourOctetAs() {
        return capabilities.stream().filter(c -> c instanceof Capability.FourOctetAs)
                .map(c -> ((Capability.FourOctetAs) c).asn()).findFirst();
    }

    /** The sender's AS: the 4-octet capability when present, else the 2-octet field. */
    public long effectiveAs() {
        return fourOctetAs().orElse((long) myAs);
    }

    public boolean supportsRouteRefresh() {
        return capabilities.stream().anyMatch(c -> c instanceof Capability.RouteRefreshSupport);
    }

    @Override
    public byte[] encode(CodecContext context) {
        WireWriter caps = new WireWriter(32);
        for (Capability capability : capabilities) {
            capability.encode(caps);
        }
        byte[] capBytes = caps.toByteArray();
        if (capBytes.length > 253) {
            throw new IllegalStateException("capabilities do not fit one optional parameter");
        }
        WireWriter out = BgpMessage.startMessage(TYPE_OPEN, 12 + capBytes.length)
                .u8(version).u16(myAs).u16(holdTimeSeconds).u32(bgpIdentifier & 0xffff_ffffL);
        if (capBytes.length == 0) {
            out.u8(0);
        } else {
            out.u8(capBytes.length + 2).u8(PARAMETER_CAPABILITIES).u8(capBytes.length).bytes(capBytes);
        }
        return BgpMessage.finishMessage(out);
    }

    static Open decodeBody(WireReader body) throws BgpDecodeException {
        int version = body.u8("version");
        int myAs = body.u16("my AS");
        int holdTime = body.u16("hold time");
        int identifier = body.i32("BGP identifier");
        int parametersLength = body.u8("optional parameters length");
        if (parametersLength != body.remaining()) {
            throw new BgpDecodeException(BgpError.BAD_MESSAGE_LENGTH,
                    "optional parameters length " + parametersLength + " but " + body.remaining() + " octets follow");
        }
        List<Capability> capabilities = new ArrayList<>();
        while (body.remaining() > 0) {
            int type = body.u8("parameter type");
            int length = body.u8("parameter length");
            WireReader value = body.slice(length, BgpError.BAD_MESSAGE_LENGTH, "optional parameter");
            if (type != PARAMETER_CAPABILITIES) {
                throw new BgpDecodeException(BgpError.OPEN_UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + type);
            }
            while (value.remaining() > 0) {
                int code = value.u8("capability code");
                int capLength = value.u8("capability length");
                capabilities.add(Capability.decode(code, value.slice(capLength, BgpError.BAD_MESSAGE_LENGTH, "capability")));
            }
        }
        return new Open(version, myAs, holdTime, identifier, capabilities);
    }
}
