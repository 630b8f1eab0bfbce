package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.IdentificationPayload;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** An IKE identity: an IPv4 address or an FQDN (REQ-TUN-004). */
public record Identity(int idType, String value) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public Identity {
        if (value.isBlank() || value.contains(" ")) {
            throw new IllegalArgumentException("identity must be non-empty without spaces: '" + value + "'");
        }
    }

    /** An IPv4 literal becomes ID_IPV4_ADDR, anything else ID_FQDN. */
    public static Identity parse(String text) {
        return IPV4.matcher(text).matches() ? new Identity(IdentificationPayload.ID_IPV4_ADDR, text)
                : new Identity(IdentificationPayload.ID_FQDN, text);
    }

    public static Identity of(InetAddress address) {
        return new Identity(IdentificationPayload.ID_IPV4_ADDR, address.getHostAddress());
    }

    public byte[] encoded() {
        if (idType == IdentificationPayload.ID_IPV4_ADDR) {
            return Cidr.parse(value + "/32").network();
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    public boolean matches(IdentificationPayload payload) {
        return payload.idType() == idType && java.util.Arrays.equals(payload.idData(), encoded());
    }

    public static String describe(IdentificationPayload payload) {
        return switch (payload.idType()) {
            case IdentificationPayload.ID_IPV4_ADDR -> payload.idData().length == 4
                    ? (payload.idData()[0] & 0xff) + "." + (payload.idData()[1] & 0xff) + "."
                    + (payload.idData()[2] & 0xff) + "." + (payload.idData()[3] & 0xff) : "invalid IPv4 id";
            case IdentificationPayload.ID_FQDN, IdentificationPayload.ID_RFC822_ADDR ->
                    new String(payload.idData(), StandardCharsets.US_ASCII);
            default -> "id type " + payload.idType();
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
