package io.vpnplane.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import io.vpnplane.bgp.rib.PathKind;
import org.junit.jupiter.api.Test;

class AsnConsistencyCheckTest {

    private final AsnConsistencyCheck check = new AsnConsistencyCheck();

    private static SessionSpec session(String id, PathKind kind, long peerAsn) {
        return new SessionSpec(id, "acct-1", "vgw-1", kind, new Asn(45104), new Asn(peerAsn), "10.0.0.1", "10.0.0.2",
                Optional.empty(), Optional.empty());
    }

    @Test
    void sameAsnOnBothPathsIsFine() { // REQ-X-004
        assertThat(check.check("vgw-1", List.of(session("vbr", PathKind.LEASED_LINE, 65530), session("t1", PathKind.IPSEC, 65530),
                session("t2", PathKind.IPSEC, 65530)))).isEmpty();
    }

    @Test
    void differentAsnsWarnWithBoth() { // REQ-X-004
        var warning = check.check("vgw-1", List.of(session("vbr", PathKind.LEASED_LINE, 65530), session("t1", PathKind.IPSEC, 65531)));
        assertThat(warning).hasValueSatisfying(w -> {
            assertThat(w.leasedLinePeerAsns()).containsExactly(65530L);
            assertThat(w.ipsecPeerAsns()).containsExactly(65531L);
            assertThat(w.message()).contains("65530", "65531", "REQ-X-004");
        });
    }

    @Test
    void onlyOneKindOfPathNeedsNoCheck() {
        assertThat(check.check("vgw-1", List.of(session("t1", PathKind.IPSEC, 65530), session("t2", PathKind.IPSEC, 65531)))).isEmpty();
    }
}
