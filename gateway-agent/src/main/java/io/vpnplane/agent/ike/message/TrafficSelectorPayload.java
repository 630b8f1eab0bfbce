package io.vpnplane.agent.ike.message;

import java.util.ArrayList;
import java.util.List;

/** TSi/TSr payload (RFC 7296 §3.13). */
public record TrafficSelectorPayload(boolean initiator, List<TrafficSelector> selectors) implements Payload {

    public TrafficSelectorPayload {
        selectors = List.copyOf(selectors);
        if (selectors.size() > 255) {
            throw new IllegalArgumentException("more than 255 traffic selectors");
        }
    }

    @Override
    public int type() {
        return initiator ? PayloadType.TRAFFIC_SELECTOR_INITIATOR : PayloadType.TRAFFIC_SELECTOR_RESPONDER;
    }

    @Override
    public byte[] body() {
        ByteWriter out = new ByteWriter().u8(selectors.size()).u8(0).u16(0);
        selectors.forEach(selector -> selector.encode(out));
        return out.toByteArray();
    }

    static TrafficSelectorPayload decode(boolean initiator, ByteReader in) throws IkeDecodeException {
        int count = in.u8("TS count");
        in.bytes(3, "TS reserved");
        List<TrafficSelector> selectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            selectors.add(TrafficSelector.decode(in));
        }
        in.expectEnd("TS payload");
        return new TrafficSelectorPayload(initiator, selectors);
    }
}
