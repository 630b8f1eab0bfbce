package io.vpnplane.agent.interop;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One strongSwan connection with one CHILD_SA and a PSK, rendered as a {@code swanctl.conf}.
 *
 * <p>Proposals come from the crypto catalogue ({@link IkeSaTransforms#strongSwanProposal()},
 * {@link ChildSaTransforms#strongSwanProposal()}), so a test states algorithms once, as enums. UDP
 * encapsulation is always forced ({@code encap = yes}): the kernel has no ESP, strongSwan does ESP in
 * userspace through kernel-libipsec (interop-recipes.md).
 *
 * @param ikeRekeyTime IKE SA rekey (IKEv2) or reauthentication (IKEv1) interval; empty = strongSwan default
 * @param ikeLifeTime hard IKE SA lifetime, rendered as {@code over_time = life - rekey}
 * @param childRekeyTime CHILD_SA rekey interval; empty = strongSwan default
 * @param childLifeTime hard CHILD_SA lifetime
 * @param mobike strongSwan defaults to MOBIKE for IKEv2; off here unless a test asks, since our engine
 *               does not implement RFC 4555
 */
public record SwanctlConnection(String name, int version, String localAddress, String remoteAddress, String localId,
        String remoteId, String presharedKey, List<IkeSaTransforms> ikeProposals, List<ChildSaTransforms> espProposals,
        String childName, String localTrafficSelector, String remoteTrafficSelector, StartAction startAction,
        Optional<Duration> dpdDelay, Optional<Duration> ikeRekeyTime, Optional<Duration> ikeLifeTime,
        Optional<Duration> childRekeyTime, Optional<Duration> childLifeTime, boolean aggressive, boolean mobike) {

    /** What charon does with the CHILD_SA once the connection is loaded ({@code start_action}). */
    public enum StartAction {
        NONE("none"), START("start"), TRAP("trap");

        private final String keyword;

        StartAction(String keyword) {
            this.keyword = keyword;
        }
    }

    public SwanctlConnection {
        Objects.requireNonNull(name, "name");
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("IKE version must be 1 or 2, got " + version);
        }
        if (aggressive && version != 1) {
            throw new IllegalArgumentException("aggressive mode exists in IKEv1 only");
        }
        if (ikeProposals.isEmpty() || espProposals.isEmpty()) {
            throw new IllegalArgumentException("at least one IKE and one ESP proposal needed");
        }
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        if (ikeLifeTime.isPresent() && ikeRekeyTime.isEmpty()) {
            throw new IllegalArgumentException("an IKE life time needs an IKE rekey time");
        }
    }

    /** Starts a builder with the interop recipe's defaults: IKEv2, start_action none, no DPD. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The full swanctl.conf (connection and its secret). */
    public String toSwanctlConf() {
        StringBuilder conf = new StringBuilder();
        conf.append("connections {\n");
        conf.append("  ").append(name).append(" {\n");
        line(conf, 4, "version", Integer.toString(version));
        line(conf, 4, "local_addrs", localAddress);
        line(conf, 4, "remote_addrs", remoteAddress);
        line(conf, 4, "encap", "yes");
        line(conf, 4, "mobike", mobike ? "yes" : "no");
        line(conf, 4, "proposals", String.join(",", ikeProposals.stream().map(IkeSaTransforms::strongSwanProposal).toList()));
        if (aggressive) {
            line(conf, 4, "aggressive", "yes");
        }
        dpdDelay.ifPresent(delay -> line(conf, 4, "dpd_delay", seconds(delay)));
        ikeRekeyTime.ifPresent(rekey -> {
            line(conf, 4, version == 1 ? "reauth_time" : "rekey_time", seconds(rekey));
            // Jitter would make rekey tests wait for a random moment.
            line(conf, 4, "rand_time", "0s");
        });
        ikeLifeTime.ifPresent(life -> line(conf, 4, "over_time", seconds(life.minus(ikeRekeyTime.orElseThrow()))));
        conf.append("    local {\n");
        line(conf, 6, "auth", "psk");
        line(conf, 6, "id", localId);
        conf.append("    }\n");
        conf.append("    remote {\n");
        line(conf, 6, "auth", "psk");
        line(conf, 6, "id", remoteId);
        conf.append("    }\n");
        conf.append("    children {\n");
        conf.append("      ").append(childName).append(" {\n");
        line(conf, 8, "local_ts", localTrafficSelector);
        line(conf, 8, "remote_ts", remoteTrafficSelector);
        line(conf, 8, "esp_proposals",
                String.join(",", espProposals.stream().map(ChildSaTransforms::strongSwanProposal).toList()));
        line(conf, 8, "start_action", startAction.keyword);
        childRekeyTime.ifPresent(rekey -> {
            line(conf, 8, "rekey_time", seconds(rekey));
            line(conf, 8, "rand_time", "0s");
        });
        childLifeTime.ifPresent(life -> line(conf, 8, "life_time", seconds(life)));
        conf.append("      }\n");
        conf.append("    }\n");
        conf.append("  }\n");
        conf.append("}\n");
        conf.append("secrets {\n");
        conf.append("  ike-").append(name).append(" {\n");
        line(conf, 4, "id-local", localId);
        line(conf, 4, "id-remote", remoteId);
        // Hex avoids any quoting question: REQ-TUN-002 PSKs may contain \ ' ; { } and friends.
        line(conf, 4, "secret", "0x" + HexFormat.of().formatHex(presharedKey.getBytes(StandardCharsets.UTF_8)));
        conf.append("  }\n");
        conf.append("}\n");
        return conf.toString();
    }

    private static void line(StringBuilder conf, int indent, String key, String value) {
        conf.append(" ".repeat(indent)).append(key).append(" = ").append(value).append('\n');
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    /** Builder for {@link SwanctlConnection}; addresses, ids, PSK, proposals and selectors are required. */
    public static final class Builder {
        private final String name;
        private int version = 2;
        private String localAddress;
        private String remoteAddress;
        private String localId;
        private String remoteId;
        private String presharedKey;
        private List<IkeSaTransforms> ikeProposals = List.of();
        private List<ChildSaTransforms> espProposals = List.of();
        private String childName = "c1";
        private String localTrafficSelector;
        private String remoteTrafficSelector;
        private StartAction startAction = StartAction.NONE;
        private Optional<Duration> dpdDelay = Optional.empty();
        private Optional<Duration> ikeRekeyTime = Optional.empty();
        private Optional<Duration> ikeLifeTime = Optional.empty();
        private Optional<Duration> childRekeyTime = Optional.empty();
        private Optional<Duration> childLifeTime = Optional.empty();
        private boolean aggressive;
        private boolean mobike;

        private Builder(String name) {
            this.name = name;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** Local and remote outer addresses; ids default to them. */
        public Builder addresses(String local, String remote) {
            this.localAddress = local;
            this.remoteAddress = remote;
            if (localId == null) {
                localId = local;
            }
            if (remoteId == null) {
                remoteId = remote;
            }
            return this;
        }

        public Builder ids(String local, String remote) {
            this.localId = local;
            this.remoteId = remote;
            return this;
        }

        public Builder presharedKey(String presharedKey) {
            this.presharedKey = presharedKey;
            return this;
        }

        public Builder ikeProposals(IkeSaTransforms... proposals) {
            this.ikeProposals = List.of(proposals);
            return this;
        }

        public Builder espProposals(ChildSaTransforms... proposals) {
            this.espProposals = List.of(proposals);
            return this;
        }

        public Builder child(String childName, String localTrafficSelector, String remoteTrafficSelector) {
            this.childName = childName;
            this.localTrafficSelector = localTrafficSelector;
            this.remoteTrafficSelector = remoteTrafficSelector;
            return this;
        }

        public Builder startAction(StartAction startAction) {
            this.startAction = startAction;
            return this;
        }

        public Builder dpdDelay(Duration delay) {
            this.dpdDelay = Optional.of(delay);
            return this;
        }

        public Builder ikeLifetimes(Duration rekeyTime, Duration lifeTime) {
            this.ikeRekeyTime = Optional.of(rekeyTime);
            this.ikeLifeTime = Optional.of(lifeTime);
            return this;
        }

        public Builder childLifetimes(Duration rekeyTime, Duration lifeTime) {
            this.childRekeyTime = Optional.of(rekeyTime);
            this.childLifeTime = Optional.of(lifeTime);
            return this;
        }

        public Builder aggressive(boolean aggressive) {
            this.aggressive = aggressive;
            return this;
        }

        public Builder mobike(boolean mobike) {
            this.mobike = mobike;
            return this;
        }

        public SwanctlConnection build() {
            return new SwanctlConnection(name, version, Objects.requireNonNull(localAddress, "addresses"),
                    Objects.requireNonNull(remoteAddress, "addresses"), localId, remoteId,
                    Objects.requireNonNull(presharedKey, "presharedKey"), ikeProposals, espProposals, childName,
                    Objects.requireNonNull(localTrafficSelector, "child"),
                    Objects.requireNonNull(remoteTrafficSelector, "child"), startAction, dpdDelay, ikeRekeyTime,
                    ikeLifeTime, childRekeyTime, childLifeTime, aggressive, mobike);
        }
    }
}
