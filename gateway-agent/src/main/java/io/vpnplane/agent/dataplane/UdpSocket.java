package io.vpnplane.agent.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 UDP socket through the FFM API, for what {@link java.nio.channels.DatagramChannel} cannot do:
 * UDP segmentation offload on send ({@code UDP_SEGMENT}: many equal-sized datagrams handed to the kernel
 * in one {@code sendmsg}) and UDP receive coalescing ({@code UDP_GRO}: a train of datagrams of one flow
 * delivered in one buffer with their size), plus {@code recvmmsg} batches. Both offloads are optional;
 * when the kernel refuses one, the socket sends datagram by datagram or receives them one per buffer.
 *
 * <p>Payloads go through native memory (a {@code struct iovec} cannot point into the Java heap), one
 * copy each way; that is what the JDK's own channel does with heap buffers too.
 *
 * <p>One thread may send while another receives: each side has its own native memory and lock.
 */
final class UdpSocket implements AutoCloseable {

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int UDP_GRO = 104;
    private static final int MSG_TRUNC = 0x20;
    private static final int EIO = 5;
    private static final int EINVAL = 22;
    private static final int EMSGSIZE = 90;
    /** The kernel's UDP_MAX_SEGMENTS in older kernels (newer ones allow 128). */
    static final int MAX_SEGMENTS = 64;
    /** Largest UDP payload of one IPv4 datagram, also the limit of one segmented send. */
    static final int MAX_PAYLOAD = 65_507;
    /** Room for a whole coalesced train (or any datagram) per receive buffer. */
    static final int SLOT = 65_536;
    private static final int SOCKADDR_IN = 16;
    private static final int MSGHDR = 56;
    private static final int MMSGHDR = 64;
    private static final int CONTROL = 64;
    /** Socket buffers: a coalesced train counts ~64 KiB against the receive buffer, the default holds three. */
    private static final int BUFFER_BYTES = 4 << 20;

    /** Whether segmentation and coalescing are to be tried. */
    enum Offload {
        NONE, SEGMENTATION
    }

    /** One received datagram, valid until the next call. */
    @FunctionalInterface
    interface DatagramHandler {
        void datagram(byte[] buf, int length, InetSocketAddress from) throws IOException;
    }

    private final int fd;
    private final InetSocketAddress local;
    private final Arena arena = Arena.ofShared();
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private volatile boolean sendSegmentation;
    private final boolean receiveCoalescing;
    // send side
    private final MemorySegment sendData;
    private final MemorySegment sendMessage;
    private final MemorySegment sendIov;
    private final MemorySegment sendAddress;
    private final MemorySegment sendControl;
    private final NativeCalls.ThreadScratch sendScratch;
    private InetSocketAddress lastTarget;
    // receive side
    private final int slots;
    private final MemorySegment receiveData;
    private final MemorySegment receiveMessages;
    private final MemorySegment receiveAddresses;
    private final MemorySegment receiveControls;
    private final NativeCalls.ThreadScratch receiveScratch;
    private int lastSourceAddress;
    private int lastSourcePort = -1;
    private InetSocketAddress lastSource;
    private volatile boolean closed;

