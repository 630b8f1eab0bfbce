package io.vpnplane.connection.secrets;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.connection.ipsec.PreSharedKey;
import io.vpnplane.connection.validation.ResourceNotFound;

/**
 * Tunnels' pre-shared keys, AES-GCM encrypted with {@code vpnplane.secrets.key} (REQ-TUN-002: never in plain
 * text at rest, never in plain text in events; events carry them sealed with the transit key instead). Written in the transaction of the command that created or changed the key.
 */
@Singleton
public class PreSharedKeyStore {

    private final SecretBox box;

    @Inject
    public PreSharedKeyStore(@ConfigProperty(name = "vpnplane.secrets.key") String key) {
        this.box = SecretBox.fromBase64(key);
    }

    public Uni<Void> store(SqlConnection tx, String connectionId, Map<String, PreSharedKey> keys,
            Map<String, Integer> versions) {
        return Multi.createFrom().iterable(keys.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> {
                    int version = versions.get(entry.getKey());
                    SecretBox.Sealed sealed = box.seal(entry.getValue().reveal(),
                            aad(connectionId, entry.getKey(), version));
                    return tx.preparedQuery("""
                            INSERT INTO tunnel_pre_shared_key (connection_id, tunnel_id, key_version, nonce, ciphertext)
                            VALUES ($1, $2, $3, $4, $5)
                            ON CONFLICT (connection_id, tunnel_id)
                            DO UPDATE SET key_version = $3, nonce = $4, ciphertext = $5, updated_at = now()""")
                            .execute(Tuple.of(connectionId, entry.getKey(), version,
                                    io.vertx.core.buffer.Buffer.buffer(sealed.nonce()),
                                    io.vertx.core.buffer.Buffer.buffer(sealed.ciphertext())));
                })
                .collect().last().replaceWithVoid();
    }

    public Uni<PreSharedKey> read(SqlClient client, String connectionId, String tunnelId) {
        return client.preparedQuery("SELECT key_version, nonce, ciphertext FROM tunnel_pre_shared_key"
                        + " WHERE connection_id = $1 AND tunnel_id = $2")
                .execute(Tuple.of(connectionId, tunnelId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ResourceNotFound("NotFound.PreSharedKey", "no key stored for tunnel " + tunnelId);
                    }
                    var row = rows.iterator().next();
                    String key = box.open(new SecretBox.Sealed(row.getBuffer("nonce").getBytes(),
                            row.getBuffer("ciphertext").getBytes()), aad(connectionId, tunnelId,
                            row.getInteger("key_version")));
                    return PreSharedKey.parse(key).orElseThrow();
                });
    }

    public Uni<Void> deleteAll(SqlConnection tx, String connectionId) {
        return tx.preparedQuery("DELETE FROM tunnel_pre_shared_key WHERE connection_id = $1")
                .execute(Tuple.of(connectionId)).replaceWithVoid();
    }

    private static String aad(String connectionId, String tunnelId, int version) {
        return connectionId + "/" + tunnelId + "/" + version;
    }
}
