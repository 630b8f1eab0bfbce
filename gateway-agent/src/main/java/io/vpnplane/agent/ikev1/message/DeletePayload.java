package io.vpnplane.agent.ikev1.message;

import java.util.ArrayList;
import java.util.List;

/** Delete payload (RFC 2408 §3.15): ISAKMP SAs (16-byte cookie pairs) or ESP SAs (4-byte SPIs). */
public record DeletePayload(long doi, int protocolId, int spiSize, List<byte[]> spis) implements Payload {

    public DeletePayload {
        spis = spis.stream().map(byte[]::clone).toList();
        for (byte[] spi : spis) {
            if (spi.length != spiSize) {
                throw new IllegalArgumentException("every SPI must be " + spiSize + " bytes");
            }
        }
    }

    public static DeletePayload esp(List<byte[]> spis) {
        return new DeletePayload(SecurityAssociationPayload.DOI_IPSEC, Proposal.PROTO_ESP, 4, spis);
    }

    public static DeletePayload isakmp(long initiatorCookie, long responderCookie) {
        return new DeletePayload(SecurityAssociationPayload.DOI_IPSEC, Proposal.PROTO_ISAKMP, 16, List.of(
                java.nio.ByteBuffer.allocate(16).putLong(initiatorCookie).putLong(responderCookie).array()));
    }

    @Override
    public int type() {
        return PayloadType.DELETE;
    }

    @Override
    public byte[] body() {
        Writer out = new Writer().u32(doi).u8(protocolId).u8(spiSize).u16(spis.size());
        spis.forEach(out::bytes);
        return out.toByteArray();
    }

    static DeletePayload decode(Reader in) throws IsakmpDecodeException {
        long doi = in.u32("delete doi");
        int protocol = in.u8("delete protocol");
        int spiSize = in.u8("delete spi size");
        int count = in.u16("delete spi count");
        List<byte[]> spis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spis.add(in.bytes(spiSize, "delete spi"));
        }
        return new DeletePayload(doi, protocol, spiSize, spis);
    }
}
