package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.connection.net.Ipv4Address;

/**
 * The attributes of an {@code ipsec_site_connection} create or update request, checked as Neutron checks them
 * (presence, types, allowed values). What the native connection rules check on the result (PSK characters,
 * identities, one CIDR per side with IKEv1…) is left to them; {@link SiteConnectionCommands} words their refusals
 * with these attribute names.
 *
 * @param dpd the DPD members given, still to be merged with the current or default ones
 */
record SiteConnectionInput(Optional<String> name, Optional<String> description, Optional<String> vpnServiceId,
        Optional<String> ikePolicyId, Optional<String> ipsecPolicyId, Optional<String> peerAddress,
        Optional<String> peerId, Optional<String> localId, Optional<String> psk, Optional<String> initiator,
        Dpd dpd, Optional<String> localEndpointGroupId, Optional<String> peerEndpointGroupId) {

    /** Neutron's DPD dictionary; members not given stay as they are (or take Neutron's defaults on create). */
    record Dpd(Optional<String> action, Optional<Integer> interval, Optional<Integer> timeout) {

        static final Dpd NEUTRON_DEFAULTS = new Dpd(Optional.of("hold"), Optional.of(30), Optional.of(120));

        Dpd over(Dpd base) {
            return new Dpd(action.or(base::action), interval.or(base::interval), timeout.or(base::timeout));
        }
    }

    /** Attributes a create takes. */
    private static final Set<String> CREATE = Set.of("tenant_id", "project_id", "name", "description",
            "vpnservice_id", "ikepolicy_id", "ipsecpolicy_id", "peer_address", "peer_id", "local_id", "psk", "dpd",
            "initiator", "mtu", "admin_state_up", "peer_cidrs", "local_ep_group_id", "peer_ep_group_id");
    /** Attributes an update takes: vpnservice_id and the policies are fixed at creation. */
    private static final Set<String> UPDATE = Set.of("name", "description", "peer_address", "peer_id", "local_id",
            "psk", "dpd", "initiator", "mtu", "admin_state_up", "peer_cidrs", "local_ep_group_id",
            "peer_ep_group_id");
    /** Read-only attributes clients echo back; accepted with their only value. */
    private static final Set<String> ECHOED = Set.of("auth_mode", "route_mode");

    static final List<String> INITIATORS = List.of("bi-directional", "response-only");
    /** Neutron's DPD actions; {@code restart-by-peer} has no counterpart in the gateway. */
    private static final List<String> DPD_ACTIONS = List.of("clear", "disabled", "hold", "restart", "restart-by-peer");
    /** The one MTU the gateway runs; Neutron's default. */
    static final int MTU = 1500;

    static SiteConnectionInput create(JsonNode r) {
        NeutronBodies.attributes(r, CREATE, ECHOED, true);
        SiteConnectionInput input = read(r);
        for (String required : List.of("vpnservice_id", "ikepolicy_id", "ipsecpolicy_id", "peer_address", "peer_id",
                "psk")) {
            NeutronBodies.requiredText(r, required);
        }
        if (input.localEndpointGroupId().isEmpty() || input.peerEndpointGroupId().isEmpty()) {
            String which = input.localEndpointGroupId().isEmpty() && input.peerEndpointGroupId().isEmpty()
                    ? "s local and peer" : input.localEndpointGroupId().isEmpty() ? " local" : " peer";
            throw NeutronRefusal.typed("MissingRequiredEndpointGroup", "Missing endpoint group" + which
                    + " for IPSec site-to-site connection");
        }
        return input;
    }

    static SiteConnectionInput update(JsonNode r) {
        NeutronBodies.attributes(r, UPDATE, ECHOED, false);
        for (String field : List.of("local_ep_group_id", "peer_ep_group_id", "peer_address", "peer_id", "psk")) {
            if (r.has(field) && r.get(field).isNull()) {
                throw NeutronRefusal.invalidInput(field, field + " cannot be removed");
            }
        }
        return read(r);
    }

    private static SiteConnectionInput read(JsonNode r) {
        NeutronBodies.onlyAdminStateUp(r);
        // REQ-B-002: pre-shared keys only; static routes only.
        NeutronBodies.value(r, "auth_mode", List.of("psk"));
        NeutronBodies.value(r, "route_mode", List.of("static"));
        NeutronBodies.integer(r, "mtu", "mtu").filter(mtu -> mtu != MTU).ifPresent(mtu -> {
            throw NeutronRefusal.invalidInput("mtu", "the tunnel MTU is " + MTU + " and cannot be changed");
        });
        // Neutron: with endpoint groups (every service here has no subnet) peer CIDRs come from the peer group.
        JsonNode peerCidrs = r.get("peer_cidrs");
        if (peerCidrs != null && !peerCidrs.isNull() && !(peerCidrs.isArray() && peerCidrs.isEmpty())) {
            throw NeutronRefusal.typed("PeerCidrsInvalid", "Peer CIDRs cannot be specified, when using endpoint"
                    + " groups");
        }
        Optional<String> peerAddress = NeutronBodies.text(r, "peer_address", NeutronBodies.NAME_LENGTH);
        peerAddress.filter(a -> Ipv4Address.parse(a).filter(Ipv4Address::isUsableUnicast).isEmpty()).ifPresent(a -> {
            throw NeutronRefusal.typed("VPNPeerAddressNotResolved", "Peer address " + a + " cannot be resolved:"
                    + " give the peer's public IPv4 address");
        });
        return new SiteConnectionInput(NeutronBodies.text(r, "name", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "description", NeutronBodies.DESCRIPTION_LENGTH),
                NeutronBodies.text(r, "vpnservice_id", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "ikepolicy_id", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "ipsecpolicy_id", NeutronBodies.NAME_LENGTH), peerAddress,
                NeutronBodies.text(r, "peer_id", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "local_id", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "psk", NeutronBodies.NAME_LENGTH),
                NeutronBodies.value(r, "initiator", INITIATORS), dpd(r),
                NeutronBodies.text(r, "local_ep_group_id", NeutronBodies.NAME_LENGTH),
                NeutronBodies.text(r, "peer_ep_group_id", NeutronBodies.NAME_LENGTH));
    }

    private static Dpd dpd(JsonNode r) {
        JsonNode dpd = r.get("dpd");
        if (dpd == null || dpd.isNull()) {
            return new Dpd(Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (!dpd.isObject()) {
            throw NeutronRefusal.invalidInput("dpd", "'" + dpd + "' is not a dictionary");
        }
        dpd.fieldNames().forEachRemaining(key -> {
            if (!Set.of("action", "interval", "timeout").contains(key)) {
                throw NeutronRefusal.invalidInput("dpd", "Validation of dictionary's keys failed. Expected keys:"
                        + " {'action', 'interval', 'timeout'} Provided keys: {'" + key + "'}");
            }
        });
        Optional<String> action = NeutronBodies.value(dpd, "action", DPD_ACTIONS);
        // REQ-B-003: hold or restart; clear and disabled as the native API also runs them.
        action.filter("restart-by-peer"::equals).ifPresent(a -> {
            throw NeutronRefusal.typed("IpsecValidationFailure", "IPSec does not support ipsec_site_connection"
                    + " attribute dpd action with value '" + a + "'");
        });
        return new Dpd(action, NeutronBodies.integer(dpd, "interval", "dpd"),
                NeutronBodies.integer(dpd, "timeout", "dpd"));
    }

    /**
     * REQ-B-003: interval at least 1 s, timeout greater than the interval (and within what the native API
     * runs: interval ≤ 3600 s, timeout ≤ 86400 s).
     */
    static void checkDpd(Dpd dpd) {
        int interval = dpd.interval().orElseThrow();
        int timeout = dpd.timeout().orElseThrow();
        if (interval < 1 || interval > 3600) {
            throw NeutronRefusal.invalidInput("dpd", "interval " + interval + " is not in range 1 through 3600");
        }
        if (timeout <= interval) {
            throw NeutronRefusal.typed("IPsecSiteConnectionDpdIntervalValueError", "Invalid input for operation:"
                    + " ipsec_site_connection dpd_timeout is equal to or less than dpd_interval.");
        }
        if (timeout > 86_400) {
            throw NeutronRefusal.invalidInput("dpd", "timeout " + timeout + " is not in range 2 through 86400");
        }
    }
}
