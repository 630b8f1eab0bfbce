package io.vpnplane.agent.ike.message;

/** Vendor ID payload (RFC 7296 §3.12); received ones are ignored, never required. */
public record VendorIdPayload(byte[] vendorId) implements Payload {

    public VendorIdPayload {
        vendorId = vendorId.clone();
    }

    @Override
    public int type() {
        return PayloadType.VENDOR_ID;
    }

    @Override
    public byte[] body() {
        return vendorId.clone();
    }
}