    private UdpSocket(int fd, InetSocketAddress local, boolean sendSegmentation, boolean receiveCoalescing,
            int slots) {
        this.fd = fd;
        this.local = local;
        this.sendSegmentation = sendSegmentation;
        this.receiveCoalescing = receiveCoalescing;
        this.slots = slots;
        this.sendData = arena.allocate(SLOT, 64);
        this.sendMessage = arena.allocate(MSGHDR, 8);
        this.sendIov = arena.allocate(16, 8);
        this.sendAddress = arena.allocate(SOCKADDR_IN, 8);
        this.sendControl = arena.allocate(24, 8);
        this.sendScratch = new NativeCalls.ThreadScratch(arena);
        sendIov.set(JAVA_LONG, 0, sendData.address());
        sendMessage.set(JAVA_LONG, 0, sendAddress.address());
        sendMessage.set(JAVA_INT, 8, SOCKADDR_IN);
        sendMessage.set(JAVA_LONG, 16, sendIov.address());
        sendMessage.set(JAVA_LONG, 24, 1L);
        // cmsghdr for UDP_SEGMENT: CMSG_LEN(2) = 18, CMSG_SPACE(2) = 24
        sendControl.set(JAVA_LONG, 0, 18L);
        sendControl.set(JAVA_INT, 8, SOL_UDP);
        sendControl.set(JAVA_INT, 12, UDP_SEGMENT);

        this.receiveData = arena.allocate((long) SLOT * slots, 64);
        this.receiveMessages = arena.allocate((long) MMSGHDR * slots, 8);
        this.receiveAddresses = arena.allocate((long) SOCKADDR_IN * slots, 8);
        this.receiveControls = arena.allocate((long) CONTROL * slots, 8);
        MemorySegment receiveIovs = arena.allocate(16L * slots, 8);
        this.receiveScratch = new NativeCalls.ThreadScratch(arena);
        for (int i = 0; i < slots; i++) {
            receiveIovs.set(JAVA_LONG, 16L * i, receiveData.address() + (long) SLOT * i);
            receiveIovs.set(JAVA_LONG, 16L * i + 8, SLOT);
            long m = (long) MMSGHDR * i;
            receiveMessages.set(JAVA_LONG, m, receiveAddresses.address() + (long) SOCKADDR_IN * i);
            receiveMessages.set(JAVA_LONG, m + 16, receiveIovs.address() + 16L * i);
            receiveMessages.set(JAVA_LONG, m + 24, 1L);
            receiveMessages.set(JAVA_LONG, m + 32, receiveControls.address() + (long) CONTROL * i);
        }
    }

