package io.vpnplane.agent.ikev1.message;

/** A vendor ID (RFC 2408 §3.16): capability markers such as NAT-T (RFC 3947) and DPD (RFC 3706). */
public record VendorIdPayload(byte[] data) implements Payload {

    public VendorIdPayload {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return PayloadType.VENDOR_ID;
    }

    @Override
    public byte[] body() {
        return data.clone();
    }
}
