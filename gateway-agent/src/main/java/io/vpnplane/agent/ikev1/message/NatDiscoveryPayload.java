package io.vpnplane.agent.ikev1.message;

/** NAT-D (RFC 3947 §3.2): HASH(CKY-I | CKY-R | IP | Port). */
public record NatDiscoveryPayload(byte[] data) implements Payload {

    public NatDiscoveryPayload {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.NAT_DISCOVERY;
    }

    @Override
    public byte[] body() {
        return data.clone();
    }
}