    /**
     * Opens a UDP socket bound to {@code local} in the calling thread's network namespace.
     *
     * @param slots buffers per {@link #receive} call (one {@code recvmmsg})
     */
    static UdpSocket bind(InetSocketAddress local, Offload offload, int slots) throws IOException {
        if (!(local.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 only: " + local);
        }
        int fd = NativeCalls.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try (Arena call = Arena.ofConfined()) {
            NativeCalls.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
            bufferSize(fd, SO_RCVBUFFORCE, SO_RCVBUF);
            bufferSize(fd, SO_SNDBUFFORCE, SO_SNDBUF);
            MemorySegment address = call.allocate(SOCKADDR_IN, 8);
            writeAddress(address, local);
            NativeCalls.bind(fd, address);
            NativeCalls.getsockname(fd, address);
            InetSocketAddress bound = readAddress(address);
            boolean wanted = offload == Offload.SEGMENTATION;
            // Setting the socket's default segment size to 0 (none) probes for UDP_SEGMENT (Linux 4.18).
            boolean gso = wanted && trySetsockopt(fd, UDP_SEGMENT, 0);
            boolean gro = wanted && trySetsockopt(fd, UDP_GRO, 1); // Linux 5.0
            return new UdpSocket(fd, bound, gso, gro, slots);
        } catch (IOException | RuntimeException e) {
            NativeCalls.close(fd);
            throw e;
        }
    }

    private static boolean trySetsockopt(int fd, int option, int value) {
        try {
            NativeCalls.setsockopt(fd, SOL_UDP, option, value);
            return true;
        } catch (NativeCalls.NativeCallException e) {
            return false;
        }
    }

    private static void bufferSize(int fd, int forced, int plain) throws NativeCalls.NativeCallException {
        try {
            NativeCalls.setsockopt(fd, SOL_SOCKET, forced, BUFFER_BYTES);
        } catch (NativeCalls.NativeCallException e) {
            NativeCalls.setsockopt(fd, SOL_SOCKET, plain, BUFFER_BYTES); // capped at net.core.*mem_max
        }
    }

    InetSocketAddress localAddress() {
        return local;
    }

    /** Sends with one system call per segment train ({@code UDP_SEGMENT}) while the kernel accepts it. */
    boolean sendsSegmented() {
        return sendSegmentation;
    }

    /** Receives trains of datagrams per buffer ({@code UDP_GRO}). */
    boolean receivesCoalesced() {
        return receiveCoalescing;
    }

    /** Sends one datagram. */
    void send(byte[] buf, int off, int length, InetSocketAddress to) throws IOException {
        synchronized (sendLock) {
            prepare(buf, off, length, to);
            sendMessage.set(JAVA_LONG, 32, 0L);
            sendMessage.set(JAVA_LONG, 40, 0L);
            NativeCalls.sendmsg(sendScratch, fd, sendMessage, 0);
        }
    }

    /**
     * Sends the datagrams laid out back to back at {@code buf[off, +totalLength)}: every one
     * {@code segmentSize} bytes long except the last, which may be shorter. At most
     * {@link #MAX_SEGMENTS} datagrams and {@link #MAX_PAYLOAD} bytes.
     */
    void sendSegments(byte[] buf, int off, int segmentSize, int totalLength, InetSocketAddress to) throws IOException {
        if (totalLength <= segmentSize) {
            send(buf, off, totalLength, to);
            return;
        }
        synchronized (sendLock) {
            prepare(buf, off, totalLength, to);
            if (sendSegmentation) {
                sendControl.set(JAVA_SHORT, 16, (short) segmentSize);
                sendMessage.set(JAVA_LONG, 32, sendControl.address());
                sendMessage.set(JAVA_LONG, 40, 24L);
                try {
                    NativeCalls.sendmsg(sendScratch, fd, sendMessage, 0);
                    return;
                } catch (NativeCalls.NativeCallException e) {
                    if (e.errno() == EIO) {
                        // The route cannot take segmented UDP (an xfrm policy on it): datagram by datagram from now.
                        sendSegmentation = false;
                    } else if (e.errno() != EMSGSIZE && e.errno() != EINVAL) {
                        throw e;
                    }
                    // Segments longer than the route's MTU allows (EMSGSIZE, EINVAL before Linux 5.x): this train
                    // goes datagram by datagram, which the kernel may fragment.
                }
            }
            sendMessage.set(JAVA_LONG, 32, 0L);
            sendMessage.set(JAVA_LONG, 40, 0L);
            for (int at = 0; at < totalLength; at += segmentSize) {
                int length = Math.min(segmentSize, totalLength - at);
                sendIov.set(JAVA_LONG, 0, sendData.address() + at);
                sendIov.set(JAVA_LONG, 8, length);
                NativeCalls.sendmsg(sendScratch, fd, sendMessage, 0);
            }
            sendIov.set(JAVA_LONG, 0, sendData.address());
        }
    }

    private void prepare(byte[] buf, int off, int length, InetSocketAddress to) {
        if (length > SLOT) {
            throw new IllegalArgumentException("datagram train of " + length + " bytes");
        }
        MemorySegment.copy(buf, off, sendData, JAVA_BYTE, 0, length);
        sendIov.set(JAVA_LONG, 0, sendData.address());
        sendIov.set(JAVA_LONG, 8, length);
        if (to != lastTarget) {
            writeAddress(sendAddress, to);
            lastTarget = to;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for datagrams, then takes everything that is there (up to the
     * slot count, each slot possibly a coalesced train) and hands the datagrams one by one to
     * {@code handler}, copied to {@code buf} (at least {@link #SLOT} bytes).
     *
     * @return datagrams handed over; 0 on timeout or after {@link #close}
     */
    int receive(byte[] buf, int timeoutMillis, DatagramHandler handler) throws IOException {
        synchronized (receiveLock) {
            if (closed || !NativeCalls.pollReadable(receiveScratch, fd, timeoutMillis) || closed) {
                return 0;
            }
            for (int i = 0; i < slots; i++) {
                long m = (long) MMSGHDR * i;
                receiveMessages.set(JAVA_INT, m + 8, SOCKADDR_IN);
                receiveMessages.set(JAVA_LONG, m + 40, CONTROL);
                receiveMessages.set(JAVA_INT, m + 48, 0);
            }
            int received = NativeCalls.recvmmsgNow(receiveScratch, fd, receiveMessages, slots);
            int datagrams = 0;
            for (int i = 0; i < received; i++) {
                long m = (long) MMSGHDR * i;
                int length = receiveMessages.get(JAVA_INT, m + 56);
                if ((receiveMessages.get(JAVA_INT, m + 48) & MSG_TRUNC) != 0) {
                    continue; // larger than any datagram this socket expects
                }
                InetSocketAddress from = source(i);
                int segment = coalescedSize(i);
                if (segment <= 0) {
                    segment = length;
                }
                long base = (long) SLOT * i;
                for (int at = 0; at < length; at += segment) {
                    int size = Math.min(segment, length - at);
                    MemorySegment.copy(receiveData, JAVA_BYTE, base + at, buf, 0, size);
                    handler.datagram(buf, size, from);
                    datagrams++;
                }
            }
            return datagrams;
        }
    }

    /** The UDP_GRO control message's segment size, or 0 without one. */
    private int coalescedSize(int slot) {
        long m = (long) MMSGHDR * slot;
        long controlLength = receiveMessages.get(JAVA_LONG, m + 40);
        long c = (long) CONTROL * slot;
        long at = 0;
        while (at + 16 <= controlLength) {
            long cmsgLength = receiveControls.get(JAVA_LONG, c + at);
            if (cmsgLength < 16 || at + cmsgLength > controlLength) {
                return 0;
            }
            if (receiveControls.get(JAVA_INT, c + at + 8) == SOL_UDP && receiveControls.get(JAVA_INT, c + at + 12) == UDP_GRO
                    && cmsgLength >= 20) {
                return receiveControls.get(JAVA_INT, c + at + 16);
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return 0;
    }

    /** The sender of slot {@code i}, reusing the last address object while the sender stays the same. */
    private InetSocketAddress source(int slot) throws UnknownHostException {
        long a = (long) SOCKADDR_IN * slot;
        int port = Short.toUnsignedInt(Short.reverseBytes(receiveAddresses.get(JAVA_SHORT, a + 2)));
        int address = Integer.reverseBytes(receiveAddresses.get(JAVA_INT, a + 4));
        if (port != lastSourcePort || address != lastSourceAddress || lastSource == null) {
            lastSource = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) (address >>> 24),
                (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}), port);
            lastSourcePort = port;
            lastSourceAddress = address;
        }
        return lastSource;
    }

    private static void writeAddress(MemorySegment sockaddr, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        sockaddr.fill((byte) 0);
        sockaddr.set(JAVA_SHORT, 0, (short) AF_INET);
        sockaddr.set(JAVA_SHORT, 2, Short.reverseBytes((short) address.getPort()));
        MemorySegment.copy(ip, 0, sockaddr, JAVA_BYTE, 4, 4);
    }

    private static InetSocketAddress readAddress(MemorySegment sockaddr) throws UnknownHostException {
        byte[] ip = new byte[4];
        MemorySegment.copy(sockaddr, JAVA_BYTE, 4, ip, 0, 4);
        int port = Short.toUnsignedInt(Short.reverseBytes(sockaddr.get(JAVA_SHORT, 2)));
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Receives poll with a timeout: wait for one in flight before the fd number can be reused.
        synchronized (receiveLock) {
            synchronized (sendLock) {
                NativeCalls.close(fd);
                arena.close();
            }
        }
    }
}
