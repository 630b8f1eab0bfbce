package io.vpnplane.agent.bgp.message;

import java.util.Arrays;
import java.util.HexFormat;

/** A capability advertised in OPEN (RFC 5492). Only those this speaker acts on are typed. */
public sealed interface Capability {

    int AFI_IPV4 = 1;
    int SAFI_UNICAST = 1;
    int CODE_MULTIPROTOCOL = 1;
    int CODE_ROUTE_REFRESH = 2;
    int CODE_FOUR_OCTET_AS = 65;

    /** RFC 4760. */
    record Multiprotocol(int afi, int safi) implements Capability {
        public static final Multiprotocol IPV4_UNICAST = new Multiprotocol(AFI_IPV4, SAFI_UNICAST);
    }

    /** RFC 2918. */
    record RouteRefreshSupport() implements Capability {
    }

    /** RFC 6793: the speaker's real AS number. */
    record FourOctetAs(long asn) implements Capability {
    }

    /** Any capability we do not act on; kept so it can be logged and round-tripped. */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[" + code + " " + HexFormat.of().formatHex(value) + "]";
        }
    }

    static Capability decode(int code, WireReader value) throws BgpDecodeException {
        int length = value.remaining();
        return switch (code) {
            case CODE_MULTIPROTOCOL -> {
                if (length != 4) {
                    yield new Unknown(code, value.bytes(length, "capability"));
                }
                int afi = value.u16("AFI");
                value.u8("reserved");
                yield new Multiprotocol(afi, value.u8("SAFI"));
            }
            case CODE_ROUTE_REFRESH -> length == 0 ? new RouteRefreshSupport() : new Unknown(code, value.bytes(length, "capability"));
            case CODE_FOUR_OCTET_AS -> length == 4 ? new FourOctetAs(value.u32("AS")) : new Unknown(code, value.bytes(length, "capability"));
            default -> new Unknown(code, value.bytes(length, "capability"));
        };
    }

    default void encode(WireWriter out) {
        switch (this) {
            case Multiprotocol mp -> out.u8(CODE_MULTIPROTOCOL).u8(4).u16(mp.afi()).u8(0).u8(mp.safi());
            case RouteRefreshSupport ignored -> out.u8(CODE_ROUTE_REFRESH).u8(0);
            case FourOctetAs as -> out.u8(CODE_FOUR_OCTET_AS).u8(4).u32(as.asn());
            case Unknown u -> out.u8(u.code()).u8(u.value.length).bytes(u.value);
        }
    }
}
