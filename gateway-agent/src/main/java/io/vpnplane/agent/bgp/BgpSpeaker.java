package io.vpnplane.agent.bgp;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.BgpConnection;
import io.vpnplane.agent.bgp.session.BgpEvent;
import io.vpnplane.agent.bgp.session.BgpSession;
import io.vpnplane.agent.bgp.session.ConnectionInitiator;
import io.vpnplane.agent.bgp.session.LearnedRoute;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.agent.bgp.session.SessionSnapshot;
import io.vpnplane.agent.bgp.session.SessionWarmUp;
import io.vpnplane.agent.bgp.session.TimerScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's BGP speaker: one NIO event-loop thread runs every session's state machine, its
 * timers and its TCP connections. Public methods may be called from any thread; they hand
 * work to the loop. Events reach the listener on the loop thread, so it must not block.
 */
public final class BgpSpeaker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int READ_BUFFER = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final Consumer<BgpEvent> listener;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Map<String, BgpSession> sessions = new LinkedHashMap<>();
    private final Map<InetAddress, BgpSession> sessionsByPeer = new HashMap<>();
    private final Map<BgpSession, SocketChannel> pendingConnects = new HashMap<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final OptionalInt sessionListenPort;
    private final Map<InetSocketAddress, SessionListener> sessionListeners = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Scheduler scheduler = new Scheduler();
    private final Initiator initiator = new Initiator();
    private volatile boolean running = true;
    private long timerSequence;

    private BgpSpeaker(SpeakerConfig config, Consumer<BgpEvent> listener) throws IOException {
        this.listener = listener;
        this.sessionListenPort = config.sessionListenPort();
        this.selector = Selector.open();
        try {
            for (InetSocketAddress address : config.listenAddresses()) {
                ServerSocketChannel server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(address);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                listeners.add(server);
            }
        } catch (IOException e) {
            for (ServerSocketChannel server : listeners) {
                server.close();
            }
            selector.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().name("bgp-speaker").daemon(true).unstarted(this::loop);
    }

    /**
     * What an agent runs once before its speaker's first session: {@link SessionWarmUp} over 20,000 prefixes, five
     * times (a few hundred ms), so that the first full table from a peer meets compiled code.
     */
    public static void warmUp() {
        long start = System.nanoTime();
        long routes = SessionWarmUp.run(20_000, 5);
        LOG.log(System.Logger.Level.INFO, "BGP receive path warmed up with {0} routes in {1} ms", routes,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Binds the listen addresses and starts the event loop. */
    public static BgpSpeaker start(SpeakerConfig config, Consumer<BgpEvent> listener) throws IOException {
        BgpSpeaker speaker = new BgpSpeaker(config, listener);
        speaker.thread.start();
        return speaker;
    }

    /** The addresses actually bound (useful with port 0), sessions' local addresses included once bound. */
    public List<InetSocketAddress> boundAddresses() {
        return call(() -> {
            List<ServerSocketChannel> bound = new ArrayList<>(listeners);
            sessionListeners.values().stream().filter(l -> l.channel != null).forEach(l -> bound.add(l.channel));
            return bound.stream().map(s -> {
                try {
                    return (InetSocketAddress) s.getLocalAddress();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        });
    }

    /** Adds a session and starts it (ManualStart). Its id and peer address must be unique. */
    public void addSession(SessionConfig config) {
        call(() -> {
            if (sessions.containsKey(config.id()) || sessionsByPeer.containsKey(config.peerAddress())) {
                throw new IllegalArgumentException("a session with id " + config.id() + " or peer " + config.peerAddress() + " exists");
            }
            BgpSession session = new BgpSession(config, scheduler, initiator, this::publish);
            sessions.put(config.id(), session);
            sessionsByPeer.put(config.peerAddress(), session);
            session.start();
            sessionListenerAddress(config).ifPresent(address -> sessionListeners
                    .computeIfAbsent(address, a -> new SessionListener(a, config.connectRetryTime())).use(config.id()));
            return null;
        });
    }

    /** Stops a session (Cease to the peer, learned routes withdrawn) and forgets it. */
    public void removeSession(String id) {
        call(() -> {
            BgpSession session = sessions.remove(id);
            if (session != null) {
                sessionsByPeer.remove(session.config().peerAddress());
                cancelPendingConnect(session);
                session.stop();
                sessionListenerAddress(session.config()).ifPresent(address -> {
                    SessionListener bound = sessionListeners.get(address);
                    if (bound != null && bound.release(id)) {
                        sessionListeners.remove(address);
                    }
                });
            }
            return null;
        });
    }

    /** Replaces the prefixes a session advertises (REQ-CONN-010 auto-advertise). */
    public void advertise(String id, Set<Ipv4Prefix> prefixes) {
        Set<Ipv4Prefix> copy = Set.copyOf(prefixes);
        call(() -> {
            existing(id).advertise(copy);
            return null;
        });
    }

    public List<SessionSnapshot> sessions() {
        return call(() -> sessions.values().stream().map(BgpSession::snapshot).toList());
    }

    public Optional<SessionSnapshot> session(String id) {
        return call(() -> Optional.ofNullable(sessions.get(id)).map(BgpSession::snapshot));
    }

    public List<LearnedRoute> learnedRoutes(String id) {
        return call(() -> existing(id).learnedRoutes());
    }

    public Set<Ipv4Prefix> advertisedPrefixes(String id) {
        return call(() -> existing(id).advertisedPrefixes());
    }

    private BgpSession existing(String id) {
        BgpSession session = sessions.get(id);
        if (session == null) {
            throw new IllegalArgumentException("no BGP session " + id);
        }
        return session;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            call(() -> {
                sessions.values().forEach(BgpSession::stop);
                return null;
            });
        } finally {
            running = false;
            selector.wakeup();
            try {
                thread.join(CALL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void publish(BgpEvent event) {
        listener.accept(event);
    }

    /** Runs {@code work} on the loop and waits for its result; rethrows its exception. */
    private <T> T call(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        if (!running) {
            throw new IllegalStateException("speaker closed");
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                future.complete(work.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("BGP speaker did not answer within " + CALL_TIMEOUT, e);
        }
    }

    // ---- event loop ----------------------------------------------------------------------------

    private void loop() {
        while (running) {
            try {
                runTasks();
                long wait = runDueTimers();
                if (wait == 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handleKey(key);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                // One broken connection or a bug in one session must not stop every session.
                LOG.log(System.Logger.Level.ERROR, "BGP event loop iteration failed", e);
            }
        }
        shutdown();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Runs expired timers; returns milliseconds until the next one (0 = poll, -1 never used). */
    private long runDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().at - now <= 0) {
            Timer timer = timers.poll();
            if (!timer.cancelled) {
                timer.task.run();
            }
            now = System.nanoTime();
        }
        if (!tasks.isEmpty()) {
            return 0;
        }
        if (timers.isEmpty()) {
            return 1000;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(timers.peek().at - now) + 1);
    }

    private void handleKey(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Object attachment = key.attachment();
        try {
            if (key.isAcceptable()) {
                accept((ServerSocketChannel) key.channel());
            } else if (attachment instanceof Connecting connecting && key.isConnectable()) {
                connecting.finish(key);
            } else if (attachment instanceof NioConnection connection) {
                if (key.isReadable()) {
                    connection.read();
                }
                if (key.isValid() && key.isWritable()) {
                    connection.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "BGP connection failed: {0}", e.toString());
            if (attachment instanceof NioConnection connection) {
                connection.broken();
            }
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        BgpSession session = sessionsByPeer.get(remote.getAddress());
        if (session == null) {
            LOG.log(System.Logger.Level.INFO, "BGP connection from unconfigured peer {0} refused", remote);
            channel.close();
            return;
        }
        session.inboundConnected(NioConnection.register(this, session, channel));
    }

    private void cancelPendingConnect(BgpSession session) {
        SocketChannel previous = pendingConnects.remove(session);
        if (previous != null) {
            try {
                previous.close();
            } catch (IOException ignored) {
                // Abandoning an attempt: nothing to do if closing it fails too.
            }
        }
    }

    private void shutdown() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // Shutting down: a channel that fails to close is gone anyway.
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Shutting down.
        }
    }

    // ---- listening on sessions' local addresses ---------------------------------------------------

    private Optional<InetSocketAddress> sessionListenerAddress(SessionConfig config) {
        if (sessionListenPort.isEmpty()) {
            return Optional.empty();
        }
        return config.localAddress().map(local -> new InetSocketAddress(local, sessionListenPort.getAsInt()));
    }

    /**
     * Accepts connections on one local address for the sessions that use it. The address may not
     * exist yet (a tunnel's inside address appears when the tunnel is set up): a failed bind is
     * retried with the connect-retry time of the session that asked first, as its outbound connects are.
     */
    private final class SessionListener {
        final InetSocketAddress address;
        final Duration retry;
        final Set<String> sessionIds = new HashSet<>();
        ServerSocketChannel channel;
        TimerScheduler.Cancellable retryTimer;
        boolean reported;

        SessionListener(InetSocketAddress address, Duration retry) {
            this.address = address;
            this.retry = retry;
            bind();
        }

        void use(String sessionId) {
            sessionIds.add(sessionId);
        }

        /** Returns true when no session uses the address any more and the listener is closed. */
        boolean release(String sessionId) {
            sessionIds.remove(sessionId);
            if (!sessionIds.isEmpty()) {
                return false;
            }
            if (retryTimer != null) {
                retryTimer.cancel();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nobody listens here any more either way.
                }
            }
            return true;
        }

        void bind() {
            retryTimer = null;
            ServerSocketChannel server = null;
            try {
                server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(address);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                channel = server;
                LOG.log(System.Logger.Level.INFO, "BGP listening on {0}", address);
            } catch (IOException e) {
                if (server != null) {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // The bind failed already; that is what is reported.
                    }
                }
                LOG.log(reported ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                        "BGP cannot listen on {0} yet ({1}); retrying every {2}", address, e.toString(), retry);
                reported = true;
                retryTimer = scheduler.schedule(retry, this::bind);
            }
        }
    }

    // ---- timers --------------------------------------------------------------------------------

    private final class Timer implements Comparable<Timer>, TimerScheduler.Cancellable {
        final long at;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Timer(long at, long sequence, Runnable task) {
            this.at = at;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            long diff = at - o.at;
            return diff != 0 ? Long.signum(diff) : Long.compare(sequence, o.sequence);
        }
    }

    /** Timers on the loop thread; sessions only call it from there. */
    private final class Scheduler implements TimerScheduler {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Timer timer = new Timer(System.nanoTime() + delay.toNanos(), timerSequence++, task);
            timers.add(timer);
            return timer;
        }
    }

    // ---- outbound connections --------------------------------------------------------------------

    private final class Initiator implements ConnectionInitiator {
        @Override
        public void connect(BgpSession session) {
            cancelPendingConnect(session);
            SessionConfig config = session.config();
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (config.localAddress().isPresent()) {
                    channel.bind(new InetSocketAddress(config.localAddress().get(), 0));
                }
                boolean connected = channel.connect(new InetSocketAddress(config.peerAddress(), config.peerPort()));
                if (connected) {
                    session.outboundConnected(NioConnection.register(BgpSpeaker.this, session, channel));
                    return;
                }
                pendingConnects.put(session, channel);
                channel.register(selector, SelectionKey.OP_CONNECT, new Connecting(session, channel));
            } catch (IOException e) {
                closeQuietly(channel);
                String reason = e.toString();
                tasks.add(() -> session.outboundFailed(reason));
            }
        }
    }

    /** Attachment of a channel whose connect is in flight. */
    private final class Connecting {
        final BgpSession session;
        final SocketChannel channel;

        Connecting(BgpSession session, SocketChannel channel) {
            this.session = session;
            this.channel = channel;
        }

        void finish(SelectionKey key) {
            if (pendingConnects.get(session) != channel) {
                closeQuietly(channel);
                return;
            }
            pendingConnects.remove(session);
            try {
                channel.finishConnect();
            } catch (IOException e) {
                key.cancel();
                closeQuietly(channel);
                session.outboundFailed(e.toString());
                return;
            }
            try {
                session.outboundConnected(NioConnection.register(BgpSpeaker.this, session, channel));
            } catch (IOException e) {
                closeQuietly(channel);
                session.outboundFailed(e.toString());
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the original error is reported.
            }
        }
    }

    Selector selector() {
        return selector;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }
}
