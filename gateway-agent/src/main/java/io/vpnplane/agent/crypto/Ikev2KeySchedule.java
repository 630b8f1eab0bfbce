package io.vpnplane.agent.crypto;

import java.util.Optional;

/**
 * IKEv2 key derivation (RFC 7296 §2.13, §2.14, §2.17, §2.18). Stateless and thread-safe: each call
 * creates its own {@link Prf}.
 */
public final class Ikev2KeySchedule {

    private Ikev2KeySchedule() {
    }

    /**
     * Keys of a new IKE SA from IKE_SA_INIT: SKEYSEED = prf(Ni | Nr, g^ir), then
     * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
     *
     * @param nonceI Ni, the nonce data without payload header
     * @param sharedSecret g^ir from {@link KeyExchange#sharedSecret(byte[])}
     * @param spiI the initiator's IKE SPI (8 bytes, big-endian on the wire)
     */
    public static IkeSaKeys initialIkeSa(IkeSaTransforms transforms, byte[] nonceI, byte[] nonceR,
            byte[] sharedSecret, long spiI, long spiR) {
        Prf prf = transforms.prf().newPrf();
        byte[] skeyseed = prf.compute(Octets.concat(nonceI, nonceR), sharedSecret);
        return expand(prf, transforms, skeyseed, nonceI, nonceR, spiI, spiR);
    }

    /**
     * Keys of the IKE SA that replaces an old one (CREATE_CHILD_SA rekey, §2.18):
     * SKEYSEED = prf_old(SK_d old, g^ir new | Ni | Nr) with the OLD SA's PRF, then prf+ of the NEW
     * SA's PRF over Ni | Nr | SPIi | SPIr with the new nonces and SPIs.
     */
    public static IkeSaKeys rekeyedIkeSa(PseudoRandomFunction oldPrf, byte[] oldSkD, IkeSaTransforms newTransforms,
            byte[] newSharedSecret, byte[] nonceI, byte[] nonceR, long spiI, long spiR) {
        byte[] skeyseed = oldPrf.newPrf().compute(oldSkD, newSharedSecret, nonceI, nonceR);
        return expand(newTransforms.prf().newPrf(), newTransforms, skeyseed, nonceI, nonceR, spiI, spiR);
    }

    /**
     * CHILD_SA keys (§2.17): KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr), split as
     * encr_i | integ_i | encr_r | integ_r. The first CHILD_SA (from IKE_AUTH) has no shared secret;
     * with PFS a CREATE_CHILD_SA exchange supplies one.
     *
     * @param prf the IKE SA's PRF
     * @param nonceI the nonces of the exchange that creates the SA (IKE_SA_INIT nonces for the first)
     */
    public static ChildSaKeys childSa(PseudoRandomFunction prf, byte[] skD, ChildSaTransforms transforms,
            Optional<byte[]> pfsSharedSecret, byte[] nonceI, byte[] nonceR) {
        int encryptionLength = transforms.encryption().keyMaterialLength();
        int integrityLength = transforms.integrity().map(IntegrityAlgorithm::keyLength).orElse(0);
        byte[] seed = pfsSharedSecret.map(secret -> Octets.concat(secret, nonceI, nonceR))
                .orElseGet(() -> Octets.concat(nonceI, nonceR));
        byte[] keymat = prf.newPrf().prfPlus(skD, seed, 2 * (encryptionLength + integrityLength));
        KeySplitter split = new KeySplitter(keymat);
        byte[] encryptionI = split.next(encryptionLength);
        byte[] integrityI = split.next(integrityLength);
        byte[] encryptionR = split.next(encryptionLength);
        byte[] integrityR = split.next(integrityLength);
        return new ChildSaKeys(transforms, encryptionI, integrityI, encryptionR, integrityR);
    }

    private static IkeSaKeys expand(Prf prf, IkeSaTransforms transforms, byte[] skeyseed, byte[] nonceI,
            byte[] nonceR, long spiI, long spiR) {
        int prfKeyLength = transforms.prf().preferredKeyLength();
        int integrityLength = transforms.integrity().map(IntegrityAlgorithm::keyLength).orElse(0);
        int encryptionLength = transforms.encryption().keyMaterialLength();
        byte[] seed = Octets.concat(nonceI, nonceR, Octets.bigEndian(spiI), Octets.bigEndian(spiR));
        byte[] material = prf.prfPlus(skeyseed, seed,
                3 * prfKeyLength + 2 * integrityLength + 2 * encryptionLength);
        KeySplitter split = new KeySplitter(material);
        return new IkeSaKeys(transforms, split.next(prfKeyLength), split.next(integrityLength),
                split.next(integrityLength), split.next(encryptionLength), split.next(encryptionLength),
                split.next(prfKeyLength), split.next(prfKeyLength));
    }

    /** Takes consecutive keys off a prf+ stream. */
    private static final class KeySplitter {
        private final byte[] material;
        private int offset;

        KeySplitter(byte[] material) {
            this.material = material;
        }

        byte[] next(int length) {
            byte[] key = Octets.slice(material, offset, length);
            offset += length;
            return key;
        }
    }
}
