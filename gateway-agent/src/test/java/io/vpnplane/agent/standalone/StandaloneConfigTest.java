package io.vpnplane.agent.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.dataplane.Ipv4Header;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.healthcheck.HealthCheckConfig;
import io.vpnplane.agent.ike.TunnelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneConfigTest {

    @TempDir
    Path dir;

    private StandaloneConfig read(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return StandaloneConfig.read(file);
    }

    @Test
    void minimalTunnelGetsTheApiDefaults() throws Exception {
        StandaloneConfig config = read("agent.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k"}]}
                """);

        TunnelConfig t = config.tunnels().getFirst();
        // REQ-TUN-004/005 defaults: aes, sha1, group2, 86400 s; ids default to the addresses.
        assertThat(t.ike().encryption()).isEqualTo(EncryptionAlgorithm.AES_128_CBC);
        assertThat(t.ike().integrity()).contains(IntegrityAlgorithm.HMAC_SHA1_96);
        assertThat(t.ike().prf()).isEqualTo(PseudoRandomFunction.HMAC_SHA1);
        assertThat(t.ike().dhGroups()).containsExactly(DiffieHellmanGroup.MODP_1024);
        assertThat(t.ike().lifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(t.ike().localId()).hasToString("10.9.0.1");
        assertThat(t.ike().remoteId()).hasToString("10.9.0.2");
        assertThat(t.ipsec().pfsGroup()).contains(DiffieHellmanGroup.MODP_1024);
        assertThat(t.natTraversal()).isTrue(); // REQ-TUN-007
        assertThat(t.dpd().enabled()).isTrue(); // REQ-TUN-006
        assertThat(t.startAction()).isEqualTo(TunnelConfig.StartAction.START); // REQ-CONN-008
        assertThat(t.routingMode()).isEqualTo(TunnelConfig.RoutingMode.DESTINATION);
        assertThat(t.localSelectors()).hasToString("[0.0.0.0/0]");
        assertThat(config.engine().ikePort()).isEqualTo(500);
        assertThat(t.psk()).hasToString("PreSharedKey[redacted]");
        // The data plane follows the host unless the file says otherwise.
        assertThat(config.dataPlane().tunName()).isEqualTo("vpl0");
        assertThat(config.dataPlane().enabledOn(true)).isTrue();
        assertThat(config.dataPlane().enabledOn(false)).isFalse();
        assertThat(config.dataPlane().offloads()).isTrue();
    }

    @Test
    void dpdActionAndTimeoutAreReadAndChecked() throws Exception {
        // REQ-TUN-006 / REQ-B-003: the action is configurable; the timeout must exceed the interval.
        StandaloneConfig config = read("agent.yaml", """
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k,
                           dpd: {intervalSeconds: 5, timeoutSeconds: 20, action: hold}}]
                """);
        assertThat(config.tunnels().getFirst().dpd().policy().action()).isEqualTo(DpdAction.HOLD);
        assertThat(config.tunnels().getFirst().dpd().timeout()).isEqualTo(Duration.ofSeconds(20));

        assertThatThrownBy(() -> read("bad.yaml", """
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k,
                           dpd: {intervalSeconds: 30, timeoutSeconds: 20}}]
                """)).hasMessageContaining("$.tunnels[0].dpd.timeoutSeconds");
        assertThatThrownBy(() -> read("bad.yaml", """
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k, dpd: {action: pause}}]
                """)).hasMessageContaining("$.tunnels[0].dpd.action");
    }

    @Test
    void healthCheckIsReadPerTunnelWithTheApiDefaults() throws Exception {
        // REQ-TUN-011 defaults: every 3 s, 3 retries, switchRoute true.
        StandaloneConfig config = read("agent.yaml", """
                tunnels:
                  - {id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k,
                     healthCheck: {sourceIp: 192.168.100.1, destinationIp: 172.16.10.1}}
                  - {id: t2, localAddress: 10.9.0.1, remoteAddress: 10.9.0.3, psk: k}
                """);
        HealthCheckConfig check = config.healthChecks().get("t1");
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(check.retries()).isEqualTo(3);
        assertThat(check.switchRoute()).isTrue();
        assertThat(Ipv4Header.format(check.destinationIp())).isEqualTo("172.16.10.1");
        assertThat(config.healthChecks()).doesNotContainKey("t2");

        assertThatThrownBy(() -> read("bad.yaml", """
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k,
                           healthCheck: {sourceIp: 192.168.100.1, destinationIp: 172.16.10.1, intervalMillis: 50}}]
                """)).hasMessageContaining("$.tunnels[0].healthCheck.intervalMillis");
    }

    @Test
    void dataPlaneSectionOverridesTheHostDefault() throws Exception {
        StandaloneConfig config = read("agent.yaml", """
                dataPlane: {enabled: false, tunName: vpn7, offloads: false}
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k}]
                """);
        assertThat(config.dataPlane().enabledOn(true)).isFalse();
        assertThat(config.dataPlane().tunName()).isEqualTo("vpn7");
        assertThat(config.dataPlane().offloads()).isFalse();

        assertThatThrownBy(() -> read("bad.yaml", """
                dataPlane: {offloads: "yes"}
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k}]
                """)).hasMessageContaining("$.dataPlane.offloads");

        assertThatThrownBy(() -> read("bad.yaml", """
                dataPlane: {tunName: "this-name-is-far-too-long"}
                tunnels: [{id: t1, localAddress: 10.9.0.1, remoteAddress: 10.9.0.2, psk: k}]
                """)).hasMessageContaining("$.dataPlane.tunName");
    }

    @Test
    void yamlWithEverySetting() throws Exception {
        StandaloneConfig config = read("agent.yaml", """
                engine: {ikePort: 1500, natTraversalPort: 5500}
                tunnels:
                  - id: t1
                    localAddress: 10.9.0.1
                    remoteAddress: 10.9.0.2
                    psk: "a~`!@#$%^&*()_-+={}[]|;:',.<>/?"
                    effectImmediately: false
                    natTraversal: false
                    routingMode: policy
                    localCidrs: [192.168.100.0/24]
                    remoteCidrs: [172.16.10.0/24, 172.16.20.0/24]
                    dpd: {enabled: false}
                    ike: {encryption: aes256gcm16, authentication: sha384, dhGroup: [curve25519, group14],
                          lifetimeSeconds: 20, localId: gw.example.com, remoteId: 10.9.0.2}
                    ipsec: {encryption: 3des, authentication: md5, dhGroup: disabled, lifetimeSeconds: 0}
                  - id: t2
                    localAddress: 10.9.0.1
                    remoteAddress: 10.9.0.3
                    psk: k
                    initiatorMode: response-only
                """);

        TunnelConfig t = config.tunnels().getFirst();
        assertThat(config.engine().natTraversalPort()).isEqualTo(5500);
        assertThat(t.ike().encryption()).isEqualTo(EncryptionAlgorithm.AES_256_GCM_16);
        assertThat(t.ike().integrity()).isEmpty();
        assertThat(t.ike().prf()).isEqualTo(PseudoRandomFunction.HMAC_SHA2_384);
        assertThat(t.ike().dhGroups()).containsExactly(DiffieHellmanGroup.CURVE_25519, DiffieHellmanGroup.MODP_2048);
        assertThat(t.ike().localId().idType()).isEqualTo(2);
        assertThat(t.ipsec().pfsGroup()).isEmpty();
        assertThat(t.ipsec().integrity()).contains(IntegrityAlgorithm.HMAC_MD5_96);
        assertThat(t.ipsec().lifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(t.startAction()).isEqualTo(TunnelConfig.StartAction.TRAP);
        assertThat(t.natTraversal()).isFalse();
        assertThat(t.remoteSelectors()).hasSize(2);
        assertThat(t.psk().secret()).isEqualTo("a~`!@#$%^&*()_-+={}[]|;:',.<>/?");
        assertThat(config.tunnels().get(1).startAction()).isEqualTo(TunnelConfig.StartAction.RESPOND_ONLY);
    }

    @Test
    void esnAndAReplayWindowOfAtLeast1024CanBeConfigured() throws Exception {
        StandaloneConfig config = read("agent.json", """
                {"tunnels": [
                  {"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k",
                   "ipsec": {"extendedSequenceNumbers": true, "replayWindow": 4096}},
                  {"id": "t2", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.3", "psk": "k"}]}
                """);

        assertThat(config.tunnels().getFirst().ipsec().extendedSequenceNumbers()).isTrue();
        assertThat(config.tunnels().getFirst().ipsec().replayWindow()).isEqualTo(4096);
        // RFC 4303 §3.4.3 default window; no ESN unless asked for.
        assertThat(config.tunnels().get(1).ipsec().extendedSequenceNumbers()).isFalse();
        assertThat(config.tunnels().get(1).ipsec().replayWindow()).isEqualTo(64);
        assertThatThrownBy(() -> read("a.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k",
                  "ipsec": {"replayWindow": 16}}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ipsec.replayWindow"));
    }

    @Test
    void invalidSettingsNameTheField() {
        assertThatThrownBy(() -> read("a.json", "{\"tunnels\": []}")).isInstanceOfSatisfying(
                InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("$.tunnels"));
        assertThatThrownBy(() -> read("a.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k",
                  "ike": {"encryption": "blowfish"}}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].ike.encryption"));
        assertThatThrownBy(() -> read("a.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.300", "remoteAddress": "10.9.0.2", "psk": "k"}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].localAddress"));
        assertThatThrownBy(() -> read("a.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2", "psk": "k",
                  "routingMode": "policy", "localCidrs": ["10.0.0.0/8"]}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].localCidrs"));
        assertThatThrownBy(() -> read("a.json", """
                {"tunnels": [{"id": "t1", "localAddress": "10.9.0.1", "remoteAddress": "10.9.0.2"}]}
                """)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("$.tunnels[0].psk"));
    }
}
