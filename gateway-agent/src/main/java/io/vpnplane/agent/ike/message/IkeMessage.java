package io.vpnplane.agent.ike.message;

import java.util.List;
import java.util.Optional;

/** A whole IKE message as it travels in one UDP datagram (without the non-ESP marker). */
public record IkeMessage(IkeHeader header, List<Payload> payloads) {

    public IkeMessage {
        payloads = List.copyOf(payloads);
    }

    public byte[] encode() {
        byte[] chain = PayloadChain.encode(payloads);
        ByteWriter out = new ByteWriter();
        header.encode(out, PayloadChain.firstType(payloads), IkeHeader.LENGTH + chain.length);
        return out.bytes(chain).toByteArray();
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public <T extends Payload> List<T> all(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Reads only the header, e.g. to find the IKE SA before deciding whether to decode further. */
    public static IkeHeader decodeHeader(byte[] datagram) throws IkeDecodeException {
        return decodeHeader(new ByteReader(datagram), datagram.length);
    }

    public static IkeMessage decode(byte[] datagram) throws IkeDecodeException {
        try {
            ByteReader in = new ByteReader(datagram);
            int nextPayload = peekNextPayload(datagram);
            IkeHeader header = decodeHeader(in, datagram.length);
            List<Payload> payloads = PayloadChain.decode(nextPayload, in);
            in.expectEnd("IKE message");
            return new IkeMessage(header, payloads);
        } catch (IllegalArgumentException e) {
            // Record invariants reject some well-framed but impossible contents; still a decode error.
            throw new IkeDecodeException(IkeDecodeException.Kind.MALFORMED, e.getMessage());
        }
    }

    private static int peekNextPayload(byte[] datagram) throws IkeDecodeException {
        if (datagram.length < IkeHeader.LENGTH) {
            throw new IkeDecodeException(IkeDecodeException.Kind.TRUNCATED, "shorter than the IKE header");
        }
        return datagram[16] & 0xff;
    }

    private static IkeHeader decodeHeader(ByteReader in, int datagramLength) throws IkeDecodeException {
        if (datagramLength < IkeHeader.LENGTH) {
            throw new IkeDecodeException(IkeDecodeException.Kind.TRUNCATED, "shorter than the IKE header");
        }
        long spiI = in.u64("SPIi");
        long spiR = in.u64("SPIr");
        in.u8("next payload");
        int version = in.u8("version");
        if ((version >>> 4) != 2) {
            throw new IkeDecodeException(IkeDecodeException.Kind.UNSUPPORTED_VERSION,
                    "major version " + (version >>> 4));
        }
        int exchange = in.u8("exchange type");
        int flags = in.u8("flags");
        int messageId = (int) in.u32("message id");
        long length = in.u32("length");
        if (length != datagramLength) {
            throw new IkeDecodeException(IkeDecodeException.Kind.BAD_LENGTH,
                    "header length " + length + " but datagram has " + datagramLength);
        }
        ExchangeType type = ExchangeType.fromCode(exchange).orElseThrow(() -> new IkeDecodeException(
                IkeDecodeException.Kind.MALFORMED, "exchange type " + exchange));
        return new IkeHeader(spiI, spiR, type, (flags & IkeHeader.FLAG_INITIATOR) != 0,
                (flags & IkeHeader.FLAG_RESPONSE) != 0, messageId);
    }
}
