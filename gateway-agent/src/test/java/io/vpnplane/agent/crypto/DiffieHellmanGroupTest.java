package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

// REQ-TUN-004 / REQ-TUN-005: group1, group2, group5, group14 (+ ecp256, ecp384, curve25519).
class DiffieHellmanGroupTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(DiffieHellmanGroup.class)
    void twoPartiesAgreeOnFixedLengthValues(DiffieHellmanGroup group) throws Exception {
        KeyExchange initiator = group.newKeyExchange(RANDOM);
        KeyExchange responder = group.newKeyExchange(RANDOM);

        assertThat(initiator.publicValue()).hasSize(group.publicValueLength());
        byte[] secretI = initiator.sharedSecret(responder.publicValue());
        byte[] secretR = responder.sharedSecret(initiator.publicValue());
        assertThat(secretI).hasSize(group.sharedSecretLength()).isEqualTo(secretR);
        assertThat(initiator.publicValue()).isNotEqualTo(responder.publicValue());
    }

    /**
     * RFC 2409 §6 and RFC 3526 define each prime as 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) * pi) + k);
     * recomputing it from pi proves the hex constants carry no typo.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"MODP_768, 768, 149686", "MODP_1024, 1024, 129093", "MODP_1536, 1536, 741804",
        "MODP_2048, 2048, 124476"})
    void modpPrimesAreTheRfcPrimes(DiffieHellmanGroup group, int bits, long offset) {
        BigInteger twoToTheN = BigInteger.ONE.shiftLeft(bits);
        BigInteger piPart = new BigDecimal(BigInteger.ONE.shiftLeft(bits - 130)).multiply(pi(700))
                .setScale(0, RoundingMode.FLOOR).toBigInteger();
        BigInteger expected = twoToTheN.subtract(BigInteger.ONE.shiftLeft(bits - 64)).subtract(BigInteger.ONE)
                .add(BigInteger.ONE.shiftLeft(64).multiply(piPart.add(BigInteger.valueOf(offset))));

        BigInteger prime = ModpKeyExchange.prime(group);
        assertThat(prime).isEqualTo(expected);
        assertThat(prime.bitLength()).isEqualTo(bits).isEqualTo(group.publicValueLength() * 8);
    }

    /** pi to {@code digits} decimal digits by Machin's formula. */
    private static BigDecimal pi(int digits) {
        MathContext context = new MathContext(digits + 10);
        return arctanOfInverse(5, context).multiply(BigDecimal.valueOf(16))
                .subtract(arctanOfInverse(239, context).multiply(BigDecimal.valueOf(4)));
    }

    private static BigDecimal arctanOfInverse(int x, MathContext context) {
        BigDecimal xSquared = BigDecimal.valueOf((long) x * x);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(x), context);
        BigDecimal sum = power;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(context.getPrecision());
        for (int n = 3; power.compareTo(epsilon) > 0; n += 2) {
            power = power.divide(xSquared, context);
            BigDecimal term = power.divide(BigDecimal.valueOf(n), context);
            sum = ((n / 2) % 2 == 1) ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }

    @Test
    void modpKnownPrivateKeyGivesTwoToThePower() throws Exception {
        KeyExchange exchange = DiffieHellmanGroup.MODP_1024.keyExchangeFromPrivateKey(new byte[] {10});
        byte[] expected = new byte[128];
        expected[126] = 0x04; // 2^10 = 0x0400, left-padded to the prime's length
        assertThat(exchange.publicValue()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"MODP_768", "MODP_1024", "MODP_1536", "MODP_2048"})
    void modpRejectsDegenerateAndOutOfRangeValues(DiffieHellmanGroup group) {
        KeyExchange exchange = group.newKeyExchange(RANDOM);
        BigInteger p = ModpKeyExchange.prime(group);
        int length = group.publicValueLength();
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p}) {
            byte[] value = Octets.unsignedFixedLength(bad, length);
            assertThatThrownBy(() -> exchange.sharedSecret(value)).isInstanceOf(InvalidKeyExchangeValueException.class);
        }
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[length - 1]))
                .isInstanceOf(InvalidKeyExchangeValueException.class);
        byte[] two = Octets.unsignedFixedLength(BigInteger.TWO, length);
        assertThat(catchSecret(exchange, two)).hasSize(length);
    }

    private static byte[] catchSecret(KeyExchange exchange, byte[] value) {
        try {
            return exchange.sharedSecret(value);
        } catch (InvalidKeyExchangeValueException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ecp256MatchesRfc5903Section8_1() throws Exception {
        String gix = "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180";
        String giy = "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
        String grx = "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63";
        String gry = "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
        String girx = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

        KeyExchange initiator = DiffieHellmanGroup.ECP_256.keyExchangeFromPrivateKey(
                HEX.parseHex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
        KeyExchange responder = DiffieHellmanGroup.ECP_256.keyExchangeFromPrivateKey(
                HEX.parseHex("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"));

        assertThat(initiator.publicValue()).isEqualTo(HEX.parseHex(gix + giy));
        assertThat(responder.publicValue()).isEqualTo(HEX.parseHex(grx + gry));
        assertThat(initiator.sharedSecret(HEX.parseHex(grx + gry))).isEqualTo(HEX.parseHex(girx));
        assertThat(responder.sharedSecret(HEX.parseHex(gix + giy))).isEqualTo(HEX.parseHex(girx));
    }

    @Test
    void ecp384MatchesRfc5903Section8_2() throws Exception {
        KeyExchange initiator = DiffieHellmanGroup.ECP_384.keyExchangeFromPrivateKey(HEX.parseHex(
                "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194"));
        byte[] gr = HEX.parseHex(
                "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"
                + "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c");
        assertThat(initiator.sharedSecret(gr)).isEqualTo(HEX.parseHex(
                "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"));
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"ECP_256", "ECP_384"})
    void ecpRejectsPointsOffTheCurveAndWrongLengths(DiffieHellmanGroup group) {
        KeyExchange exchange = group.newKeyExchange(RANDOM);
        byte[] offCurve = group.newKeyExchange(RANDOM).publicValue();
        offCurve[offCurve.length - 1] ^= 1;
        assertThatThrownBy(() -> exchange.sharedSecret(offCurve)).isInstanceOf(InvalidKeyExchangeValueException.class);
        byte[] zeros = new byte[group.publicValueLength()];
        assertThatThrownBy(() -> exchange.sharedSecret(zeros)).isInstanceOf(InvalidKeyExchangeValueException.class);
        byte[] withPrefix = Octets.concat(new byte[] {4}, group.newKeyExchange(RANDOM).publicValue());
        assertThatThrownBy(() -> exchange.sharedSecret(withPrefix))
                .isInstanceOf(InvalidKeyExchangeValueException.class);
    }

    @Test
    void x25519MatchesRfc7748Section6_1() throws Exception {
        String alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
        String bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        KeyExchange alice = DiffieHellmanGroup.CURVE_25519.keyExchangeFromPrivateKey(
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        KeyExchange bob = DiffieHellmanGroup.CURVE_25519.keyExchangeFromPrivateKey(
                HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));

        assertThat(alice.publicValue()).isEqualTo(HEX.parseHex(alicePublic));
        assertThat(bob.publicValue()).isEqualTo(HEX.parseHex(bobPublic));
        assertThat(alice.sharedSecret(HEX.parseHex(bobPublic))).isEqualTo(HEX.parseHex(shared));
        assertThat(bob.sharedSecret(HEX.parseHex(alicePublic))).isEqualTo(HEX.parseHex(shared));
    }

    @ParameterizedTest(name = "RFC 7748 §5.2 vector {index}")
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4, "
                + "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c, "
                + "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        // The input u-coordinate has its top bit set, which X25519 must ignore.
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d, "
                + "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493, "
                + "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"
    })
    void x25519MatchesRfc7748Section5_2(String scalar, String u, String expected) throws Exception {
        KeyExchange exchange = DiffieHellmanGroup.CURVE_25519.keyExchangeFromPrivateKey(HEX.parseHex(scalar));
        assertThat(exchange.sharedSecret(HEX.parseHex(u))).isEqualTo(HEX.parseHex(expected));
    }

    @Test
    void x25519RejectsSmallOrderPointsAndWrongLengths() {
        KeyExchange exchange = DiffieHellmanGroup.CURVE_25519.newKeyExchange(RANDOM);
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> exchange.sharedSecret(zero)).isInstanceOf(InvalidKeyExchangeValueException.class);
        assertThatThrownBy(() -> exchange.sharedSecret(one)).isInstanceOf(InvalidKeyExchangeValueException.class);
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[31]))
                .isInstanceOf(InvalidKeyExchangeValueException.class);
    }
}
