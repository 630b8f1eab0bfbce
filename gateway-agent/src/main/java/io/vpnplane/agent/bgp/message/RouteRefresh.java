package io.vpnplane.agent.bgp.message;

/** ROUTE-REFRESH (RFC 2918): asks the peer to re-send its Adj-RIB-Out for one AFI/SAFI. */
public record RouteRefresh(int afi, int safi) implements BgpMessage {

    public static final RouteRefresh IPV4_UNICAST = new RouteRefresh(Capability.AFI_IPV4, Capability.SAFI_UNICAST);

    @Override
    public byte[] encode(CodecContext context) {
        return BgpMessage.finishMessage(BgpMessage.startMessage(TYPE_ROUTE_REFRESH, 4).u16(afi).u8(0).u8(safi));
    }

    static RouteRefresh decodeBody(WireReader body) throws BgpDecodeException {
        if (body.remaining() != 4) {
            throw new BgpDecodeException(BgpError.ROUTE_REFRESH_INVALID_LENGTH, "ROUTE-REFRESH body of " + body.remaining() + " octets");
        }
        int afi = body.u16("AFI");
        body.u8("reserved");
        int safi = body.u8("SAFI");
        return new RouteRefresh(afi, safi);
    }
}
