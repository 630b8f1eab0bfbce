package io.vpnplane.agent.ike.message;

/**
 * A payload this engine does not interpret (CERTREQ, CP, EAP, future types). Non-critical ones are
 * skipped; a critical unknown one makes decoding fail with UNSUPPORTED_CRITICAL_PAYLOAD.
 */
public record UnknownPayload(int type, boolean critical, byte[] content) implements Payload {

    public UnknownPayload {
        content = content.clone();
    }

    @Override
    public byte[] body() {
        return content.clone();
    }
}
