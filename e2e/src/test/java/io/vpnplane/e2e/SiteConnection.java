package io.vpnplane.e2e;

/**
 * A swanctl.conf connection of the customer site towards the cloud, written by a scenario (rather than downloaded)
 * when the scenario needs something the generated peer configuration does not say: a cloud identity known before
 * placement, or traffic selectors narrowed on the site's side.
 *
 * @param name        connection, child and secret name
 * @param siteAddress the site's address (its identity too)
 * @param cloudId     the cloud side's identity, {@code %any} to accept whichever gateway IP it came from
 */
record SiteConnection(String name, String siteAddress, String cloudId, String siteSubnet, String cloudSubnet, String psk) {

    String swanctlConf() {
        return """
                connections {
                  %1$s {
                    version = 2
                    local_addrs = %2$s
                    remote_addrs = %%any
                    encap = yes
                    proposals = aes128-sha1-modp1024
                    local {
                      auth = psk
                      id = %2$s
                    }
                    remote {
                      auth = psk
                      id = %3$s
                    }
                    children {
                      %1$s {
                        local_ts = %4$s
                        remote_ts = %5$s
                        esp_proposals = aes128-sha1-modp1024
                      }
                    }
                  }
                }
                secrets {
                  ike-%1$s {
                    id-local = %2$s
                    %6$s
                    secret = "%7$s"
                  }
                }
                """.formatted(name, siteAddress, cloudId, siteSubnet, cloudSubnet,
                "%any".equals(cloudId) ? "" : "id-remote = " + cloudId, psk);
    }
}
