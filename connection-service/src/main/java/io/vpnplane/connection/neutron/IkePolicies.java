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
import io.vpnplane.events.connection.IkePolicyEvent;
import io.vpnplane.events.connection.IkePolicyState;

/**
 * Neutron IKE policies (REQ-B-005): auth sha1 | sha256, encryption aes-128 | aes-192 | aes-256, lifetime 60–86400 s,
 * PFS group2 | group5 | group14, IKE v1 main mode. Beyond the seed, as the native API runs them: ike_version v2,
 * aggressive mode (IKEv1 only), auth sha384 | sha512, encryption 3des.
 */
final class IkePolicies extends NeutronResourceKind<IkePolicyState> {

    static final IkePolicies KIND = new IkePolicies();

    private static final Set<String> WRITABLE = Set.of("name", "description", "auth_algorithm",
            "encryption_algorithm", "phase1_negotiation_mode", "ike_version", "pfs", "lifetime");
    private static final Set<String> CREATE_ONLY = Set.of("tenant_id", "project_id");
    private static final List<String> MODES = List.of("main", "aggressive");
    private static final List<String> VERSIONS = List.of("v1", "v2");
    private static final PolicyAttributes.Refusals REFUSALS = new PolicyAttributes.Refusals("IkeValidationFailure",
            "IKE", "ikepolicy");

    private IkePolicies() {
        super(new Names("ikepolicies", "ikepolicy", "ikepolicies", ConnectionReadModel.IKE_POLICY, Table.IKE_POLICY,
                        "IKEPolicyNotFound", "IKEPolicy"), IkePolicyState.class,
                new Events<>(IkePolicyEvent.Created::new, IkePolicyEvent.Updated::new, IkePolicyEvent.Deleted::new,
                        event -> event instanceof IkePolicyEvent.Deleted ? Optional.empty()
                                : Optional.of(((IkePolicyEvent) event).ikePolicy()),
                        IkePolicyState::id, IkePolicyState::accountId));
    }

    @Override
    IkePolicyState create(String id, String account, JsonNode resource) {
        NeutronBodies.attributes(resource, union(WRITABLE, CREATE_ONLY), Set.of(), true);
        return read(resource, new IkePolicyState(id, account, "", "", PolicyAttributes.DEFAULT_AUTH,
                PolicyAttributes.DEFAULT_ENCRYPTION, "main", "v1", PolicyAttributes.DEFAULT_PFS,
                PolicyAttributes.DEFAULT_LIFETIME_SECONDS));
    }

    @Override
    IkePolicyState update(IkePolicyState current, JsonNode resource) {
        NeutronBodies.attributes(resource, WRITABLE, Set.of(), false);
        return read(resource, current);
    }

    private static IkePolicyState read(JsonNode r, IkePolicyState base) {
        String name = NeutronBodies.text(r, "name", NeutronBodies.NAME_LENGTH).orElse(base.name());
        String description = NeutronBodies.text(r, "description", NeutronBodies.DESCRIPTION_LENGTH)
                .orElse(base.description());
        String auth = PolicyAttributes.supported(r, "auth_algorithm", PolicyAttributes.NEUTRON_AUTH,
                PolicyAttributes.SUPPORTED_AUTH, base.authAlgorithm(), REFUSALS);
        String encryption = PolicyAttributes.supported(r, "encryption_algorithm",
                PolicyAttributes.NEUTRON_ENCRYPTION, PolicyAttributes.SUPPORTED_ENCRYPTION,
                base.encryptionAlgorithm(), REFUSALS);
        String mode = NeutronBodies.value(r, "phase1_negotiation_mode", MODES).orElse(base.phase1NegotiationMode());
        String version = NeutronBodies.value(r, "ike_version", VERSIONS).orElse(base.ikeVersion());
        // REQ-TUN-004: IKEv2 has no negotiation modes; aggressive exists only in IKEv1.
        if (mode.equals("aggressive") && version.equals("v2")) {
            throw REFUSALS.unsupported("phase1_negotiation_mode", mode + "' with ike_version 'v2");
        }
        String pfs = PolicyAttributes.supported(r, "pfs", PolicyAttributes.NEUTRON_PFS,
                PolicyAttributes.SUPPORTED_PFS, base.pfs(), REFUSALS);
        int lifetime = PolicyAttributes.lifetime(r, base.lifetimeSeconds());
        return new IkePolicyState(base.id(), base.accountId(), name, description, auth, encryption, mode, version,
                pfs, lifetime);
    }

    @Override
    boolean settingsDiffer(IkePolicyState a, IkePolicyState b) {
        return !new IkePolicyState(a.id(), a.accountId(), b.name(), b.description(), a.authAlgorithm(),
                a.encryptionAlgorithm(), a.phase1NegotiationMode(), a.ikeVersion(), a.pfs(), a.lifetimeSeconds())
                .equals(b);
    }

    @Override
    ObjectNode view(IkePolicyState s) {
        ObjectNode view = PolicyAttributes.common(s.id(), s.accountId(), s.name(), s.description())
                .put("auth_algorithm", s.authAlgorithm()).put("encryption_algorithm", s.encryptionAlgorithm())
                .put("phase1_negotiation_mode", s.phase1NegotiationMode()).put("ike_version", s.ikeVersion())
                .put("pfs", s.pfs());
        view.set("lifetime", PolicyAttributes.lifetimeView(s.lifetimeSeconds()));
        return view;
    }

    @Override
    Uni<List<String>> users(SqlClient tx, String id) {
        return ReadModelQueries.connectionsFrom(tx, NeutronSource.IKE_POLICY, id);
    }

    @Override
    NeutronRefusal inUse(String id) {
        return NeutronRefusal.inUse("IKEPolicyInUse", "IKEPolicy " + id + " is in use by existing"
                + " IPsecSiteConnection and can't be updated or deleted");
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
