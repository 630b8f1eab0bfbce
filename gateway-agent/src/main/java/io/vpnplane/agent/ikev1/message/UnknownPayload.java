package io.vpnplane.agent.ikev1.message;

/** A payload type this codec does not interpret; kept so that hashes over received messages stay exact. */
public record UnknownPayload(int type, byte[] body) implements Payload {

    public UnknownPayload {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
