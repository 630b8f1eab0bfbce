package io.vpnplane.connection.peerconfig;

import java.util.Map;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.Problem;
import io.vpnplane.connection.ipsec.PreSharedKey;
import io.vpnplane.events.connection.IpsecConnectionState;

/** The device formats of {@code GET …/peer-config?format=} (REQ-PEER-001). */
public enum PeerConfigFormat {
    STRONGSWAN("strongswan", ".swanctl.conf"),
    CISCO_ASA("cisco-asa", ".asa.cfg");

    private final String json;
    private final String fileSuffix;

    PeerConfigFormat(String json, String fileSuffix) {
        this.json = json;
        this.fileSuffix = fileSuffix;
    }

    /** Absent means strongswan. */
    public static PeerConfigFormat parse(String format) {
        if (format == null || format.isEmpty()) {
            return STRONGSWAN;
        }
        for (PeerConfigFormat f : values()) {
            if (f.json.equals(format)) {
                return f;
            }
        }
        throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Format", "format",
                "format is strongswan or cisco-asa"));
    }

    public String fileSuffix() {
        return fileSuffix;
    }

    /**
     * @param gatewayIps the cloud gateway IP of each placed tunnel, by tunnel id; a tunnel not placed yet gets a
     *                   placeholder the operator replaces (REQ-TUN-012: transit-router tunnels get theirs once attached)
     */
    public String render(IpsecConnectionState connection, Map<String, PreSharedKey> keys, Map<String, String> gatewayIps,
            boolean encap) {
        return switch (this) {
            case STRONGSWAN -> new StrongSwanConfig(connection, keys, gatewayIps, encap).render();
            case CISCO_ASA -> new CiscoAsaConfig(connection, keys, gatewayIps).render();
        };
    }
}
