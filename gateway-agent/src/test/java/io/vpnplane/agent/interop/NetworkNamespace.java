package io.vpnplane.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A named Linux network namespace ({@code ip netns}), created and deleted by {@link TestNetwork}.
 *
 * <p>Three ways to put work inside it: {@link #run} for a short command, {@link #start} for a daemon,
 * and {@link #callInside} to create sockets (or TUN devices) for code running in this JVM.
 */
public record NetworkNamespace(String name) {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    /** Runs a command inside the namespace ({@code ip netns exec NAME ...}). */
    public CommandResult run(String... command) {
        return run(HostCommands.DEFAULT_TIMEOUT, command);
    }

    public CommandResult run(Duration timeout, String... command) {
        return HostCommands.run(timeout, Map.of(), inside(List.of(command)));
    }

    /**
     * Starts a long-running process inside the namespace, its stdout and stderr going to {@code outputFile}.
     * The caller owns the returned process and must destroy it.
     */
    public Process start(List<String> command, Map<String, String> environment, Path outputFile) {
        ProcessBuilder builder = new ProcessBuilder(inside(command))
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + name, e);
        }
    }

    /** PIDs of all processes whose network namespace this is. */
    public List<Long> pids() {
        CommandResult result = HostCommands.run("ip", "netns", "pids", name);
        if (!result.succeeded()) {
            return List.of();
        }
        return Arrays.stream(result.stdout().split("\\s+")).filter(s -> !s.isBlank()).map(Long::valueOf).toList();
    }

    /**
     * Runs {@code action} on a fresh platform thread that has joined this namespace (setns(2)), and returns
     * its result. Sockets, channels and TUN devices opened by {@code action} belong to this namespace for
     * their whole life, whichever thread later uses them: this is how an in-process IKE engine or ESP data
     * plane under test binds to the namespace's addresses. Needs root and
     * {@code --enable-native-access=ALL-UNNAMED} (set in the parent pom's surefire argLine).
     */
    public <T> T callInside(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        // A platform thread: a virtual thread could hop between carrier threads and lose the namespace.
        Thread thread = Thread.ofPlatform().name("netns-" + name).start(() -> {
            try {
                enterNamespace();
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.join();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void enterNamespace() throws Throwable {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(libc.find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom("/run/netns/" + name);
            int fd = (int) open.invokeExact(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open /run/netns/" + name);
            }
            try {
                int rc = (int) setns.invokeExact(fd, CLONE_NEWNET);
                if (rc != 0) {
                    throw new IOException("setns into " + name + " failed (root needed)");
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        }
    }

    private List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }
}
