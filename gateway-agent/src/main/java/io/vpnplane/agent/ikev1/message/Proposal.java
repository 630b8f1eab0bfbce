package io.vpnplane.agent.ikev1.message;

import java.util.Arrays;
import java.util.List;

/**
 * A proposal payload (RFC 2408 §3.5) with its transforms, in the order of preference. Phase 1 proposals
 * have protocol ISAKMP and no SPI; quick-mode proposals have protocol ESP and the 4-byte SPI the sender
 * wants on inbound packets.
 */
public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms) {

    public static final int PROTO_ISAKMP = 1;
    public static final int PROTO_ESP = 3;

    public Proposal {
        spi = spi.clone();
        transforms = List.copyOf(transforms);
        if (transforms.isEmpty() || transforms.size() > 255) {
            throw new IllegalArgumentException("a proposal carries 1..255 transforms");
        }
    }

    @Override
    public byte[] spi() {
        return spi.clone();
    }

    byte[] body() {
        Writer out = new Writer().u8(number).u8(protocolId).u8(spi.length).u8(transforms.size()).bytes(spi);
        for (int i = 0; i < transforms.size(); i++) {
            byte[] transform = transforms.get(i).body();
            out.u8(i == transforms.size() - 1 ? PayloadType.NONE : PayloadType.TRANSFORM).u8(0)
                    .u16(transform.length + 4).bytes(transform);
        }
        return out.toByteArray();
    }

    static Proposal decode(Reader in) throws IsakmpDecodeException {
        int number = in.u8("proposal number");
        int protocol = in.u8("protocol id");
        int spiSize = in.u8("spi size");
        int count = in.u8("transform count");
        byte[] spi = in.bytes(spiSize, "spi");
        List<Transform> transforms = new java.util.ArrayList<>();
        int next = PayloadType.TRANSFORM;
        for (int i = 0; i < count; i++) {
            if (next != PayloadType.TRANSFORM) {
                throw new IsakmpDecodeException("transform " + i + " of " + count + " is announced as type " + next);
            }
            next = in.u8("transform next payload");
            in.u8("transform reserved");
            int length = in.u16("transform length");
            if (length < 8) {
                throw new IsakmpDecodeException("transform length " + length + " below 8");
            }
            transforms.add(Transform.decode(in.slice(length - 4, "transform")));
        }
        if (count == 0 || next != PayloadType.NONE) {
            throw new IsakmpDecodeException("transform chain does not end with the announced count " + count);
        }
        return new Proposal(number, protocol, spi, transforms);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Proposal p && p.number == number && p.protocolId == protocolId
                && Arrays.equals(p.spi, spi) && p.transforms.equals(transforms);
    }

    @Override
    public int hashCode() {
        return number * 31 + transforms.hashCode();
    }
}
