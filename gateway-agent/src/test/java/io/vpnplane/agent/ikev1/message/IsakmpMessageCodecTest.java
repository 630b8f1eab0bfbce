package io.vpnplane.agent.ikev1.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ISAKMP codec (RFC 2408): round trips, the exact bytes of a main-mode message 1, and hostile lengths. */
class IsakmpMessageCodecTest {

    private static final IsakmpHeader HEADER = new IsakmpHeader(0x0102030405060708L, 0, ExchangeType.MAIN, 0, 0);

    private static SecurityAssociationPayload phase1Sa() {
        return SecurityAssociationPayload.ipsec(List.of(new Proposal(1, Proposal.PROTO_ISAKMP, new byte[0], List.of(
                new Transform(1, Transform.KEY_IKE, List.of(Attribute.basic(1, 7), Attribute.basic(14, 128),
                        Attribute.basic(2, 2), Attribute.basic(3, 1), Attribute.basic(4, 2), Attribute.basic(11, 1),
                        Attribute.of(12, 86400)))))));
    }

    @Test
    void mainModeFirstMessageHasTheRfc2408Layout() throws Exception {
        byte[] encoded = new IsakmpMessage(HEADER, List.of(phase1Sa(), new VendorIdPayload(VendorIds.DPD))).encode();

        // header: cookies, next=SA(1), version 0x10, exchange 2, flags 0, message id 0, length
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(encoded, 28)))
                .isEqualTo("0102030405060708" + "0000000000000000" + "01" + "10" + "02" + "00" + "00000000"
                        + String.format("%08x", encoded.length));
        // SA generic header: next = VID (13); DOI 1, situation 1; proposal: last, protocol ISAKMP, 1 transform
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(encoded, 28, 32 + 8 + 8)))
                .startsWith("0d00").contains("0000000100000001").endsWith("01010001");
        // life duration 86400 does not fit 16 bits: a 4-byte TLV
        assertThat(HexFormat.of().formatHex(encoded)).contains("000c000400015180");
    }

    @Test
    void everyPayloadRoundTrips() throws Exception {
        List<Payload> payloads = List.of(phase1Sa(), new KeyExchangePayload(new byte[] {1, 2, 3}),
                new NoncePayload(new byte[16]), IdentificationPayload.of(IdentificationPayload.ID_FQDN,
                        "gw.example.com".getBytes()),
                new IdentificationPayload(IdentificationPayload.ID_IPV4_ADDR_SUBNET, 17, 500, new byte[8]),
                new HashPayload(new byte[20]),
                NotificationPayload.dpd(NotificationPayload.R_U_THERE, 1, 2, 42),
                DeletePayload.esp(List.of(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8})),
                DeletePayload.isakmp(7, 8), new VendorIdPayload(VendorIds.NAT_T_RFC3947),
                new NatDiscoveryPayload(new byte[20]), new UnknownPayload(130, new byte[] {9}));

        IsakmpMessage.Received decoded = IsakmpMessage.decode(new IsakmpMessage(HEADER, payloads).encode());

        assertThat(decoded.header()).isEqualTo(HEADER);
        assertThat(decoded.payloads()).usingRecursiveFieldByFieldElementComparator().isEqualTo(payloads);
        assertThat(IsakmpMessage.encodeChain(decoded.payloads()))
                .isEqualTo(IsakmpMessage.encodeChain(payloads));
        assertThat(decoded.receivedBody(PayloadType.SECURITY_ASSOCIATION)).hasValueSatisfying(
                body -> assertThat(body).isEqualTo(phase1Sa().body()));
        NotificationPayload dpd = decoded.message().first(NotificationPayload.class).orElseThrow();
        assertThat(dpd.spi()).hasSize(16);
        assertThat(dpd.data()).containsExactly(0, 0, 0, 42);
    }

    @Test
    void hashInputIsTheExactBytesAfterTheHashPayload() throws Exception {
        List<Payload> rest = List.of(new NoncePayload(new byte[] {1, 2}), new KeyExchangePayload(new byte[] {3}));
        List<Payload> all = List.of(new HashPayload(new byte[4]), rest.get(0), rest.get(1));
        IsakmpMessage.Received decoded = IsakmpMessage.decode(new IsakmpMessage(HEADER, all).encode());

        assertThat(decoded.afterFirstPayload()).isEqualTo(IsakmpMessage.encodeChain(rest));
    }

    @Test
    void encryptedBodiesGoThroughTheCipherAndPaddingIsIgnored() throws Exception {
        IsakmpMessage.BodyCipher padOnly = new IsakmpMessage.BodyCipher() {
            @Override
            public byte[] encrypt(byte[] plaintext) {
                return Arrays.copyOf(plaintext, plaintext.length + 5);
            }

            @Override
            public byte[] decrypt(byte[] ciphertext) {
                return ciphertext;
            }
        };
        IsakmpHeader encrypted = new IsakmpHeader(1, 2, ExchangeType.QUICK, IsakmpHeader.FLAG_ENCRYPTION, 77);
        List<Payload> payloads = List.of(new HashPayload(new byte[20]), new NoncePayload(new byte[] {1}));

        IsakmpMessage.Received decoded = IsakmpMessage.decode(new IsakmpMessage(encrypted, payloads).encode(padOnly),
                padOnly);

        assertThat(decoded.payloads()).hasSize(2);
        assertThat(decoded.header().messageIdBytes()).containsExactly(0, 0, 0, 77);
        assertThatThrownBy(() -> IsakmpMessage.decode(new IsakmpMessage(encrypted, payloads).encode(padOnly)))
                .isInstanceOf(IsakmpDecodeException.class);
    }

    @Test
    void randomCorruptionOnlyEverYieldsTheCheckedException() {
        byte[] valid = new IsakmpMessage(HEADER, List.of(phase1Sa(), new KeyExchangePayload(new byte[8]),
                NotificationPayload.dpd(NotificationPayload.R_U_THERE, 1, 2, 3), DeletePayload.isakmp(1, 2),
                new IdentificationPayload(IdentificationPayload.ID_IPV4_ADDR_SUBNET, 0, 0, new byte[8]))).encode();
        java.util.Random random = new java.util.Random(2409);
        for (int round = 0; round < 20_000; round++) {
            byte[] corrupted = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupted[IsakmpHeader.LENGTH + random.nextInt(corrupted.length - IsakmpHeader.LENGTH)] =
                        (byte) random.nextInt(256);
            }
            try {
                IsakmpMessage.decode(corrupted);
            } catch (IsakmpDecodeException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void lengthFieldsAreNeverTrusted() {
        byte[] valid = new IsakmpMessage(HEADER, List.of(phase1Sa())).encode();
        for (int cut = 0; cut < valid.length; cut++) {
            byte[] truncated = Arrays.copyOf(valid, cut);
            assertThatThrownBy(() -> IsakmpMessage.decode(truncated)).isInstanceOf(IsakmpDecodeException.class);
        }
        byte[] hugePayload = valid.clone();
        hugePayload[30] = (byte) 0xff; // SA payload length
        assertThatThrownBy(() -> IsakmpMessage.decode(hugePayload)).isInstanceOf(IsakmpDecodeException.class);
        byte[] tinyPayload = valid.clone();
        tinyPayload[30] = 0;
        tinyPayload[31] = 2;
        assertThatThrownBy(() -> IsakmpMessage.decode(tinyPayload)).isInstanceOf(IsakmpDecodeException.class);
        byte[] ikev2 = valid.clone();
        ikev2[17] = 0x20;
        assertThatThrownBy(() -> IsakmpMessage.decode(ikev2)).isInstanceOf(IsakmpDecodeException.class);
        assertThat(IsakmpHeader.isVersion1(valid)).isTrue();
        assertThat(IsakmpHeader.isVersion1(ikev2)).isFalse();
    }
}
