package io.vpnplane.agent.bgp.message;

/** KEEPALIVE: a bare header (RFC 4271 section 4.4). */
public enum Keepalive implements BgpMessage {
    INSTANCE;

    @Override
    public byte[] encode(CodecContext context) {
        return BgpMessage.finishMessage(BgpMessage.startMessage(TYPE_KEEPALIVE, 0));
    }
}
