package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.ikev1.message.Attribute;
import io.vpnplane.agent.ikev1.message.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The IKEv1 numbering of the shared crypto catalogue: phase-1 attributes (RFC 2409 App. A) and IPsec DOI
 * attributes for quick mode (RFC 2407 §4.5, RFC 3947 §5 for UDP encapsulation).
 */
final class Ikev1Attributes {

    // Phase 1 (RFC 2409 App. A)
    static final int P1_ENCRYPTION = 1;
    static final int P1_HASH = 2;
    static final int P1_AUTH_METHOD = 3;
    static final int P1_GROUP = 4;
    static final int P1_LIFE_TYPE = 11;
    static final int P1_LIFE_DURATION = 12;
    static final int P1_KEY_LENGTH = 14;
    static final int AUTH_PRE_SHARED_KEY = 1;
    static final int LIFE_SECONDS = 1;

    // Quick mode (RFC 2407 §4.5)
    static final int P2_LIFE_TYPE = 1;
    static final int P2_LIFE_DURATION = 2;
    static final int P2_GROUP = 3;
    static final int P2_ENCAPSULATION = 4;
    static final int P2_AUTH_ALGORITHM = 5;
    static final int P2_KEY_LENGTH = 6;
    static final int ENCAPSULATION_TUNNEL = 1;
    static final int ENCAPSULATION_UDP_TUNNEL = 3;

    private Ikev1Attributes() {
    }

    /** Phase-1 suite: CBC cipher, hash (its HMAC is the PRF), DH group and lifetime. */
    record Phase1Suite(EncryptionAlgorithm encryption, PseudoRandomFunction hash, DiffieHellmanGroup group,
                       Duration lifetime) {

        /** strongSwan-style proposal text for the admin API, e.g. {@code aes128-sha1-prfsha1-modp1024}. */
        String description() {
            return encryption.strongSwanKeyword() + "-" + integrityFor(hash).strongSwanKeyword() + "-"
                    + hash.strongSwanKeyword() + "-" + group.strongSwanKeyword();
        }
    }

    static int encryptionValue(EncryptionAlgorithm algorithm) {
        return switch (algorithm) {
            case DES_CBC -> 1;
            case TRIPLE_DES_CBC -> 5;
            case AES_128_CBC, AES_192_CBC, AES_256_CBC -> 7;
            default -> throw new IllegalArgumentException(algorithm + " is not an IKEv1 phase-1 cipher");
        };
    }

    static int hashValue(PseudoRandomFunction hash) {
        return switch (hash) {
            case HMAC_MD5 -> 1;
            case HMAC_SHA1 -> 2;
            case HMAC_SHA2_256 -> 4;
            case HMAC_SHA2_384 -> 5;
            case HMAC_SHA2_512 -> 6;
        };
    }

    static int authValue(IntegrityAlgorithm integrity) {
        return switch (integrity) {
            case HMAC_MD5_96 -> 1;
            case HMAC_SHA1_96 -> 2;
            case HMAC_SHA2_256_128 -> 5;
            case HMAC_SHA2_384_192 -> 6;
            case HMAC_SHA2_512_256 -> 7;
        };
    }

    static IntegrityAlgorithm integrityFor(PseudoRandomFunction hash) {
        for (IntegrityAlgorithm integrity : IntegrityAlgorithm.values()) {
            if (integrity.matchingPrf() == hash) {
                return integrity;
            }
        }
        throw new IllegalArgumentException("no integrity algorithm for " + hash);
    }

