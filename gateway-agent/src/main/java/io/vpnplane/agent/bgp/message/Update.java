package io.vpnplane.agent.bgp.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * UPDATE (RFC 4271 section 4.3): withdrawn prefixes, the path attributes shared by the announced
 * prefixes, and the announced prefixes (NLRI). Decoding follows RFC 7606: a malformed attribute
 * turns the UPDATE's announcements into withdrawals ("treat-as-withdraw") or is discarded, and
 * only a broken message structure ends the session.
 */
public record Update(List<Ipv4Prefix> withdrawn, Optional<PathAttributes> attributes, List<Ipv4Prefix> nlri)
        implements BgpMessage {

    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MED = 4;
    static final int LOCAL_PREF = 5;
    static final int ATOMIC_AGGREGATE = 6;
    static final int AGGREGATOR = 7;
    static final int COMMUNITIES = 8;
    static final int MP_REACH_NLRI = 14;
    static final int MP_UNREACH_NLRI = 15;
    static final int AS4_PATH = 17;
    static final int AS4_AGGREGATOR = 18;

    static final int OPTIONAL = 0x80;
    static final int TRANSITIVE = 0x40;
    static final int EXTENDED_LENGTH = 0x10;
    private static final int WELL_KNOWN = TRANSITIVE;
    private static final int OPTIONAL_TRANSITIVE = OPTIONAL | TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = OPTIONAL;

    /** Room for withdrawn/attribute length fields after the header. */
    private static final int FIXED_BODY = 4;

    public Update {
        withdrawn = List.copyOf(withdrawn);
        nlri = List.copyOf(nlri);
        if (!nlri.isEmpty() && attributes.isEmpty()) {
            throw new IllegalArgumentException("announced prefixes need path attributes");
        }
    }

    public static Update withdraw(Collection<Ipv4Prefix> prefixes) {
        return new Update(List.copyOf(prefixes), Optional.empty(), List.of());
    }

    public static Update announce(PathAttributes attributes, Collection<Ipv4Prefix> prefixes) {
        return new Update(List.of(), Optional.of(attributes), List.copyOf(prefixes));
    }

    @Override
    public byte[] encode(CodecContext context) {
        byte[] attributeBytes = attributes.map(a -> encodeAttributes(a, context)).orElse(new byte[0]);
        WireWriter out = BgpMessage.startMessage(TYPE_UPDATE, FIXED_BODY + attributeBytes.length + 5 * (withdrawn.size() + nlri.size()));
        int withdrawnAt = out.size();
        out.u16(0);
        for (Ipv4Prefix prefix : withdrawn) {
            out.prefix(prefix);
        }
        out.putU16(withdrawnAt, out.size() - withdrawnAt - 2);
        out.u16(attributeBytes.length).bytes(attributeBytes);
        for (Ipv4Prefix prefix : nlri) {
            out.prefix(prefix);
        }
        return BgpMessage.finishMessage(out);
    }

    /** As many messages as needed to announce {@code prefixes} with one set of attributes. */
    public static List<byte[]> packAnnouncements(PathAttributes attributes, Collection<Ipv4Prefix> prefixes, CodecContext context) {
        int room = MAX_LENGTH - HEADER_LENGTH - FIXED_BODY - encodeAttributes(attributes, context).length;
        return pack(prefixes, room, chunk -> announce(attributes, chunk).encode(context));
    }

    /** As many messages as needed to withdraw {@code prefixes}. */
    public static List<byte[]> packWithdrawals(Collection<Ipv4Prefix> prefixes, CodecContext context) {
        return pack(prefixes, MAX_LENGTH - HEADER_LENGTH - FIXED_BODY, chunk -> withdraw(chunk).encode(context));
    }

    private static List<byte[]> pack(Collection<Ipv4Prefix> prefixes, int room, java.util.function.Function<List<Ipv4Prefix>, byte[]> encoder) {
        List<byte[]> messages = new ArrayList<>();
        List<Ipv4Prefix> chunk = new ArrayList<>();
        int used = 0;
        for (Ipv4Prefix prefix : prefixes) {
            if (used + prefix.wireSize() > room) {
                messages.add(encoder.apply(chunk));
                chunk = new ArrayList<>();
                used = 0;
            }
            chunk.add(prefix);
            used += prefix.wireSize();
        }
        if (!chunk.isEmpty()) {
            messages.add(encoder.apply(chunk));
        }
        return messages;
    }

    private static byte[] encodeAttributes(PathAttributes attributes, CodecContext context) {
        WireWriter out = new WireWriter(64);
        out.u8(WELL_KNOWN).u8(ORIGIN).u8(1).u8(attributes.origin().ordinal());
        writeAttribute(out, WELL_KNOWN, AS_PATH, path -> attributes.asPath().encode(path, context.fourOctetAs()));
        out.u8(WELL_KNOWN).u8(NEXT_HOP).u8(4).u32(attributes.nextHop() & 0xffff_ffffL);
        attributes.med().ifPresent(med -> out.u8(OPTIONAL_NON_TRANSITIVE).u8(MED).u8(4).u32(med));
        attributes.localPref().ifPresent(pref -> out.u8(WELL_KNOWN).u8(LOCAL_PREF).u8(4).u32(pref));
        if (!attributes.communities().isEmpty()) {
            writeAttribute(out, OPTIONAL_TRANSITIVE, COMMUNITIES, values -> attributes.communities().forEach(c -> values.u32(c & 0xffff_ffffL)));
        }
        if (!context.fourOctetAs() && attributes.asPath().needsFourOctets()) {
            writeAttribute(out, OPTIONAL_TRANSITIVE, AS4_PATH, path -> attributes.asPath().withoutConfederation().encode(path, true));
        }
        return out.toByteArray();
    }

    private static void writeAttribute(WireWriter out, int flags, int type, java.util.function.Consumer<WireWriter> value) {
        WireWriter body = new WireWriter(32);
        value.accept(body);
        byte[] bytes = body.toByteArray();
        if (bytes.length > 255) {
            out.u8(flags | EXTENDED_LENGTH).u8(type).u16(bytes.length);
        } else {
            out.u8(flags).u8(type).u8(bytes.length);
        }
        out.bytes(bytes);
    }

    static Decoded decodeBody(byte[] message, int offset, int length, CodecContext context) throws BgpDecodeException {
        WireReader body = new WireReader(message, offset, length, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST);
        int withdrawnLength = body.u16("withdrawn routes length");
        WireReader withdrawnField = body.slice(withdrawnLength, BgpError.UPDATE_INVALID_NETWORK_FIELD, "withdrawn routes");
        int attributesLength = body.u16("total path attribute length");
        WireReader attributeField = body.slice(attributesLength, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, "path attributes");
        WireReader nlriField = body.slice(body.remaining(), BgpError.UPDATE_INVALID_NETWORK_FIELD, "NLRI");

        List<Ipv4Prefix> withdrawn = new ArrayList<>();
        while (withdrawnField.remaining() > 0) {
            withdrawn.add(withdrawnField.prefix("withdrawn route"));
        }
        List<Ipv4Prefix> nlri = new ArrayList<>();
        while (nlriField.remaining() > 0) {
            nlri.add(nlriField.prefix("NLRI"));
        }
        AttributeParse parse = new AttributeParse(context);
        parse.run(attributeField);
        withdrawn.addAll(parse.mpWithdrawn);
        nlri.addAll(parse.mpAnnounced);
        if (!nlri.isEmpty() && !parse.treatAsWithdraw) {
            parse.checkMandatory(!parse.mpAnnounced.isEmpty() && parse.mpAnnounced.size() == nlri.size());
        }
        if (parse.treatAsWithdraw || nlri.isEmpty()) {
            withdrawn.addAll(parse.treatAsWithdraw ? nlri : List.of());
            return new Decoded(new Update(withdrawn, Optional.empty(), List.of()), parse.problems);
        }
        return new Decoded(new Update(withdrawn, Optional.of(parse.result()), nlri), parse.problems);
    }

    /** One pass over the path attributes, collecting RFC 7606 outcomes instead of failing fast. */
    private static final class AttributeParse {
        private final CodecContext context;
        private final List<String> problems = new ArrayList<>();
        private final boolean[] seen = new boolean[256];
        private final List<Ipv4Prefix> mpAnnounced = new ArrayList<>();
        private final List<Ipv4Prefix> mpWithdrawn = new ArrayList<>();
        private boolean treatAsWithdraw;
        private Origin origin;
        private AsPath asPath;
        private AsPath as4Path;
        private Integer nextHop;
        private Integer mpNextHop;
        private OptionalLong med = OptionalLong.empty();
        private OptionalLong localPref = OptionalLong.empty();
        private List<Integer> communities = List.of();

        AttributeParse(CodecContext context) {
            this.context = context;
        }

        private void withdrawBecause(String problem) {
            problems.add(problem + " (treat-as-withdraw)");
            treatAsWithdraw = true;
        }

        void run(WireReader field) throws BgpDecodeException {
            while (field.remaining() > 0) {
                if (field.remaining() < 3) {
                    withdrawBecause("attribute header truncated");
                    return;
                }
                int flags = field.u8("flags");
                int type = field.u8("type");
                boolean extended = (flags & EXTENDED_LENGTH) != 0;
                if (extended && field.remaining() < 2) {
                    withdrawBecause("attribute " + type + " extended length truncated");
                    return;
                }
                int length = extended ? field.u16("length") : field.u8("length");
                if (length > field.remaining()) {
                    withdrawBecause("attribute " + type + " length " + length + " overruns the attribute field");
                    return;
                }
                WireReader value = field.slice(length, BgpError.UPDATE_ATTRIBUTE_LENGTH_ERROR, "attribute " + type);
                if (seen[type]) {
                    if (type == MP_REACH_NLRI || type == MP_UNREACH_NLRI) {
                        throw new BgpDecodeException(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, "repeated MP_(UN)REACH_NLRI");
                    }
                    problems.add("repeated attribute " + type + " discarded");
                    continue;
                }
                seen[type] = true;
                one(flags, type, value);
            }
        }

        private boolean flagsAre(int flags, int expected, int type) {
            if ((flags & (OPTIONAL | TRANSITIVE)) != expected) {
                withdrawBecause("attribute " + type + " has flags " + Integer.toHexString(flags));
                return false;
            }
            return true;
        }

        private void one(int flags, int type, WireReader value) throws BgpDecodeException {
            int length = value.remaining();
            switch (type) {
                case ORIGIN -> {
                    if (flagsAre(flags, WELL_KNOWN, type)) {
                        int code = length == 1 ? value.u8("ORIGIN") : -1;
                        if (code < 0 || code > 2) {
                            withdrawBecause("ORIGIN invalid");
                        } else {
                            origin = Origin.values()[code];
                        }
                    }
                }
                case AS_PATH -> {
                    if (flagsAre(flags, WELL_KNOWN, type)) {
                        try {
                            asPath = AsPath.decode(value, context.fourOctetAs());
                        } catch (BgpDecodeException e) {
                            withdrawBecause("AS_PATH malformed: " + e.getMessage());
                        }
                    }
                }
                case NEXT_HOP -> {
                    if (flagsAre(flags, WELL_KNOWN, type)) {
                        if (length != 4) {
                            withdrawBecause("NEXT_HOP length " + length);
                        } else {
                            nextHop = value.i32("NEXT_HOP");
                        }
                    }
                }
                case MED -> {
                    if (flagsAre(flags, OPTIONAL_NON_TRANSITIVE, type)) {
                        if (length != 4) {
                            withdrawBecause("MULTI_EXIT_DISC length " + length);
                        } else {
                            med = OptionalLong.of(value.u32("MED"));
                        }
                    }
                }
                case LOCAL_PREF -> {
                    if (flagsAre(flags, WELL_KNOWN, type)) {
                        if (length != 4) {
                            withdrawBecause("LOCAL_PREF length " + length);
                        } else {
                            localPref = OptionalLong.of(value.u32("LOCAL_PREF"));
                        }
                    }
                }
                case ATOMIC_AGGREGATE -> {
                    if (length != 0) {
                        problems.add("ATOMIC_AGGREGATE length " + length + " discarded");
                    }
                }
                case AGGREGATOR -> {
                    if (length != (context.fourOctetAs() ? 8 : 6)) {
                        problems.add("AGGREGATOR length " + length + " discarded");
                    }
                }
                case AS4_AGGREGATOR -> {
                    if (length != 8) {
                        problems.add("AS4_AGGREGATOR length " + length + " discarded");
                    }
                }
                case COMMUNITIES -> {
                    if (flagsAre(flags, OPTIONAL_TRANSITIVE, type)) {
                        if (length == 0 || length % 4 != 0) {
                            withdrawBecause("COMMUNITIES length " + length);
                        } else {
                            List<Integer> values = new ArrayList<>(length / 4);
                            while (value.remaining() > 0) {
                                values.add(value.i32("community"));
                            }
                            communities = values;
                        }
                    }
                }
                case AS4_PATH -> {
                    try {
                        as4Path = AsPath.decode(value, true);
                    } catch (BgpDecodeException e) {
                        problems.add("AS4_PATH malformed, discarded: " + e.getMessage());
                    }
                }
                case MP_REACH_NLRI -> multiprotocolReach(value);
                case MP_UNREACH_NLRI -> multiprotocolUnreach(value);
                default -> {
                    if ((flags & OPTIONAL) == 0) {
                        byte[] data = new byte[] {(byte) flags, (byte) type};
                        throw new BgpDecodeException(BgpError.UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, data,
                                "unrecognized well-known attribute " + type);
                    }
                    // Optional attributes we do not know are ignored: this speaker never re-advertises learned routes.
                }
            }
        }

        /** RFC 7606 7.11: a malformed MP_REACH_NLRI cannot be treated as withdraw, the session resets. */
        private void multiprotocolReach(WireReader in) throws BgpDecodeException {
            int afi = in.u16("AFI");
            int safi = in.u8("SAFI");
            int nextHopLength = in.u8("next hop length");
            WireReader nextHopField = in.slice(nextHopLength, BgpError.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, "MP next hop");
            in.u8("reserved");
            if (afi != Capability.AFI_IPV4 || safi != Capability.SAFI_UNICAST) {
                problems.add("MP_REACH_NLRI for AFI " + afi + " SAFI " + safi + " ignored (not negotiated)");
                return;
            }
            if (nextHopLength != 4) {
                throw new BgpDecodeException(BgpError.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, "IPv4 MP next hop length " + nextHopLength);
            }
            mpNextHop = nextHopField.i32("MP next hop");
            WireReader prefixes = in.slice(in.remaining(), BgpError.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, "MP NLRI");
            while (prefixes.remaining() > 0) {
                mpAnnounced.add(prefixes.prefix("MP NLRI"));
            }
        }

        private void multiprotocolUnreach(WireReader in) throws BgpDecodeException {
            int afi = in.u16("AFI");
            int safi = in.u8("SAFI");
            if (afi != Capability.AFI_IPV4 || safi != Capability.SAFI_UNICAST) {
                problems.add("MP_UNREACH_NLRI for AFI " + afi + " SAFI " + safi + " ignored (not negotiated)");
                return;
            }
            WireReader prefixes = in.slice(in.remaining(), BgpError.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, "MP withdrawn");
            while (prefixes.remaining() > 0) {
                mpWithdrawn.add(prefixes.prefix("MP withdrawn"));
            }
        }

        void checkMandatory(boolean onlyMultiprotocol) {
            if (origin == null) {
                withdrawBecause("ORIGIN missing");
            } else if (asPath == null) {
                withdrawBecause("AS_PATH missing");
            } else if (nextHop == null && mpNextHop == null) {
                withdrawBecause("NEXT_HOP missing");
            } else if (nextHop == null && !onlyMultiprotocol) {
                withdrawBecause("NEXT_HOP missing for classic NLRI");
            }
        }

        PathAttributes result() {
            AsPath path = asPath;
            if (as4Path != null) {
                if (context.fourOctetAs()) {
                    problems.add("AS4_PATH from a 4-octet speaker discarded");
                } else {
                    path = AsPath.merge(asPath, as4Path);
                }
            }
            int hop = nextHop != null ? nextHop : mpNextHop;
            return new PathAttributes(origin, path, hop, med, localPref, communities);
        }
    }

}
