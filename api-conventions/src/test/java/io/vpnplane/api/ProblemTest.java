package io.vpnplane.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemTest {

    @Test
    void invalidParameterCodeComesFromTheLastMember() {
        assertThat(Problem.invalidParameterCode("tunnels[1].bgp.tunnelCidr")).isEqualTo("InvalidParameter.TunnelCidr");
        assertThat(Problem.invalidParameterCode("peer_cidrs[2]")).isEqualTo("InvalidParameter.PeerCidrs");
        assertThat(Problem.invalidParameterCode("ipsec_site_connection.dpd.timeout")).isEqualTo("InvalidParameter.Timeout");
        assertThat(Problem.invalidParameterCode("If-Match")).isEqualTo("InvalidParameter.IfMatch");
        assertThat(Problem.invalidParameterCode("")).isEqualTo("InvalidParameter.Body");
    }

    @Test
    void typeAndTitleFollowTheCategory() {
        Problem problem = Problem.of(409, "Conflict.Version", "stale");
        assertThat(problem.type()).hasToString("https://vpnplane.local/problems/Conflict");
        assertThat(problem.title()).isEqualTo("Conflict");
        assertThat(Problem.of(422, "Unprocessable", "x").title()).isEqualTo("Client Error");
    }

    @Test
    void factoriesSetStatusCodeAndField() {
        Problem invalid = ApiProblemException.invalidParameter("tunnels[0].psk", "too short").problem();
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("InvalidParameter.Psk");
        assertThat(invalid.field()).isEqualTo("tunnels[0].psk");
        assertThat(invalid.errors()).isEmpty();

        Problem explicit = ApiProblemException.invalidParameter(
                new Problem.FieldError("InvalidParameter.RoutingRequiresIkeV2", "localSubnets", "needs IKEv2")).problem();
        assertThat(explicit.code()).isEqualTo("InvalidParameter.RoutingRequiresIkeV2");

        assertThat(ApiProblemException.notFound("CustomerGateway", "cgw-1").problem().code()).isEqualTo("NotFound.CustomerGateway");
        assertThat(ApiProblemException.conflict("InUse", "busy").problem().status()).isEqualTo(409);
        assertThat(ApiProblemException.versionConflict(4).problem().code()).isEqualTo("Conflict.Version");
        assertThat(ApiProblemException.preconditionFailed(3, 4).problem().status()).isEqualTo(412);
        assertThat(ApiProblemException.unauthorized("Unauthorized.InvalidToken", "bad").problem().status()).isEqualTo(401);
        assertThatThrownBy(() -> ApiProblemException.invalidParameters(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
