package io.vpnplane.connection.secrets;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vpnplane.events.secret.TransitKey;

/**
 * The transit key shared with tunnel-service only: every tunnel's pre-shared key is sealed with it in the connection
 * events (docs/architecture.md, "Secrets"). {@code vpnplane.secrets.transit-key}, base64 of 32 bytes; no production
 * default, so the service refuses to start without it.
 */
@Singleton
public class TransitKeyConfig {

    @Produces
    @Singleton
    TransitKey transitKey(@ConfigProperty(name = "vpnplane.secrets.transit-key") String key) {
        return TransitKey.fromBase64(key);
    }
}
