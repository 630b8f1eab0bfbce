package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;

/** One proposal substructure (RFC 7296 §3.3.1). The SPI is 8 bytes for IKE (rekey), 4 for ESP. */
public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms) {

    public Proposal {
        spi = spi.clone();
        transforms = List.copyOf(transforms);
        if (spi.length > 255 || transforms.size() > 255) {
            throw new IllegalArgumentException("SPI or transform list too long");
        }
    }

    public List<Transform> transformsOfType(int transformType) {
        return transforms.stream().filter(t -> t.transformType() == transformType).toList();
    }

    void encode(ByteWriter out, boolean last) {
        ByteWriter transformBytes = new ByteWriter();
        for (int i = 0; i < transforms.size(); i++) {
            transforms.get(i).encode(transformBytes, i == transforms.size() - 1);
        }
        int length = 8 + spi.length + transformBytes.size();
        out.u8(last ? 0 : 2).u8(0).u16(length).u8(number).u8(protocolId).u8(spi.length)
                .u8(transforms.size()).bytes(spi).bytes(transformBytes.toByteArray());
    }

    static boolean decode(ByteReader in, List<Proposal> into) throws IkeDecodeException {
        int lastMarker = in.u8("Proposal last");
        if (lastMarker != 0 && lastMarker != 2) {
            throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, "Proposal marker " + lastMarker);
        }
        in.u8("Proposal reserved");
        int length = in.u16("Proposal length");
        if (length < 8) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH, "Proposal length " + length);
        }
        ByteReader body = in.slice(length - 4, "Proposal body");
        int number = body.u8("Proposal number");
        int protocol = body.u8("Proposal protocol");
        int spiSize = body.u8("Proposal SPI size");
        int count = body.u8("Proposal transform count");
        byte[] spi = body.bytes(spiSize, "Proposal SPI");
        List<Transform> transforms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean last = Transform.decode(body, transforms);
            if (last != (i == count - 1)) {
                throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED,
                        "Transform count " + count + " disagrees with last-transform marker");
            }
        }
        body.expectEnd("Proposal");
        into.add(new Proposal(number, protocol, spi, transforms));
        return lastMarker == 0;
    }
}
