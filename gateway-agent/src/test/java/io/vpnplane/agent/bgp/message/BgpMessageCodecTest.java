package io.vpnplane.agent.bgp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BgpMessageCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private static BgpMessage decode(byte[] bytes, CodecContext context) throws BgpDecodeException {
        return BgpMessage.decode(bytes, context).message();
    }

    private static byte[] message(int type, String bodyHex) {
        byte[] body = HEX.parseHex(bodyHex);
        int length = 19 + body.length;
        return HEX.parseHex(MARKER + String.format("%04x%02x", length, type) + bodyHex);
    }

    /** An UPDATE from its three fields, length fields computed. */
    private static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
        return message(2, String.format("%04x", withdrawnHex.length() / 2) + withdrawnHex
                + String.format("%04x", attributesHex.length() / 2) + attributesHex + nlriHex);
    }

    @Test
    void keepaliveIsABareHeader() throws Exception {
        byte[] bytes = Keepalive.INSTANCE.encode(CodecContext.FOUR_OCTET);
        assertThat(HEX.formatHex(bytes)).isEqualTo(MARKER + "001304");
        assertThat(decode(bytes, CodecContext.FOUR_OCTET)).isEqualTo(Keepalive.INSTANCE);
    }

    @Test
    void openRoundTripsWithCapabilities() throws Exception {
        // REQ-GW-003: the agent's OPEN carries 4-octet AS (RFC 6793), IPv4 unicast and route refresh.
        Open open = Open.of(4_200_000_001L, 90, Ipv4Prefix.parseAddress("10.9.0.1"));
        byte[] bytes = open.encode(CodecContext.TWO_OCTET);
        Open decoded = (Open) decode(bytes, CodecContext.TWO_OCTET);
        assertThat(decoded).isEqualTo(open);
        assertThat(decoded.myAs()).isEqualTo(Open.AS_TRANS);
        assertThat(decoded.effectiveAs()).isEqualTo(4_200_000_001L);
        assertThat(decoded.supportsRouteRefresh()).isTrue();
    }

    @Test
    void openOfATwoOctetSpeakerWithoutCapabilities() throws Exception {
        // Version 4, AS 65530, hold 180, id 10.9.0.2, no optional parameters.
        byte[] bytes = message(1, "04fffa00b40a09000200");
        Open open = (Open) decode(bytes, CodecContext.TWO_OCTET);
        assertThat(open.effectiveAs()).isEqualTo(65530);
        assertThat(open.holdTimeSeconds()).isEqualTo(180);
        assertThat(open.capabilities()).isEmpty();
        assertThat(open.fourOctetAs()).isEmpty();
    }

    @Test
    void realFrrOpenAndUpdateWithoutCapabilities() throws Exception {
        // Captured with tcpdump from FRR 8.4 bgpd ("dont-capability-negotiate", AS 65530, hold 3 s).
        byte[] open = HEX.parseHex(MARKER + "001d0104fffa00030ac9010200");
        Open decodedOpen = (Open) decode(open, CodecContext.TWO_OCTET);
        assertThat(decodedOpen.effectiveAs()).isEqualTo(65530);
        assertThat(decodedOpen.holdTimeSeconds()).isEqualTo(3);
        assertThat(Ipv4Prefix.formatAddress(decodedOpen.bgpIdentifier())).isEqualTo("10.201.1.2");
        // AS_PATH with the extended-length flag (0x50), MED 0, NLRI 192.168.0.0/24.
        byte[] update = HEX.parseHex(MARKER + "003502" + "0000001a" + "40010100" + "500200040201fffa" + "4003040ac90102"
                + "800404" + "00000000" + "18c0a800");
        Update decoded = (Update) decode(update, CodecContext.TWO_OCTET);
        assertThat(decoded.nlri()).containsExactly(Ipv4Prefix.parse("192.168.0.0/24"));
        PathAttributes attributes = decoded.attributes().orElseThrow();
        assertThat(attributes.asPath()).isEqualTo(AsPath.sequence(65530));
        assertThat(Ipv4Prefix.formatAddress(attributes.nextHop())).isEqualTo("10.201.1.2");
        assertThat(attributes.med()).hasValue(0);
        // FRR reflecting our own route towards a 2-octet session: AS_TRANS in AS_PATH, no AS4_PATH.
        byte[] reflected = HEX.parseHex(MARKER + "002f02" + "00000015" + "40010100" + "5002000602 02fffa5ba0".replace(" ", "")
                + "4003040ac90102" + "100a00");
        assertThat(((Update) decode(reflected, CodecContext.TWO_OCTET)).attributes().orElseThrow().asPath().toString())
                .isEqualTo("65530 23456");
    }

    @Test
    void openWithAnUnknownOptionalParameterIsRefused() {
        byte[] bytes = message(1, "04fffa00b40a0900020403020000");
        assertThatThrownBy(() -> decode(bytes, CodecContext.TWO_OCTET))
                .isInstanceOfSatisfying(BgpDecodeException.class, e -> assertThat(e.error()).isEqualTo(BgpError.OPEN_UNSUPPORTED_OPTIONAL_PARAMETER));
    }

    @Test
    void openWhoseParameterLengthLiesIsRefused() {
        byte[] bytes = message(1, "04fffa00b40a0900021002060104000100");
        assertThatThrownBy(() -> decode(bytes, CodecContext.TWO_OCTET)).isInstanceOf(BgpDecodeException.class);
    }

    @Test
    void notificationAndRouteRefreshRoundTrip() throws Exception {
        Notification notification = Notification.of(BgpError.BAD_MESSAGE_LENGTH, new byte[] {0x10, 0x01});
        assertThat(decode(notification.encode(CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET)).isEqualTo(notification);
        assertThat(HEX.formatHex(RouteRefresh.IPV4_UNICAST.encode(CodecContext.FOUR_OCTET))).isEqualTo(MARKER + "00170500010001");
        assertThat(decode(RouteRefresh.IPV4_UNICAST.encode(CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET)).isEqualTo(RouteRefresh.IPV4_UNICAST);
    }

    @Test
    void updateRoundTripsEveryAttributeWeSend() throws Exception {
        PathAttributes attributes = new PathAttributes(Origin.INCOMPLETE, AsPath.sequence(65530, 4_200_000_001L, 7),
                Ipv4Prefix.parseAddress("169.254.10.2"), OptionalLong.of(50), OptionalLong.of(200), List.of(0xfde80064, 0xffffff01));
        Update update = new Update(List.of(Ipv4Prefix.parse("10.1.0.0/16")), Optional.of(attributes),
                List.of(Ipv4Prefix.parse("192.168.0.0/24"), Ipv4Prefix.parse("192.168.1.0/24"), Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Prefix.parse("10.0.0.1/32")));
        for (CodecContext context : List.of(CodecContext.FOUR_OCTET, CodecContext.TWO_OCTET)) {
            BgpMessage.Decoded decoded = BgpMessage.decode(update.encode(context), context);
            assertThat(decoded.message()).isEqualTo(update);
            assertThat(decoded.attributeProblems()).isEmpty();
        }
    }

    @Test
    void twoOctetSessionCarriesWideAsNumbersInAs4Path() throws Exception {
        // RFC 6793 4.2.2: AS_TRANS in AS_PATH, the real path in AS4_PATH.
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(4_200_000_001L, 65001), Ipv4Prefix.parseAddress("10.0.0.1"));
        byte[] bytes = Update.announce(attributes, List.of(Ipv4Prefix.parse("10.2.0.0/16"))).encode(CodecContext.TWO_OCTET);
        String hex = HEX.formatHex(bytes);
        assertThat(hex).contains("40020602025ba0fde9"); // AS_PATH: SEQUENCE of 2: 23456 65001
        assertThat(hex).contains("c0110a0202fa56ea010000fde9"); // AS4_PATH: 4200000001 65001
        Update decoded = (Update) decode(bytes, CodecContext.TWO_OCTET);
        assertThat(decoded.attributes().orElseThrow().asPath()).isEqualTo(AsPath.sequence(4_200_000_001L, 65001));
    }

    @Test
    void as4PathMergeKeepsLeadingTwoOctetHops() {
        // A 2-octet speaker 65010 prepended itself in front of a path that carried AS4_PATH.
        AsPath merged = AsPath.merge(AsPath.sequence(65010, 23456, 65001), AsPath.sequence(4_200_000_001L, 65001));
        assertThat(merged.toString()).isEqualTo("65010 4200000001 65001");
        assertThat(AsPath.merge(AsPath.sequence(23456), AsPath.sequence(1, 2))).isEqualTo(AsPath.sequence(23456));
    }

    @Test
    void handBuiltUpdateWithWithdrawalsAndTwoPrefixes() throws Exception {
        // Withdrawn 10.0.0.0/8; ORIGIN IGP, AS_PATH 65001 (2-octet), NEXT_HOP 10.9.0.2, MED 0; NLRI 192.168.0.0/24 + 192.168.1.0/24.
        byte[] bytes = update("080a", "40010100" + "4002040201fde9" + "4003040a090002" + "80040400000000", "18c0a800" + "18c0a801");
        Update update = (Update) decode(bytes, CodecContext.TWO_OCTET);
        assertThat(update.withdrawn()).containsExactly(Ipv4Prefix.parse("10.0.0.0/8"));
        assertThat(update.nlri()).containsExactly(Ipv4Prefix.parse("192.168.0.0/24"), Ipv4Prefix.parse("192.168.1.0/24"));
        PathAttributes attributes = update.attributes().orElseThrow();
        assertThat(attributes.asPath()).isEqualTo(AsPath.sequence(65001));
        assertThat(Ipv4Prefix.formatAddress(attributes.nextHop())).isEqualTo("10.9.0.2");
        assertThat(attributes.med()).hasValue(0);
    }

    @Test
    void malformedOriginIsTreatedAsWithdraw() throws Exception {
        // RFC 7606 7.1: bad ORIGIN value → the NLRI become withdrawals, the session stays up.
        byte[] bytes = update("", "40010107" + "4002040201fde9" + "4003040a090002", "18c0a800");
        BgpMessage.Decoded decoded = BgpMessage.decode(bytes, CodecContext.TWO_OCTET);
        Update update = (Update) decoded.message();
        assertThat(update.nlri()).isEmpty();
        assertThat(update.withdrawn()).containsExactly(Ipv4Prefix.parse("192.168.0.0/24"));
        assertThat(decoded.attributeProblems()).anyMatch(p -> p.contains("ORIGIN"));
    }

    @Test
    void missingNextHopAndOverrunningAttributeAreTreatedAsWithdraw() throws Exception {
        byte[] noNextHop = update("", "40010100" + "4002040201fde9", "18c0a800");
        assertThat(((Update) decode(noNextHop, CodecContext.TWO_OCTET)).withdrawn()).containsExactly(Ipv4Prefix.parse("192.168.0.0/24"));
        // AS_PATH claims 0x20 octets inside an 11-octet attribute field.
        byte[] overrun = update("", "40010100" + "4002200201fde9", "18c0a800");
        assertThat(((Update) decode(overrun, CodecContext.TWO_OCTET)).withdrawn()).containsExactly(Ipv4Prefix.parse("192.168.0.0/24"));
        // AS_PATH segment with zero AS numbers (RFC 7606 7.2).
        byte[] emptySegment = update("", "40010100" + "4002020200" + "4003040a090002", "18c0a800");
        assertThat(((Update) decode(emptySegment, CodecContext.TWO_OCTET)).nlri()).isEmpty();
    }

    @Test
    void duplicateAttributeKeepsTheFirst() throws Exception {
        byte[] bytes = update("", "40010100" + "40010102" + "4002040201fde9" + "4003040a090002", "18c0a800");
        BgpMessage.Decoded decoded = BgpMessage.decode(bytes, CodecContext.TWO_OCTET);
        assertThat(((Update) decoded.message()).attributes().orElseThrow().origin()).isEqualTo(Origin.IGP);
        assertThat(decoded.attributeProblems()).hasSize(1);
    }

    @Test
    void structuralErrorsEndTheSessionWithTheRightNotification() {
        // Prefix length 33 in NLRI: RFC 4271 Invalid Network Field.
        assertError(update("", "40010100" + "4002040201fde9" + "4003040a090002", "21c0a80001ff"), BgpError.UPDATE_INVALID_NETWORK_FIELD);
        // Withdrawn length beyond the message.
        assertError(message(2, "00ff0000"), BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST);
        // Total path attribute length beyond the message.
        assertError(message(2, "000000ff40010100"), BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST);
        // Unrecognized well-known attribute (type 99, flags well-known).
        assertError(update("", "406300", ""), BgpError.UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
        // Bad marker, bad length, bad type.
        byte[] badMarker = Keepalive.INSTANCE.encode(CodecContext.FOUR_OCTET);
        badMarker[3] = 0;
        assertError(badMarker, BgpError.CONNECTION_NOT_SYNCHRONIZED);
        assertError(HEX.parseHex(MARKER + "001404" + "00"), BgpError.BAD_MESSAGE_LENGTH);
        assertError(HEX.parseHex(MARKER + "001309"), BgpError.BAD_MESSAGE_TYPE);
    }

    private static void assertError(byte[] bytes, BgpError expected) {
        assertThatThrownBy(() -> decode(bytes, CodecContext.TWO_OCTET))
                .isInstanceOfSatisfying(BgpDecodeException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Test
    void multiprotocolIpv4ReachAndUnreachAreUnderstood() throws Exception {
        // MP_REACH_NLRI AFI 1 SAFI 1, next hop 10.9.0.2, NLRI 10.3.0.0/16; MP_UNREACH_NLRI 10.4.0.0/16.
        String reach = "800e0c" + "000101" + "04" + "0a090002" + "00" + "100a03";
        String unreach = "800f06" + "000101" + "100a04";
        String attrs = "40010100" + "4002040201fde9" + reach + unreach;
        byte[] bytes = update("", attrs, "");
        Update update = (Update) decode(bytes, CodecContext.TWO_OCTET);
        assertThat(update.nlri()).containsExactly(Ipv4Prefix.parse("10.3.0.0/16"));
        assertThat(update.withdrawn()).containsExactly(Ipv4Prefix.parse("10.4.0.0/16"));
        assertThat(Ipv4Prefix.formatAddress(update.attributes().orElseThrow().nextHop())).isEqualTo("10.9.0.2");
    }

    @Test
    void manyPrefixesArePackedIntoMessagesBelowTheMaximum() throws Exception {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            prefixes.add(new Ipv4Prefix(0x0a000000 | (i << 8), 24));
        }
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(45104), Ipv4Prefix.parseAddress("10.9.0.1"));
        List<byte[]> messages = Update.packAnnouncements(attributes, prefixes, CodecContext.FOUR_OCTET);
        assertThat(messages).hasSizeGreaterThan(4).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(BgpMessage.MAX_LENGTH));
        List<Ipv4Prefix> decoded = new ArrayList<>();
        for (byte[] m : messages) {
            decoded.addAll(((Update) decode(m, CodecContext.FOUR_OCTET)).nlri());
        }
        assertThat(decoded).isEqualTo(prefixes);
        List<byte[]> withdrawals = Update.packWithdrawals(prefixes, CodecContext.FOUR_OCTET);
        assertThat(withdrawals.stream().mapToInt(m -> {
            try {
                return ((Update) decode(m, CodecContext.FOUR_OCTET)).withdrawn().size();
            } catch (BgpDecodeException e) {
                throw new AssertionError(e);
            }
        }).sum()).isEqualTo(5000);
    }

    @Test
    void framerCutsAStreamFedInArbitraryPieces() throws Exception {
        byte[] a = Keepalive.INSTANCE.encode(CodecContext.FOUR_OCTET);
        byte[] b = Open.of(65530, 90, 1).encode(CodecContext.FOUR_OCTET);
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        MessageFramer framer = new MessageFramer();
        List<byte[]> out = new ArrayList<>();
        for (byte octet : stream) {
            framer.feed(new byte[] {octet});
            framer.next().ifPresent(out::add);
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo(b);
    }

    @Test
    void prefixHelpers() {
        assertThat(Ipv4Prefix.parse("100.64.0.0/10").contains(Ipv4Prefix.parse("100.100.1.0/24"))).isTrue();
        assertThat(Ipv4Prefix.parse("100.0.0.0/8").overlaps(Ipv4Prefix.parse("100.64.0.0/10"))).isTrue();
        assertThat(Ipv4Prefix.parse("100.128.0.0/10").overlaps(Ipv4Prefix.parse("100.64.0.0/10"))).isFalse();
        assertThat(Ipv4Prefix.parse("192.168.1.77/24")).isEqualTo(Ipv4Prefix.parse("192.168.1.0/24"));
        assertThatThrownBy(() -> Ipv4Prefix.parse("300.1.1.1/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
