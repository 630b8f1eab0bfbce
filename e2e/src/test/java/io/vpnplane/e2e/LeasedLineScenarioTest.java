package io.vpnplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The scenario's rewrite of a downloaded peer configuration: each tunnel gets its own selectors, nothing else changes. */
class LeasedLineScenarioTest {

    private static final String DOWNLOADED = """
            connections {
              vpnplane-tun-a {
                version = 2
                children {
                  vpnplane-tun-a {
                    local_ts = 0.0.0.0/0
                    remote_ts = 0.0.0.0/0
                    esp_proposals = aes128-sha1-modp1024
                  }
                }
              }
              vpnplane-tun-b {
                children {
                  vpnplane-tun-b {
                    local_ts = 0.0.0.0/0
                    remote_ts = 0.0.0.0/0
                  }
                }
              }
            }
            secrets {
              ike-tun-a {
                secret = "local_ts = x"
              }
            }
            """;

    @Test
    void eachTunnelGetsItsOwnSelectorsAndTheRestStaysAsDownloaded() {
        String narrowed = LeasedLineScenario.narrowed(DOWNLOADED, Map.of(
                "tun-a", new String[] {"169.254.10.2/32,192.168.0.0/22", "169.254.10.1/32,10.0.0.0/16"},
                "tun-b", new String[] {"169.254.11.2/32", "169.254.11.1/32"}));

        assertThat(narrowed).isEqualTo(DOWNLOADED
                .replaceFirst("local_ts = 0.0.0.0/0", "local_ts = 169.254.10.2/32,192.168.0.0/22")
                .replaceFirst("remote_ts = 0.0.0.0/0", "remote_ts = 169.254.10.1/32,10.0.0.0/16")
                .replaceFirst("local_ts = 0.0.0.0/0", "local_ts = 169.254.11.2/32")
                .replaceFirst("remote_ts = 0.0.0.0/0", "remote_ts = 169.254.11.1/32"));
    }
}
