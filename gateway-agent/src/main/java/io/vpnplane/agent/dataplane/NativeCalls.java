package io.vpnplane.agent.dataplane;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the data plane needs, bound once through the FFM API (no JNI library to build).
 * Every call captures errno so failures carry the real reason.
 */
final class NativeCalls {

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final short POLLIN = 0x1;
    static final int MSG_DONTWAIT = 0x40;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), ERRNO_CAPTURE);
    private static final MethodHandle IOCTL = bind("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2),
            ERRNO_CAPTURE);
    private static final MethodHandle IOCTL_VALUE = bind("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2),
            ERRNO_CAPTURE);
    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            ERRNO_CAPTURE);
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            ERRNO_CAPTURE);
    private static final MethodHandle GETSOCKNAME = bind("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO_CAPTURE);
    private static final MethodHandle SENDMSG = bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
            ERRNO_CAPTURE);
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO_CAPTURE);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            ERRNO_CAPTURE);
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT),
            ERRNO_CAPTURE);
    // read/write are non-blocking here (O_NONBLOCK after poll), so they may run as critical functions with
    // direct access to Java heap arrays: no copy between a native buffer and the packet array.
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
            Linker.Option.critical(true), ERRNO_CAPTURE);
    private static final MethodHandle WRITE = bind("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true), ERRNO_CAPTURE);

    private NativeCalls() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc lacks " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** A native call failed; {@code errno} is the C error number. */
    static final class NativeCallException extends java.io.IOException {
        private final int errno;

        NativeCallException(String call, int errno) {
            super(call + " failed: errno " + errno);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private static MemorySegment newCapture(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** One set-up downcall: its errno capture and any argument memory live in {@code arena} for the call only. */
    @FunctionalInterface
    private interface SetupCall {
        int invoke(Arena arena, MemorySegment capture) throws Throwable;
    }

    /** Runs a set-up call (not on the packet path, which keeps its scratch memory); a negative result is its errno. */
    private static int setup(String what, SetupCall call) throws NativeCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = newCapture(arena);
            int result = call.invoke(arena, capture);
            if (result < 0) {
                throw new NativeCallException(what, errno(capture));
            }
            return result;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int open(String path, int flags) throws NativeCallException {
        return setup("open(" + path + ")", (arena, capture) -> (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, 0));
    }

    static void ioctl(int fd, long request, MemorySegment argument) throws NativeCallException {
        setup("ioctl(" + Long.toHexString(request) + ")", (arena, capture) -> (int) IOCTL.invokeExact(capture, fd, request, argument));
    }

    /** An ioctl whose argument is a number, not a pointer (TUNSETOFFLOAD). */
    static void ioctl(int fd, long request, long value) throws NativeCallException {
        setup("ioctl(" + Long.toHexString(request) + ")", (arena, capture) -> (int) IOCTL_VALUE.invokeExact(capture, fd, request, value));
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int socket(int domain, int type, int protocol) throws NativeCallException {
        return setup("socket", (arena, capture) -> (int) SOCKET.invokeExact(capture, domain, type, protocol));
    }

    static void bind(int fd, MemorySegment address) throws NativeCallException {
        setup("bind", (arena, capture) -> (int) BIND.invokeExact(capture, fd, address, (int) address.byteSize()));
    }

    /** Fills {@code address} (a sockaddr of its size) with the socket's local address. */
    static void getsockname(int fd, MemorySegment address) throws NativeCallException {
        setup("getsockname", (arena, capture) -> (int) GETSOCKNAME.invokeExact(capture, fd, address,
                arena.allocateFrom(JAVA_INT, (int) address.byteSize())));
    }

    /** An int-valued socket option. */
    static void setsockopt(int fd, int level, int option, int value) throws NativeCallException {
        setup("setsockopt(" + level + ", " + option + ")", (arena, capture) -> (int) SETSOCKOPT.invokeExact(capture, fd, level,
                option, arena.allocateFrom(JAVA_INT, value), 4));
    }

    /** {@code sendmsg(2)} of a prepared {@code struct msghdr}: bytes sent. */
    static long sendmsg(ThreadScratch scratch, int fd, MemorySegment message, int flags) throws NativeCallException {
        try {
            long n = (long) SENDMSG.invokeExact(scratch.capture, fd, message, flags);
            if (n < 0) {
                throw new NativeCallException("sendmsg", errno(scratch.capture));
            }
            return n;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code recvmmsg(2)} without waiting: messages received, 0 if none was there. */
    static int recvmmsgNow(ThreadScratch scratch, int fd, MemorySegment messages, int count) throws NativeCallException {
        try {
            int n = (int) RECVMMSG.invokeExact(scratch.capture, fd, messages, count, MSG_DONTWAIT, MemorySegment.NULL);
            if (n < 0) {
                int errno = errno(scratch.capture);
                if (errno == EAGAIN || errno == EINTR) {
                    return 0;
                }
                throw new NativeCallException("recvmmsg", errno);
            }
            return n;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Moves the calling thread into the network namespace open at {@code fd} (CLONE_NEWNET). */
    static void setNetworkNamespace(int fd) throws NativeCallException {
        setup("setns", (arena, capture) -> (int) SETNS.invokeExact(capture, fd, 0x4000_0000));
    }

    /** Scratch memory owned by one thread: a pollfd and an errno capture, allocated once. */
    static final class ThreadScratch {
        final MemorySegment pollFd;
        final MemorySegment capture;

        ThreadScratch(Arena arena) {
            this.pollFd = arena.allocate(8, 4);
            this.capture = newCapture(arena);
        }
    }

    /** Waits until {@code fd} is readable: true if readable, false on timeout or interruption. */
    static boolean pollReadable(ThreadScratch scratch, int fd, int timeoutMillis) throws NativeCallException {
        scratch.pollFd.set(JAVA_INT, 0, fd);
        scratch.pollFd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 4, POLLIN);
        scratch.pollFd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int result = (int) POLL.invokeExact(scratch.capture, scratch.pollFd, 1L, timeoutMillis);
            if (result < 0) {
                int errno = errno(scratch.capture);
                if (errno == EINTR) {
                    return false;
                }
                throw new NativeCallException("poll", errno);
            }
            return result > 0;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Non-blocking read into a heap array: bytes read, or 0 if nothing was there. */
    static int read(ThreadScratch scratch, int fd, byte[] buf, int offset, int length) throws NativeCallException {
        try {
            long n = (long) READ.invokeExact(scratch.capture, fd, MemorySegment.ofArray(buf).asSlice(offset, length),
                    (long) length);
            if (n < 0) {
                int errno = errno(scratch.capture);
                if (errno == EAGAIN || errno == EINTR) {
                    return 0;
                }
                throw new NativeCallException("read", errno);
            }
            return (int) n;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int write(ThreadScratch scratch, int fd, byte[] buf, int offset, int length) throws NativeCallException {
        try {
            long n = (long) WRITE.invokeExact(scratch.capture, fd, MemorySegment.ofArray(buf).asSlice(offset, length),
                    (long) length);
            if (n < 0) {
                throw new NativeCallException("write", errno(scratch.capture));
            }
            return (int) n;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
