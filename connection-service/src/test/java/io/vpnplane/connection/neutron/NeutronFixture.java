package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Neutron resources a site connection needs, created through the Neutron API. */
final class NeutronFixture {

    static final String SITES = "/v2.0/vpn/ipsec-site-connections";

    /** One project's VPN service, policies and endpoint groups. */
    record Site(String account, String service, String ikePolicy, String ipsecPolicy, String localGroup,
            String peerGroup) {

        /** A site connection body with these resources and the given extra attributes (single-quoted JSON). */
        String body(String peerAddress, String extra) {
            return json("{'ipsec_site_connection': {'vpnservice_id': '" + service + "', 'ikepolicy_id': '" + ikePolicy
                    + "', 'ipsecpolicy_id': '" + ipsecPolicy + "', 'local_ep_group_id': '" + localGroup
                    + "', 'peer_ep_group_id': '" + peerGroup + "', 'peer_address': '" + peerAddress + "', 'peer_id': '"
                    + peerAddress + "', 'psk': 'secret-psk-1'" + (extra.isEmpty() ? "" : ", " + extra) + "}}");
        }

        String createSite(String peerAddress, String extra) {
            return as(account).body(body(peerAddress, extra)).post(SITES).then().statusCode(201)
                    .extract().path("ipsec_site_connection.id");
        }
    }

    private NeutronFixture() {
    }

    static String create(String account, String path, String singular, String attributes) {
        return as(account).body(json("{'" + singular + "': " + attributes + "}")).post(path).then().statusCode(201)
                .extract().path(singular + ".id");
    }

    /** A create that Neutron refuses with 400, this fault type and a message containing {@code message}. */
    static void refused(String account, String path, String singular, String attributes, String type,
            String message) {
        as(account).body(json("{'" + singular + "': " + attributes + "}")).post(path)
                .then().statusCode(400).body("NeutronError.type", equalTo(type))
                .body("NeutronError.message", containsString(message)).body("NeutronError.detail", equalTo(""));
    }

    static Site site(String account, String router, String ikeAttributes, String localCidrs, String peerCidrs) {
        return new Site(account,
                create(account, "/v2.0/vpn/vpnservices", "vpnservice", "{'router_id': '" + router + "'}"),
                create(account, "/v2.0/vpn/ikepolicies", "ikepolicy", ikeAttributes),
                create(account, "/v2.0/vpn/ipsecpolicies", "ipsecpolicy", "{'pfs': 'group14', 'auth_algorithm': 'sha256',"
                        + " 'encryption_algorithm': 'aes-192', 'lifetime': {'value': 1800}}"),
                create(account, "/v2.0/vpn/endpoint-groups", "endpoint_group", "{'type': 'subnet', 'endpoints': "
                        + localCidrs + "}"),
                create(account, "/v2.0/vpn/endpoint-groups", "endpoint_group", "{'type': 'cidr', 'endpoints': "
                        + peerCidrs + "}"));
    }

    static Site site(String account, String router) {
        return site(account, router, "{'auth_algorithm': 'sha256', 'encryption_algorithm': 'aes-256', 'pfs': 'group14',"
                + " 'lifetime': {'value': 28800}}", "['10.1.0.0/24']", "['192.168.80.0/24']");
    }
}
