package io.vpnplane.agent.ikev1.message;

import java.util.ArrayList;
import java.util.List;

/**
 * SA payload (RFC 2408 §3.4, RFC 2407 §4.6.1): DOI IPsec, situation SIT_IDENTITY_ONLY and the proposals.
 * Proposals with the same number are alternatives only as a whole (AND); distinct numbers are OR.
 */
public record SecurityAssociationPayload(long doi, long situation, List<Proposal> proposals) implements Payload {

    public static final long DOI_IPSEC = 1;
    public static final long SIT_IDENTITY_ONLY = 1;

    public SecurityAssociationPayload {
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("an SA payload needs a proposal");
        }
    }

    public static SecurityAssociationPayload ipsec(List<Proposal> proposals) {
        return new SecurityAssociationPayload(DOI_IPSEC, SIT_IDENTITY_ONLY, proposals);
    }

    @Override
    public int type() {
        return PayloadType.SECURITY_ASSOCIATION;
    }

    @Override
    public byte[] body() {
        Writer out = new Writer().u32(doi).u32(situation);
        for (int i = 0; i < proposals.size(); i++) {
            byte[] proposal = proposals.get(i).body();
            out.u8(i == proposals.size() - 1 ? PayloadType.NONE : PayloadType.PROPOSAL).u8(0)
                    .u16(proposal.length + 4).bytes(proposal);
        }
        return out.toByteArray();
    }

    static SecurityAssociationPayload decode(Reader in) throws IsakmpDecodeException {
        long doi = in.u32("doi");
        long situation = in.u32("situation");
        if (doi != DOI_IPSEC || situation != SIT_IDENTITY_ONLY) {
            throw new IsakmpDecodeException("unsupported DOI " + doi + " / situation " + situation);
        }
        List<Proposal> proposals = new ArrayList<>();
        int next = PayloadType.PROPOSAL;
        while (next == PayloadType.PROPOSAL) {
            next = in.u8("proposal next payload");
            in.u8("proposal reserved");
            int length = in.u16("proposal length");
            if (length < 8) {
                throw new IsakmpDecodeException("proposal length " + length + " below 8");
            }
            proposals.add(Proposal.decode(in.slice(length - 4, "proposal")));
        }
        if (next != PayloadType.NONE || in.remaining() != 0) {
            throw new IsakmpDecodeException("SA payload: proposal chain malformed");
        }
        return new SecurityAssociationPayload(doi, situation, proposals);
    }
}
