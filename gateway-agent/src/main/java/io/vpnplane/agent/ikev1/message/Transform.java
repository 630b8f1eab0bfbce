package io.vpnplane.agent.ikev1.message;

import java.util.List;
import java.util.Optional;

/**
 * A transform payload (RFC 2408 §3.6): transform number, transform ID (KEY_IKE for phase 1, ESP_AES etc.
 * for phase 2) and its attributes.
 */
public record Transform(int number, int transformId, List<Attribute> attributes) {

    public static final int KEY_IKE = 1;

    public Transform {
        attributes = List.copyOf(attributes);
    }

    public Optional<Attribute> attribute(int type) {
        return attributes.stream().filter(a -> a.type() == type).findFirst();
    }

    byte[] body() {
        Writer out = new Writer().u8(number).u8(transformId).u16(0);
        attributes.forEach(a -> a.encode(out));
        return out.toByteArray();
    }

    static Transform decode(Reader in) throws IsakmpDecodeException {
        int number = in.u8("transform number");
        int id = in.u8("transform id");
        in.u16("transform reserved");
        List<Attribute> attributes = new java.util.ArrayList<>();
        while (in.remaining() > 0) {
            attributes.add(Attribute.decode(in));
        }
        return new Transform(number, id, attributes);
    }
}
