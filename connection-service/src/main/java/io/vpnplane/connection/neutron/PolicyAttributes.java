package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The attributes IKE and IPsec policies share: Neutron's allowed values, the subset the native API runs (cloud B's
 * REQ-B-005/006 plus what Neutron adds and the native API supports: sha384, sha512, 3des), defaults, the lifetime
 * dictionary, and the spellings of the native connection.
 */
final class PolicyAttributes {

    static final List<String> NEUTRON_AUTH = List.of("sha1", "sha256", "sha384", "sha512", "aes-xcbc", "aes-cmac");
    static final List<String> SUPPORTED_AUTH = List.of("sha1", "sha256", "sha384", "sha512");
    static final List<String> NEUTRON_ENCRYPTION = List.of("3des", "aes-128", "aes-192", "aes-256",
            "aes-128-ccm-8", "aes-192-ccm-8", "aes-256-ccm-8", "aes-128-ccm-12", "aes-192-ccm-12", "aes-256-ccm-12",
            "aes-128-ccm-16", "aes-192-ccm-16", "aes-256-ccm-16", "aes-128-gcm-8", "aes-192-gcm-8", "aes-256-gcm-8",
            "aes-128-gcm-12", "aes-192-gcm-12", "aes-256-gcm-12", "aes-128-gcm-16", "aes-192-gcm-16",
            "aes-256-gcm-16");
    /** REQ-B-005/006: AES-128/192/256; 3des as the native API also runs it (not recommended). */
    static final List<String> SUPPORTED_ENCRYPTION = List.of("3des", "aes-128", "aes-192", "aes-256");
    /** Neutron spelling → native spelling. */
    private static final Map<String, String> NATIVE_ENCRYPTION = Map.of("3des", "3des", "aes-128", "aes",
            "aes-192", "aes192", "aes-256", "aes256");
    static final List<String> NEUTRON_PFS = List.of("group2", "group5", "group14", "group15", "group16", "group17",
            "group18", "group19", "group20", "group21", "group22", "group23", "group24", "group25", "group26",
            "group27", "group28", "group29", "group30", "group31");
    /** REQ-B-005/006: PFS group2, group5 or group14. */
    static final List<String> SUPPORTED_PFS = List.of("group2", "group5", "group14");

    static final String DEFAULT_AUTH = "sha1";
    static final String DEFAULT_ENCRYPTION = "aes-128";
    static final String DEFAULT_PFS = "group5";
    static final int DEFAULT_LIFETIME_SECONDS = 3600;
    /** REQ-B-005/006: lifetimes 60–86400 s. */
    static final int MIN_LIFETIME_SECONDS = 60;
    static final int MAX_LIFETIME_SECONDS = 86_400;

    /**
     * How a policy kind words the refusal of a value Neutron knows but this cloud does not run, as Neutron's
     * drivers do: {@code IkeValidationFailure} "IKE does not support ikepolicy attribute pfs with value 'group19'".
     */
    record Refusals(String type, String protocol, String resource) {

        NeutronRefusal unsupported(String attribute, String value) {
            return NeutronRefusal.typed(type, protocol + " does not support " + resource + " attribute " + attribute
                    + " with value '" + value + "'");
        }
    }

    private PolicyAttributes() {
    }

    /** The attribute's value if given (else {@code current}): one of Neutron's values and one the service runs. */
    static String supported(JsonNode resource, String attribute, List<String> neutron, List<String> supported,
            String current, Refusals refusals) {
        String value = NeutronBodies.value(resource, attribute, neutron).orElse(current);
        if (!supported.contains(value)) {
            throw refusals.unsupported(attribute, value);
        }
        return value;
    }

    /** Neutron's {@code lifetime} dictionary; keys not given keep {@code current}. */
    static int lifetime(JsonNode resource, int current) {
        JsonNode lifetime = resource.get("lifetime");
        if (lifetime == null || lifetime.isNull()) {
            return current;
        }
        if (!lifetime.isObject()) {
            throw NeutronRefusal.invalidInput("lifetime", "'" + lifetime + "' is not a dictionary");
        }
        lifetime.fieldNames().forEachRemaining(key -> {
            if (!Set.of("units", "value").contains(key)) {
                throw NeutronRefusal.invalidInput("lifetime", "Validation of dictionary's keys failed. Expected keys:"
                        + " {'units', 'value'} Provided keys: {'" + key + "'}");
            }
        });
        NeutronBodies.value(lifetime, "units", List.of("seconds"));
        int value = NeutronBodies.integer(lifetime, "value", "lifetime").orElse(current);
        if (value < MIN_LIFETIME_SECONDS || value > MAX_LIFETIME_SECONDS) {
            throw NeutronRefusal.invalidInput("lifetime", "'" + value + "' is not in range " + MIN_LIFETIME_SECONDS
                    + " through " + MAX_LIFETIME_SECONDS);
        }
        return value;
    }

    static ObjectNode lifetimeView(int seconds) {
        return JsonNodeFactory.instance.objectNode().put("units", "seconds").put("value", seconds);
    }

    /** The native connection's spelling of a supported Neutron encryption algorithm. */
    static String nativeEncryption(String neutron) {
        String spelled = NATIVE_ENCRYPTION.get(neutron);
        if (spelled == null) {
            throw new IllegalStateException("stored policy has unsupported encryption " + neutron);
        }
        return spelled;
    }

    /** The view members every policy has. */
    static ObjectNode common(String id, String account, String name, String description) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("tenant_id", account)
                .put("project_id", account).put("name", name).put("description", description);
    }
}
