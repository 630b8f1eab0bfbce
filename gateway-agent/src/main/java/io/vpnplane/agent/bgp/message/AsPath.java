package io.vpnplane.agent.bgp.message;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** AS_PATH (RFC 4271 section 5.1.2), AS numbers always held as 4-octet values. */
public record AsPath(List<Segment> segments) {

    public static final AsPath EMPTY = new AsPath(List.of());

    public enum SegmentType {
        SET(1), SEQUENCE(2), CONFED_SEQUENCE(3), CONFED_SET(4);

        final int code;

        SegmentType(int code) {
            this.code = code;
        }

        static SegmentType of(int code) {
            for (SegmentType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public record Segment(SegmentType type, List<Long> asns) {
        public Segment {
            asns = List.copyOf(asns);
            if (asns.isEmpty() || asns.size() > 255) {
                throw new IllegalArgumentException("a segment holds 1..255 AS numbers");
            }
        }

        /** How much the segment adds to the path length (RFC 4271 9.1.2.2: a set counts as one). */
        int length() {
            return switch (type) {
                case SEQUENCE -> asns.size();
                case SET -> 1;
                case CONFED_SEQUENCE, CONFED_SET -> 0;
            };
        }
    }

    public AsPath {
        segments = List.copyOf(segments);
    }

    public static AsPath sequence(long... asns) {
        if (asns.length == 0) {
            return EMPTY;
        }
        List<Long> list = new ArrayList<>();
        for (long asn : asns) {
            list.add(asn);
        }
        return new AsPath(List.of(new Segment(SegmentType.SEQUENCE, list)));
    }

    /** Path length as best-path selection counts it. */
    public int length() {
        return segments.stream().mapToInt(Segment::length).sum();
    }

    public boolean contains(long asn) {
        return segments.stream().anyMatch(s -> s.asns().contains(asn));
    }

    /** The neighbouring AS (first of a leading sequence), 0 when there is none. */
    public long firstAs() {
        return segments.isEmpty() || segments.getFirst().type() != SegmentType.SEQUENCE ? 0 : segments.getFirst().asns().getFirst();
    }

    /** The path with {@code asn} in front, as an eBGP speaker sends it (RFC 4271 5.1.2). */
    public AsPath prepend(long asn) {
        List<Segment> result = new ArrayList<>();
        if (!segments.isEmpty() && segments.getFirst().type() == SegmentType.SEQUENCE && segments.getFirst().asns().size() < 255) {
            List<Long> asns = new ArrayList<>();
            asns.add(asn);
            asns.addAll(segments.getFirst().asns());
            result.add(new Segment(SegmentType.SEQUENCE, asns));
            result.addAll(segments.subList(1, segments.size()));
        } else {
            result.add(new Segment(SegmentType.SEQUENCE, List.of(asn)));
            result.addAll(segments);
        }
        return new AsPath(result);
    }

    boolean needsFourOctets() {
        return segments.stream().anyMatch(s -> s.asns().stream().anyMatch(a -> a > 0xffff));
    }

    /** The path without confederation segments, as AS4_PATH carries it (RFC 6793 4.2.2). */
    AsPath withoutConfederation() {
        return new AsPath(segments.stream().filter(s -> s.type() == SegmentType.SEQUENCE || s.type() == SegmentType.SET).toList());
    }

    void encode(WireWriter out, boolean fourOctets) {
        for (Segment segment : segments) {
            out.u8(segment.type().code).u8(segment.asns().size());
            for (long asn : segment.asns()) {
                if (fourOctets) {
                    out.u32(asn);
                } else {
                    out.u16(asn > 0xffff ? Open.AS_TRANS : (int) asn);
                }
            }
        }
    }

    /** Parses segments; any malformation is the caller's error (RFC 7606 treat-as-withdraw). */
    static AsPath decode(WireReader in, boolean fourOctets) throws BgpDecodeException {
        List<Segment> segments = new ArrayList<>();
        while (in.remaining() > 0) {
            int typeCode = in.u8("segment type");
            SegmentType type = SegmentType.of(typeCode);
            if (type == null) {
                throw new BgpDecodeException(BgpError.UPDATE_MALFORMED_AS_PATH, "segment type " + typeCode);
            }
            int count = in.u8("segment length");
            if (count == 0) {
                throw new BgpDecodeException(BgpError.UPDATE_MALFORMED_AS_PATH, "empty segment");
            }
            List<Long> asns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                asns.add(fourOctets ? in.u32("AS number") : (long) in.u16("AS number"));
            }
            segments.add(new Segment(type, asns));
        }
        return new AsPath(segments);
    }

    /**
     * RFC 6793 4.2.3: rebuild the real path of a route a 2-octet speaker passed on, from its
     * AS_PATH (with AS_TRANS placeholders) and the AS4_PATH it carried along.
     */
    static AsPath merge(AsPath asPath, AsPath as4Path) {
        int keep = asPath.length() - as4Path.length();
        if (keep < 0) {
            return asPath;
        }
        List<Segment> result = new ArrayList<>();
        for (Segment segment : asPath.segments()) {
            if (keep == 0) {
                break;
            }
            if (segment.type() == SegmentType.SEQUENCE && segment.asns().size() > keep) {
                result.add(new Segment(SegmentType.SEQUENCE, segment.asns().subList(0, keep)));
                keep = 0;
            } else {
                result.add(segment);
                keep -= segment.length();
            }
        }
        result.addAll(as4Path.segments());
        return new AsPath(result);
    }

    @Override
    public String toString() {
        return segments.stream().map(s -> {
            String asns = s.asns().stream().map(String::valueOf).collect(Collectors.joining(" "));
            return switch (s.type()) {
                case SEQUENCE -> asns;
                case SET -> "{" + asns + "}";
                case CONFED_SEQUENCE -> "(" + asns + ")";
                case CONFED_SET -> "[" + asns + "]";
            };
        }).collect(Collectors.joining(" "));
    }
}
