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
 * <p>With {@link Offload#TCP_SEGMENTATION} the device is opened with {@code IFF_VNET_HDR} and
 * {@code TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN)}: every packet read starts with a
 * {@link VirtioNetHeader}, and the kernel hands over a TCP flow's data in super-packets of up to 64 KiB
 * with checksums left to us (segmenting them is the reader's job, see {@link TcpSegments}); every
 * packet written carries a header too, which lets a writer hand the kernel coalesced TCP super-packets
 * ({@link TcpCoalescer}). One read or write per 64 KiB instead of per 1.4 KB packet is what makes this
 * worth it: the system calls, not the Java code, dominated the plain device's profile. IPv6
 * segmentation ({@code TUN_F_TSO6}) is not requested: the data plane carries IPv4 only. If the kernel
 * refuses the offloads the device is reopened plain ({@link #offload()} tells which one is in use).
 *
 * <p>The interface is created in the calling thread's network namespace. Packets are read into and
 * written from Java arrays directly (no intermediate native buffer). One thread may read while
 * another writes; each direction is serialised by its own lock because it reuses scratch memory.
 */
public final class TunDevice implements AutoCloseable {

    private static final long TUNSETIFF = 0x4004_54caL;
    private static final long TUNSETOFFLOAD = 0x4004_54d0L;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final long TUN_F_CSUM = 0x01;
    private static final long TUN_F_TSO4 = 0x02;
    private static final long TUN_F_TSO_ECN = 0x08;

    /** What the kernel may leave to this process. */
    public enum Offload {
        /** Plain IP packets both ways, each at most the MTU, checksums complete. */
        NONE,
        /** virtio_net_hdr on every packet; TCP/IPv4 super-packets and partial checksums both ways. */
        TCP_SEGMENTATION
    }

    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;

    private final String name;
    private final int fd;
    private final Offload offload;
    private final Arena arena = Arena.ofShared();
    private final NativeCalls.ThreadScratch readScratch;
    private final NativeCalls.ThreadScratch writeScratch;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** The caller's bytes where {@link #write} puts the header, guarded by {@code writeLock}. */
    private final byte[] savedHeaderRoom = new byte[VirtioNetHeader.LENGTH];
    private volatile boolean closed;

    private TunDevice(String name, int fd, Offload offload) {
        this.name = name;
        this.fd = fd;
        this.offload = offload;
        this.readScratch = new NativeCalls.ThreadScratch(arena);
        this.writeScratch = new NativeCalls.ThreadScratch(arena);
    }

    /**
     * Creates (or attaches to) the plain TUN interface {@code name}; it still has to be given addresses
     * and set up, e.g. with {@link IpCommand}.
     */
    public static TunDevice open(String name) throws IOException {
        return open(name, Offload.NONE);
    }

    /** As {@link #open(String)}, asking for {@code wanted}; falls back to {@link Offload#NONE} if refused. */
    public static TunDevice open(String name, Offload wanted) throws IOException {
        return open(name, wanted, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN);
    }

    /** Test seam: {@code offloadFlags} are the TUNSETOFFLOAD bits asked for (an unknown bit makes the kernel refuse). */
    static TunDevice open(String name, Offload wanted, long offloadFlags) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must be 1.." + (IFNAMSIZ - 1) + " characters: " + name);
        }
        if (wanted == Offload.TCP_SEGMENTATION) {
            int fd = attach(nameBytes, (short) (IFF_TUN | IFF_NO_PI | IFF_VNET_HDR));
            try {
                NativeCalls.ioctl(fd, TUNSETOFFLOAD, offloadFlags);
                return new TunDevice(name, fd, Offload.TCP_SEGMENTATION);
            } catch (NativeCalls.NativeCallException e) {
                // An older or restricted kernel: closing the only fd removes the device, then open it plain.
                NativeCalls.close(fd);
            }
        }
        return new TunDevice(name, attach(nameBytes, (short) (IFF_TUN | IFF_NO_PI)), Offload.NONE);
    }

    private static int attach(byte[] nameBytes, short flags) throws IOException {
        int fd = NativeCalls.open("/dev/net/tun", NativeCalls.O_RDWR | NativeCalls.O_NONBLOCK | NativeCalls.O_CLOEXEC);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ifreq = call.allocate(IFREQ_SIZE);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, flags);
            NativeCalls.ioctl(fd, TUNSETIFF, ifreq);
            return fd;
        } catch (IOException | RuntimeException e) {
            NativeCalls.close(fd);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The offload in use: with {@link Offload#TCP_SEGMENTATION} every packet read or written has a virtio_net_hdr. */
    public Offload offload() {
        return offload;
    }

    /**
     * Reads one IP packet into {@code buf[offset...]}, waiting up to {@code timeoutMillis}; with
     * {@link Offload#TCP_SEGMENTATION} it is preceded by its {@link VirtioNetHeader}.
     *
     * @return the bytes read, or 0 if none arrived in time (or the device was closed)
     */
    public int read(byte[] buf, int offset, int maxLength, int timeoutMillis) throws IOException {
        synchronized (readLock) {
            if (closed || !NativeCalls.pollReadable(readScratch, fd, timeoutMillis) || closed) {
                return 0;
            }
            return NativeCalls.read(readScratch, fd, buf, offset, maxLength);
        }
    }

    /**
     * Writes one complete IP packet (the kernel then routes or delivers it as if it came in on this
     * interface). With a virtio_net_hdr the plain header is put in front of it: in the 10 bytes before
     * {@code offset} if there are (restored afterwards), else in a copy.
     */
    public void write(byte[] buf, int offset, int length) throws IOException {
        if (offload == Offload.NONE) {
            writeRaw(buf, offset, length);
        } else if (offset >= VirtioNetHeader.LENGTH) {
            int at = offset - VirtioNetHeader.LENGTH;
            synchronized (writeLock) {
                System.arraycopy(buf, at, savedHeaderRoom, 0, VirtioNetHeader.LENGTH);
                VirtioNetHeader.NONE.write(buf, at);
                try {
                    writeRaw(buf, at, VirtioNetHeader.LENGTH + length);
                } finally {
                    System.arraycopy(savedHeaderRoom, 0, buf, at, VirtioNetHeader.LENGTH);
                }
            }
        } else {
            byte[] copy = new byte[VirtioNetHeader.LENGTH + length];
            VirtioNetHeader.NONE.write(copy, 0);
            System.arraycopy(buf, offset, copy, VirtioNetHeader.LENGTH, length);
            writeRaw(copy, 0, copy.length);
        }
    }

    /** Writes {@code buf[offset, +length)} as it is: with offloads on, it must start with a virtio_net_hdr. */
    public void writeRaw(byte[] buf, int offset, int length) throws IOException {
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
