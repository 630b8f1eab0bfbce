package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.NeutronSource;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.events.connection.IpsecPolicyEvent;
import io.vpnplane.events.connection.IpsecPolicyState;

/**
 * Neutron IPsec policies (REQ-B-006): auth sha1 | sha256, encapsulation tunnel, encryption aes-128 | aes-192 |
 * aes-256, lifetime 60–86400 s, PFS group2 | group5 | group14, transform protocol esp. Beyond the seed, as the
 * native API runs them: auth sha384 | sha512, encryption 3des.
 */
final class IpsecPolicies extends NeutronResourceKind<IpsecPolicyState> {

    static final IpsecPolicies KIND = new IpsecPolicies();

    private static final Set<String> WRITABLE = Set.of("name", "description", "transform_protocol",
            "auth_algorithm", "encapsulation_mode", "encryption_algorithm", "pfs", "lifetime");
    private static final PolicyAttributes.Refusals REFUSALS = new PolicyAttributes.Refusals(
            "IpsecValidationFailure", "IPSec", "ipsecpolicy");

    private IpsecPolicies() {
        super(new Names("ipsecpolicies", "ipsecpolicy", "ipsecpolicies", ConnectionReadModel.IPSEC_POLICY,
                        Table.IPSEC_POLICY, "IPsecPolicyNotFound", "IPsecPolicy"), IpsecPolicyState.class,
                new Events<>(IpsecPolicyEvent.Created::new, IpsecPolicyEvent.Updated::new, IpsecPolicyEvent.Deleted::new,
                        event -> event instanceof IpsecPolicyEvent.Deleted ? Optional.empty()
                                : Optional.of(((IpsecPolicyEvent) event).ipsecPolicy()),
                        IpsecPolicyState::id, IpsecPolicyState::accountId));
    }

    @Override
    IpsecPolicyState create(String id, String account, JsonNode resource) {
        NeutronBodies.attributes(resource, IkePolicies.union(WRITABLE, Set.of("tenant_id", "project_id")), Set.of(),
                true);
        return read(resource, new IpsecPolicyState(id, account, "", "", "esp", PolicyAttributes.DEFAULT_AUTH,
                "tunnel", PolicyAttributes.DEFAULT_ENCRYPTION, PolicyAttributes.DEFAULT_PFS,
                PolicyAttributes.DEFAULT_LIFETIME_SECONDS));
    }

    @Override
    IpsecPolicyState update(IpsecPolicyState current, JsonNode resource) {
        NeutronBodies.attributes(resource, WRITABLE, Set.of(), false);
        return read(resource, current);
    }

    private static IpsecPolicyState read(JsonNode r, IpsecPolicyState base) {
        String name = NeutronBodies.text(r, "name", NeutronBodies.NAME_LENGTH).orElse(base.name());
        String description = NeutronBodies.text(r, "description", NeutronBodies.DESCRIPTION_LENGTH)
                .orElse(base.description());
        // REQ-B-006: ESP in tunnel mode only (the gateway has no AH and no transport mode).
        String transform = PolicyAttributes.supported(r, "transform_protocol", List.of("ah", "ah-esp", "esp"),
                List.of("esp"), base.transformProtocol(), REFUSALS);
        String encapsulation = PolicyAttributes.supported(r, "encapsulation_mode", List.of("transport", "tunnel"),
                List.of("tunnel"), base.encapsulationMode(), REFUSALS);
        String auth = PolicyAttributes.supported(r, "auth_algorithm", PolicyAttributes.NEUTRON_AUTH,
                PolicyAttributes.SUPPORTED_AUTH, base.authAlgorithm(), REFUSALS);
        String encryption = PolicyAttributes.supported(r, "encryption_algorithm",
                PolicyAttributes.NEUTRON_ENCRYPTION, PolicyAttributes.SUPPORTED_ENCRYPTION,
                base.encryptionAlgorithm(), REFUSALS);
        String pfs = PolicyAttributes.supported(r, "pfs", PolicyAttributes.NEUTRON_PFS,
                PolicyAttributes.SUPPORTED_PFS, base.pfs(), REFUSALS);
        int lifetime = PolicyAttributes.lifetime(r, base.lifetimeSeconds());
        return new IpsecPolicyState(base.id(), base.accountId(), name, description, transform, auth, encapsulation,
                encryption, pfs, lifetime);
    }

    @Override
    boolean settingsDiffer(IpsecPolicyState a, IpsecPolicyState b) {
        return !new IpsecPolicyState(a.id(), a.accountId(), b.name(), b.description(), a.transformProtocol(),
                a.authAlgorithm(), a.encapsulationMode(), a.encryptionAlgorithm(), a.pfs(), a.lifetimeSeconds())
                .equals(b);
    }

    @Override
    ObjectNode view(IpsecPolicyState s) {
        ObjectNode view = PolicyAttributes.common(s.id(), s.accountId(), s.name(), s.description())
                .put("transform_protocol", s.transformProtocol()).put("auth_algorithm", s.authAlgorithm())
                .put("encapsulation_mode", s.encapsulationMode()).put("encryption_algorithm", s.encryptionAlgorithm())
                .put("pfs", s.pfs());
        view.set("lifetime", PolicyAttributes.lifetimeView(s.lifetimeSeconds()));
        return view;
    }

    @Override
    Uni<List<String>> users(SqlClient tx, String id) {
        return ReadModelQueries.connectionsFrom(tx, NeutronSource.IPSEC_POLICY, id);
    }

    @Override
    NeutronRefusal inUse(String id) {
        return NeutronRefusal.inUse("IPsecPolicyInUse", "IPsecPolicy " + id + " is in use by existing"
                + " IPsecSiteConnection and can't be updated or deleted");
    }
}