    /** One phase-1 transform (KEY_IKE) offering the suite with PSK authentication. */
    static Transform phase1Transform(int number, Phase1Suite suite) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.basic(P1_ENCRYPTION, encryptionValue(suite.encryption())));
        suite.encryption().keyLengthAttribute().ifPresent(bits -> attributes.add(Attribute.basic(P1_KEY_LENGTH, bits)));
        attributes.add(Attribute.basic(P1_HASH, hashValue(suite.hash())));
        attributes.add(Attribute.basic(P1_AUTH_METHOD, AUTH_PRE_SHARED_KEY));
        attributes.add(Attribute.basic(P1_GROUP, suite.group().transformId()));
        attributes.add(Attribute.basic(P1_LIFE_TYPE, LIFE_SECONDS));
        attributes.add(Attribute.of(P1_LIFE_DURATION, suite.lifetime().toSeconds()));
        return new Transform(number, Transform.KEY_IKE, attributes);
    }

    /** Reads a phase-1 transform; empty if it uses anything we do not implement (e.g. other auth methods). */
    static Optional<Phase1Suite> phase1Suite(Transform transform) {
        if (transform.transformId() != Transform.KEY_IKE
                || transform.attribute(P1_AUTH_METHOD).map(Attribute::numeric).orElse(0L) != AUTH_PRE_SHARED_KEY) {
            return Optional.empty();
        }
        OptionalInt keyLength = transform.attribute(P1_KEY_LENGTH)
                .map(a -> OptionalInt.of((int) a.numeric())).orElse(OptionalInt.empty());
        Optional<EncryptionAlgorithm> encryption = transform.attribute(P1_ENCRYPTION).flatMap(a -> switch ((int) a.numeric()) {
            case 1 -> Optional.of(EncryptionAlgorithm.DES_CBC);
            case 5 -> Optional.of(EncryptionAlgorithm.TRIPLE_DES_CBC);
            case 7 -> EncryptionAlgorithm.fromTransform(12, keyLength.isPresent() ? keyLength : OptionalInt.of(128));
            default -> Optional.empty();
        });
        Optional<PseudoRandomFunction> hash = transform.attribute(P1_HASH).flatMap(a -> switch ((int) a.numeric()) {
            case 1 -> Optional.of(PseudoRandomFunction.HMAC_MD5);
            case 2 -> Optional.of(PseudoRandomFunction.HMAC_SHA1);
            case 4 -> Optional.of(PseudoRandomFunction.HMAC_SHA2_256);
            case 5 -> Optional.of(PseudoRandomFunction.HMAC_SHA2_384);
            case 6 -> Optional.of(PseudoRandomFunction.HMAC_SHA2_512);
            default -> Optional.empty();
        });
        Optional<DiffieHellmanGroup> group = transform.attribute(P1_GROUP)
                .flatMap(a -> DiffieHellmanGroup.fromTransformId((int) a.numeric()));
        Duration lifetime = lifetime(transform, P1_LIFE_TYPE, P1_LIFE_DURATION).orElse(Duration.ofHours(8));
        if (encryption.isEmpty() || hash.isEmpty() || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Phase1Suite(encryption.get(), hash.get(), group.get(), lifetime));
    }

    /** Quick-mode suite: ESP cipher, integrity, optional PFS group, encapsulation and lifetime. */
    record Phase2Suite(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity,
                       Optional<DiffieHellmanGroup> pfsGroup, int encapsulation, Duration lifetime) {
    }

    static Transform phase2Transform(int number, Phase2Suite suite) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.basic(P2_LIFE_TYPE, LIFE_SECONDS));
        attributes.add(Attribute.of(P2_LIFE_DURATION, suite.lifetime().toSeconds()));
        suite.pfsGroup().ifPresent(g -> attributes.add(Attribute.basic(P2_GROUP, g.transformId())));
        attributes.add(Attribute.basic(P2_ENCAPSULATION, suite.encapsulation()));
        suite.integrity().ifPresent(i -> attributes.add(Attribute.basic(P2_AUTH_ALGORITHM, authValue(i))));
        suite.encryption().keyLengthAttribute().ifPresent(bits -> attributes.add(Attribute.basic(P2_KEY_LENGTH, bits)));
        return new Transform(number, suite.encryption().transformId(), attributes);
    }

    static Optional<Phase2Suite> phase2Suite(Transform transform) {
        OptionalInt keyLength = transform.attribute(P2_KEY_LENGTH)
                .map(a -> OptionalInt.of((int) a.numeric())).orElse(OptionalInt.empty());
        boolean aes = transform.transformId() == 12 || transform.transformId() == 20;
        Optional<EncryptionAlgorithm> encryption = EncryptionAlgorithm.fromTransform(transform.transformId(),
                aes && keyLength.isEmpty() ? OptionalInt.of(128) : keyLength);
        Optional<IntegrityAlgorithm> integrity = Optional.empty();
        Optional<Attribute> auth = transform.attribute(P2_AUTH_ALGORITHM);
        if (auth.isPresent()) {
            integrity = switch ((int) auth.get().numeric()) {
                case 1 -> Optional.of(IntegrityAlgorithm.HMAC_MD5_96);
                case 2 -> Optional.of(IntegrityAlgorithm.HMAC_SHA1_96);
                case 5 -> Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128);
                case 6 -> Optional.of(IntegrityAlgorithm.HMAC_SHA2_384_192);
                case 7 -> Optional.of(IntegrityAlgorithm.HMAC_SHA2_512_256);
                default -> Optional.empty();
            };
            if (integrity.isEmpty()) {
                return Optional.empty();
            }
        }
        Optional<DiffieHellmanGroup> group = Optional.empty();
        Optional<Attribute> groupAttribute = transform.attribute(P2_GROUP);
        if (groupAttribute.isPresent()) {
            group = DiffieHellmanGroup.fromTransformId((int) groupAttribute.get().numeric());
            if (group.isEmpty()) {
                return Optional.empty();
            }
        }
        int encapsulation = transform.attribute(P2_ENCAPSULATION).map(a -> (int) a.numeric()).orElse(ENCAPSULATION_TUNNEL);
        Duration lifetime = lifetime(transform, P2_LIFE_TYPE, P2_LIFE_DURATION).orElse(Duration.ofHours(1));
        if (encryption.isEmpty() || encryption.get().isAead() == integrity.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Phase2Suite(encryption.get(), integrity, group, encapsulation, lifetime));
    }

    /**
     * The seconds lifetime of a transform (a kilobytes lifetime is ignored: we rekey by time only). Zero is
     * treated as absent: taken literally it would make both ends rekey in a tight loop.
     */
    private static Optional<Duration> lifetime(Transform transform, int typeAttribute, int durationAttribute) {
        Optional<Duration> seconds = Optional.empty();
        long type = 0;
        for (Attribute attribute : transform.attributes()) {
            if (attribute.type() == typeAttribute) {
                type = attribute.numeric();
            } else if (attribute.type() == durationAttribute && type == LIFE_SECONDS && attribute.numeric() > 0) {
                seconds = Optional.of(Duration.ofSeconds(attribute.numeric()));
            }
        }
        return seconds;
    }
}
