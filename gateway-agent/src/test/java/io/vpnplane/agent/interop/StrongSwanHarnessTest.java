package io.vpnplane.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the interop harness with strongSwan on both sides, exactly the recipe of interop-recipes.md:
 * IKEv2, PSK, aes128-sha1-modp1024, UDP encapsulation, kernel-libipsec. Runs as root with strongSwan
 * installed (CI); skipped elsewhere.
 */
@Tag("interop")
class StrongSwanHarnessTest {

    private static final String PSK = "fddsFF123abc";
    private static final IkeSaTransforms SEED_DEFAULT_IKE = IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC,
            IntegrityAlgorithm.HMAC_SHA1_96, DiffieHellmanGroup.MODP_1024);
    private static final ChildSaTransforms SEED_DEFAULT_ESP = new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
            Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024));

    @TempDir
    static Path home;

    private static TestNetwork network;
    private static StrongSwanPeer left;
    private static StrongSwanPeer right;

    @BeforeAll
    static void startPeers() {
        assumeTrue(HostCommands.runningAsRoot(), "interop tests need root (network namespaces)");
        assumeTrue(StrongSwanPeer.isInstalled(), "interop tests need strongswan-charon and strongswan-swanctl");
        network = TestNetwork.create();
        left = StrongSwanPeer.start(network.left(), home.resolve("left"));
        right = StrongSwanPeer.start(network.right(), home.resolve("right"));
        left.load(connection(network.leftAddress(), network.rightAddress(), network.leftInner(), network.rightInner()));
        right.load(connection(network.rightAddress(), network.leftAddress(), network.rightInner(), network.leftInner()));
    }

    private static SwanctlConnection connection(String local, String remote, String localInner, String remoteInner) {
        return SwanctlConnection.builder("t1")
                .addresses(local, remote)
                .presharedKey(PSK)
                .ikeProposals(SEED_DEFAULT_IKE)
                .espProposals(SEED_DEFAULT_ESP)
                .child("c1", localInner + "/32", remoteInner + "/32")
                .dpdDelay(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stopPeers() {
        if (left != null) {
            left.close();
        }
        if (right != null) {
            right.close();
        }
        if (network != null) {
            network.close();
        }
    }

    // REQ-GW-001 / REQ-TUN-007: IKEv2 + ESP in UDP between two gateways; the harness must carry it.
    @Test
    void twoStrongSwanPeersEstablishIkev2AndCarryPingThroughTheTunnel() {
        CommandResult initiated = left.initiate("c1", Duration.ofSeconds(15));
        assertThat(initiated.succeeded()).as(() -> initiated.describe() + "\nleft log:\n" + left.log()
                + "\nright log:\n" + right.log()).isTrue();

        StrongSwanSa.IkeSa leftSa = left.awaitIkeSa("t1", sa -> sa.established()
                && sa.child("c1").map(StrongSwanSa.ChildSa::installed).orElse(false), Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("left has no established SA\n" + left.log()));
        StrongSwanSa.IkeSa rightSa = right.awaitIkeSa("t1", sa -> sa.established()
                && sa.child("c1").map(StrongSwanSa.ChildSa::installed).orElse(false), Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("right has no established SA\n" + right.log()));

        assertThat(leftSa.version()).isEqualTo(2);
        assertThat(leftSa.initiator()).isTrue();
        assertThat(rightSa.initiator()).isFalse();
        assertThat(leftSa.initiatorSpi()).isEqualTo(rightSa.initiatorSpi());
        assertThat(leftSa.responderSpi()).isEqualTo(rightSa.responderSpi());
        assertThat(leftSa.encryptionAlgorithm()).contains("AES_CBC");
        assertThat(leftSa.encryptionKeySize()).contains("128");
        assertThat(leftSa.integrityAlgorithm()).contains("HMAC_SHA1_96");
        assertThat(leftSa.prfAlgorithm()).contains("PRF_HMAC_SHA1");
        assertThat(leftSa.dhGroup()).contains("MODP_1024");
        assertThat(leftSa.localId()).isEqualTo(network.leftAddress());
        assertThat(leftSa.remoteId()).isEqualTo(network.rightAddress());

        StrongSwanSa.ChildSa leftChild = leftSa.child("c1").orElseThrow();
        StrongSwanSa.ChildSa rightChild = rightSa.child("c1").orElseThrow();
        assertThat(leftChild.encapsulated()).isTrue();
        assertThat(leftChild.protocol()).isEqualTo("ESP");
        assertThat(leftChild.spiIn()).isEqualTo(rightChild.spiOut());
        assertThat(leftChild.spiOut()).isEqualTo(rightChild.spiIn());
        assertThat(leftChild.localTrafficSelectors()).containsExactly(network.leftInner() + "/32");
        assertThat(leftChild.remoteTrafficSelectors()).containsExactly(network.rightInner() + "/32");

        CommandResult ping = network.pingLeftToRightInner(3);
        assertThat(ping.succeeded()).as(() -> ping.describe() + "\nleft log:\n" + left.log()).isTrue();
        CommandResult pingBack = network.pingRightToLeftInner(1);
        assertThat(pingBack.succeeded()).as(pingBack::describe).isTrue();

        StrongSwanSa.ChildSa afterPing = left.listSas().getFirst().child("c1").orElseThrow();
        assertThat(afterPing.packetsOut()).isGreaterThanOrEqualTo(3);
        assertThat(afterPing.packetsIn()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void strongSwanOffersEveryAlgorithmOfTheCatalogue() {
        Map<String, List<String>> offered = left.listAlgorithms();

        // strongSwan's names are our keywords in capitals with an underscore before the number: modp1024 -> MODP_1024.
        List<String> groups = Arrays.stream(DiffieHellmanGroup.values())
                .map(group -> group.strongSwanKeyword().toUpperCase().replaceFirst("(\\D+)(\\d+)", "$1_$2"))
                .toList();
        assertThat(groups).containsExactly("MODP_768", "MODP_1024", "MODP_1536", "MODP_2048", "ECP_256", "ECP_384",
                "CURVE_25519");
        assertThat(offered.get("dh")).containsAll(groups);

        assertThat(offered.get("integrity")).containsAll(
                Arrays.stream(IntegrityAlgorithm.values()).map(Enum::name).toList());
        assertThat(offered.get("prf")).containsAll(
                Arrays.stream(PseudoRandomFunction.values()).map(prf -> "PRF_" + prf.name()).toList());
        assertThat(offered.get("encryption")).contains("DES_CBC", "3DES_CBC", "AES_CBC");
        assertThat(offered.get("aead")).contains("AES_GCM_16");
    }

    @Test
    void jvmCodeCanOpenSocketsInsideANamespace() throws Exception {
        // The way an in-process IKE engine under test binds to the left gateway address.
        DatagramChannel receiver = network.right().callInside(() ->
                DatagramChannel.open().bind(new InetSocketAddress(network.rightAddress(), 0)));
        DatagramChannel sender = network.left().callInside(() ->
                DatagramChannel.open().bind(new InetSocketAddress(network.leftAddress(), 0)));
        try (receiver; sender) {
            sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), receiver.getLocalAddress());
            ByteBuffer buffer = ByteBuffer.allocate(16);
            InetSocketAddress from = (InetSocketAddress) receiver.receive(buffer);
            assertThat(from.getAddress().getHostAddress()).isEqualTo(network.leftAddress());
            assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }
}
