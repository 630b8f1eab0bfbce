package io.vpnplane.agent.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestNetwork} with charon on its right side, shared by the tests of one class:
 * {@code @RegisterExtension static final StrongSwanSite SITE = new StrongSwanSite(addressing);}. The class is skipped
 * without root or strongSwan; the network and charon go when it is done.
 */
public final class StrongSwanSite implements BeforeAllCallback, AfterAllCallback {

    private final TestNetwork.Addressing addressing;
    private TestNetwork network;
    private StrongSwanPeer strongSwan;

    public StrongSwanSite(TestNetwork.Addressing addressing) {
        this.addressing = addressing;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(HostCommands.runningAsRoot(), "interop tests need root (network namespaces)");
        assumeTrue(StrongSwanPeer.isInstalled(), "interop tests need strongswan-charon and strongswan-swanctl");
        network = TestNetwork.create(addressing);
        try {
            strongSwan = StrongSwanPeer.start(network.right(), Files.createTempDirectory("strongswan-site").resolve("right"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (strongSwan != null) {
            strongSwan.close();
        }
        if (network != null) {
            network.close();
        }
    }

    public TestNetwork network() {
        return network;
    }

    public StrongSwanPeer strongSwan() {
        return strongSwan;
    }
}
