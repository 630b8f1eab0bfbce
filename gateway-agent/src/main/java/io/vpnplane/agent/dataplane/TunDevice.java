package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}: raw IP packets, no packet-information prefix)
 * opened through the FFM API: {@code open("/dev/net/tun")} and {@code ioctl(TUNSETIFF)}.
 *
 * <p>The interface is created in the calling thread's network namespace. Packets are read into and
 * written from Java arrays directly (no intermediate native buffer). One thread may read while
 * another writes; each direction is serialised by its own lock because it reuses scratch memory.
 */
public final class TunDevice implements AutoCloseable {

    private static final long TUNSETIFF = 0x4004_54caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;

    private final String name;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final NativeCalls.ThreadScratch readScratch;
    private final NativeCalls.ThreadScratch writeScratch;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    private TunDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
        this.readScratch = new NativeCalls.ThreadScratch(arena);
        this.writeScratch = new NativeCalls.ThreadScratch(arena);
    }

    /**
     * Creates (or attaches to) the TUN interface {@code name}; it still has to be given addresses and
     * set up, e.g. with {@link IpCommand}.
     */
    public static TunDevice open(String name) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must be 1.." + (IFNAMSIZ - 1) + " characters: " + name);
        }
        int fd = NativeCalls.open("/dev/net/tun", NativeCalls.O_RDWR | NativeCalls.O_NONBLOCK | NativeCalls.O_CLOEXEC);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ifreq = call.allocate(IFREQ_SIZE);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
            NativeCalls.ioctl(fd, TUNSETIFF, ifreq);
        } catch (IOException | RuntimeException e) {
            NativeCalls.close(fd);
            throw e;
        }
        return new TunDevice(name, fd);
    }

    public String name() {
        return name;
    }

    /**
     * Reads one IP packet into {@code buf[offset...]}, waiting up to {@code timeoutMillis}.
     *
     * @return the packet length, or 0 if none arrived in time (or the device was closed)
     */
    public int read(byte[] buf, int offset, int maxLength, int timeoutMillis) throws IOException {
        synchronized (readLock) {
            if (closed || !NativeCalls.pollReadable(readScratch, fd, timeoutMillis) || closed) {
                return 0;
            }
            return NativeCalls.read(readScratch, fd, buf, offset, maxLength);
        }
    }

    /** Writes one IP packet (the kernel then routes or delivers it as if it came in on this interface). */
    public void write(byte[] buf, int offset, int length) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("TUN device " + name + " is closed");
            }
            NativeCalls.write(writeScratch, fd, buf, offset, length);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Wait for an in-flight read/write (reads poll with a timeout) before the fd number can be reused.
        synchronized (readLock) {
            synchronized (writeLock) {
                NativeCalls.close(fd);
                arena.close();
            }
        }
    }
}
