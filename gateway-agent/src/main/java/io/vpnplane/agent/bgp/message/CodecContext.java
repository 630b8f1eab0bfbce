package io.vpnplane.agent.bgp.message;

/**
 * What the two speakers negotiated that changes the wire format of UPDATEs: whether AS numbers
 * in AS_PATH and AGGREGATOR are four octets (RFC 6793, both sides sent the capability).
 */
public record CodecContext(boolean fourOctetAs) {

    /** Before the OPEN exchange: UPDATEs cannot occur yet, OPEN itself is context-free. */
    public static final CodecContext TWO_OCTET = new CodecContext(false);
    public static final CodecContext FOUR_OCTET = new CodecContext(true);
}
