package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;

/** SA payload (RFC 7296 §3.3): an ordered list of proposals. */
public record SecurityAssociationPayload(List<Proposal> proposals) implements Payload {

    public SecurityAssociationPayload {
        proposals = List.copyOf(proposals);
    }

    @Override
    public int type() {
        return PayloadType.SECURITY_ASSOCIATION;
    }

    @Override
    public byte[] body() {
        ByteWriter out = new ByteWriter();
        for (int i = 0; i < proposals.size(); i++) {
            proposals.get(i).encode(out, i == proposals.size() - 1);
        }
        return out.toByteArray();
    }

    static SecurityAssociationPayload decode(ByteReader in) throws IkeDecodeException {
        List<Proposal> proposals = new ArrayList<>();
        boolean last = false;
        while (!last) {
            last = Proposal.decode(in, proposals);
        }
        in.expectEnd("SA payload");
        return new SecurityAssociationPayload(proposals);
    }
}
