package io.vpnplane.agent.bgp.session;

import io.vpnplane.agent.bgp.message.AsPath;
import io.vpnplane.agent.bgp.message.BgpDecodeException;
import io.vpnplane.agent.bgp.message.BgpError;
import io.vpnplane.agent.bgp.message.BgpMessage;
import io.vpnplane.agent.bgp.message.CodecContext;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.message.Keepalive;
import io.vpnplane.agent.bgp.message.MessageFramer;
import io.vpnplane.agent.bgp.message.Notification;
import io.vpnplane.agent.bgp.message.Open;
import io.vpnplane.agent.bgp.message.Origin;
import io.vpnplane.agent.bgp.message.PathAttributes;
import io.vpnplane.agent.bgp.message.RouteRefresh;
import io.vpnplane.agent.bgp.message.Update;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One BGP peering: the RFC 4271 finite state machine, its Adj-RIB-In and the prefixes it
 * advertises. Single-threaded: every method must be called on the thread that runs the
 * {@link TimerScheduler}'s tasks. During connection collisions (RFC 4271 6.8) it holds more
 * than one connection; each has its own handshake state and only one becomes Established.
 */
public final class BgpSession {

    private static final System.Logger LOG = System.getLogger(BgpSession.class.getName());
    /** RFC 4271 8.2.2: "a large value" for the hold timer until OPEN arrives. */
    private static final Duration OPEN_HOLD_TIME = Duration.ofMinutes(4);
    private static final long DEFAULT_LOCAL_PREF = 100;

    enum Direction { INBOUND, OUTBOUND }

    /** One TCP connection and its own handshake progress. */
    private final class Link {
        final BgpConnection connection;
        final Direction direction;
        final MessageFramer framer = new MessageFramer();
        SessionState state = SessionState.OPEN_SENT;
        CodecContext context = CodecContext.TWO_OCTET;
        Optional<Open> peerOpen = Optional.empty();
        long holdNanos = OPEN_HOLD_TIME.toNanos();
        long lastReceived;
        TimerScheduler.Cancellable holdTimer;
        TimerScheduler.Cancellable keepaliveTimer;

        Link(BgpConnection connection, Direction direction) {
            this.connection = connection;
            this.direction = direction;
        }

        void send(BgpMessage message) {
            connection.send(message.encode(context));
        }

        void cancelTimers() {
            if (holdTimer != null) {
                holdTimer.cancel();
            }
            if (keepaliveTimer != null) {
                keepaliveTimer.cancel();
            }
        }
    }

    private final SessionConfig config;
    private final TimerScheduler scheduler;
    private final ConnectionInitiator initiator;
    private final Consumer<BgpEvent> events;
    private final int routerId;

    private SessionState state = SessionState.IDLE;
    private boolean started;
    private final List<Link> links = new ArrayList<>();
    private Link established;
    private TimerScheduler.Cancellable connectRetryTimer;
    private TimerScheduler.Cancellable idleHoldTimer;

    private final PrefixMap<PathAttributes> adjRibIn = new PrefixMap<>();
    private final Set<Ipv4Prefix> wanted = new LinkedHashSet<>();
    private final Set<Ipv4Prefix> sent = new LinkedHashSet<>();
    private long droppedOverLimit;
    private boolean refreshWanted;
    private Optional<String> lastError = Optional.empty();

    public BgpSession(SessionConfig config, TimerScheduler scheduler, ConnectionInitiator initiator, Consumer<BgpEvent> events) {
        this.config = config;
        this.scheduler = scheduler;
        this.initiator = initiator;
        this.events = events;
        this.routerId = Ipv4Prefix.toInt(config.routerId());
    }

    public SessionConfig config() {
        return config;
    }

    public SessionState state() {
        return state;
    }

    // ---- administrative events -------------------------------------------------------------

    /** ManualStart (or ManualStart with passive TCP establishment for a passive session). */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        if (state == SessionState.IDLE) {
            begin();
        }
    }

    /** ManualStop: Cease/Administrative Shutdown to the peer, routes withdrawn, no restart. */
    public void stop() {
        started = false;
        cancel(idleHoldTimer);
        cancel(connectRetryTimer);
        for (Link link : List.copyOf(links)) {
            closeWith(link, Notification.of(BgpError.CEASE_ADMINISTRATIVE_SHUTDOWN), "administratively stopped");
        }
        down("administratively stopped");
    }

    /**
     * Replaces the set of prefixes to advertise (auto-advertise, REQ-CONN-010). On an
     * Established session only the difference is sent.
     */
    public void advertise(Set<Ipv4Prefix> prefixes) {
        wanted.clear();
        wanted.addAll(prefixes);
        if (established != null) {
            syncAdvertisements(false);
        }
    }

    /** Asks the peer to re-send its routes (RFC 2918), if it supports route refresh. */
    public boolean requestRefresh() {
        if (established == null || !established.peerOpen.map(Open::supportsRouteRefresh).orElse(false)) {
            return false;
        }
        established.send(RouteRefresh.IPV4_UNICAST);
        return true;
    }

    public List<LearnedRoute> learnedRoutes() {
        List<LearnedRoute> routes = new ArrayList<>(adjRibIn.size());
        adjRibIn.forEach((prefix, attributes) -> routes.add(new LearnedRoute(prefix, attributes)));
        return List.copyOf(routes);
    }

    public Set<Ipv4Prefix> advertisedPrefixes() {
        return Set.copyOf(sent);
    }

    public SessionSnapshot snapshot() {
        Optional<Link> link = Optional.ofNullable(established);
        return new SessionSnapshot(config.id(), config.peerAddress().getHostAddress(), config.localAs(), config.peerAs(), state,
                link.flatMap(l -> l.peerOpen).map(o -> Ipv4Prefix.formatAddress(o.bgpIdentifier())),
                link.map(l -> (int) Duration.ofNanos(l.holdNanos).toSeconds()).orElse(0),
                link.map(l -> l.context.fourOctetAs()).orElse(false),
                adjRibIn.size(), sent.size(), droppedOverLimit, lastError);
    }

    // ---- TCP events ------------------------------------------------------------------------

    /** The outbound connection this session asked for is up. */
    public void outboundConnected(BgpConnection connection) {
        if (!started || state == SessionState.IDLE || state == SessionState.ESTABLISHED
                || links.stream().anyMatch(l -> l.direction == Direction.OUTBOUND)) {
            connection.close();
            return;
        }
        addLink(connection, Direction.OUTBOUND);
    }

    /** The outbound connection attempt failed; the connect-retry timer will try again. */
    public void outboundFailed(String reason) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: connect failed: {1}", config.id(), reason);
        if (state == SessionState.CONNECT) {
            setState(SessionState.ACTIVE, "connect failed: " + reason);
        }
    }

    /** A connection from the peer's address was accepted; the session decides whether to keep it. */
    public void inboundConnected(BgpConnection connection) {
        if (!started || state == SessionState.IDLE || links.stream().anyMatch(l -> l.direction == Direction.INBOUND)) {
            connection.close();
            return;
        }
        addLink(connection, Direction.INBOUND);
    }

    public void received(BgpConnection connection, ByteBuffer data) {
        Link link = find(connection);
        if (link == null) {
            return;
        }
        link.framer.feed(data);
        try {
            Optional<byte[]> next;
            while (links.contains(link) && (next = link.framer.next()).isPresent()) {
                link.lastReceived = scheduler.nanoTime();
                BgpMessage.Decoded decoded = BgpMessage.decode(next.get(), link.context);
                if (!decoded.attributeProblems().isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: UPDATE with malformed attributes (RFC 7606): {1}", config.id(),
                            decoded.attributeProblems());
                }
                handle(link, decoded.message());
            }
        } catch (BgpDecodeException e) {
            closeWith(link, e.toNotification(), "malformed message from peer: " + e.getMessage());
        }
    }

    /** The peer closed the connection, or it broke. */
    public void closed(BgpConnection connection) {
        Link link = find(connection);
        if (link != null) {
            drop(link, "connection closed by peer");
        }
    }

    private Link find(BgpConnection connection) {
        for (Link link : links) {
            if (link.connection == connection) {
                return link;
            }
        }
        return null;
    }

    // ---- state machine ---------------------------------------------------------------------

    private void begin() {
        if (config.passive()) {
            setState(SessionState.ACTIVE, "waiting for the peer (passive)");
        } else {
            setState(SessionState.CONNECT, "connecting");
            initiator.connect(this);
            restartConnectRetry();
        }
    }

    private void restartConnectRetry() {
        cancel(connectRetryTimer);
        connectRetryTimer = scheduler.schedule(config.connectRetryTime(), this::connectRetryExpired);
    }

    private void connectRetryExpired() {
        connectRetryTimer = null;
        if (!started || config.passive()) {
            return;
        }
        if (state == SessionState.CONNECT || state == SessionState.ACTIVE) {
            setState(SessionState.CONNECT, "connect retry");
            initiator.connect(this);
            restartConnectRetry();
        }
    }

    private void addLink(BgpConnection connection, Direction direction) {
        Link link = new Link(connection, direction);
        links.add(link);
        link.lastReceived = scheduler.nanoTime();
        link.send(Open.of(config.localAs(), (int) config.holdTime().toSeconds(), routerId));
        scheduleHold(link, OPEN_HOLD_TIME.toNanos());
        if (state != SessionState.ESTABLISHED && state != SessionState.OPEN_CONFIRM) {
            cancel(connectRetryTimer);
            connectRetryTimer = null;
            setState(SessionState.OPEN_SENT, "connected (" + direction.name().toLowerCase() + ")");
        }
    }

    private void handle(Link link, BgpMessage message) {
        switch (message) {
            case Open open -> {
                if (link.state != SessionState.OPEN_SENT) {
                    fsmError(link);
                } else {
                    receivedOpen(link, open);
                }
            }
            case Keepalive ignored -> {
                if (link.state == SessionState.OPEN_CONFIRM) {
                    becomeEstablished(link);
                } else if (link.state != SessionState.ESTABLISHED) {
                    fsmError(link);
                }
            }
            case Update update -> {
                if (link.state != SessionState.ESTABLISHED) {
                    fsmError(link);
                } else {
                    receivedUpdate(update);
                }
            }
            case RouteRefresh refresh -> {
                if (link.state != SessionState.ESTABLISHED) {
                    fsmError(link);
                } else if (refresh.afi() == RouteRefresh.IPV4_UNICAST.afi() && refresh.safi() == RouteRefresh.IPV4_UNICAST.safi()) {
                    syncAdvertisements(true);
                }
            }
            case Notification notification -> {
                String reason = "peer sent NOTIFICATION " + notification.code() + "/" + notification.subcode();
                lastError = Optional.of(reason);
                drop(link, reason);
            }
        }
    }

    private void fsmError(Link link) {
        BgpError error = switch (link.state) {
            case OPEN_CONFIRM -> BgpError.FSM_UNEXPECTED_IN_OPEN_CONFIRM;
            case ESTABLISHED -> BgpError.FSM_UNEXPECTED_IN_ESTABLISHED;
            default -> BgpError.FSM_UNEXPECTED_IN_OPEN_SENT;
        };
        closeWith(link, Notification.of(error), "unexpected message in " + link.state);
    }

    private void receivedOpen(Link link, Open open) {
        Optional<Notification> refusal = validate(open);
        if (refusal.isPresent()) {
            closeWith(link, refusal.get(), "OPEN refused: " + refusal.get());
            return;
        }
        for (Link other : List.copyOf(links)) {
            if (other == link || (other.state != SessionState.OPEN_CONFIRM && other.state != SessionState.ESTABLISHED)) {
                continue;
            }
            Link loser = other.state == SessionState.ESTABLISHED ? link : collisionLoser(link, other, open.bgpIdentifier());
            closeWith(loser, Notification.of(BgpError.CEASE_CONNECTION_COLLISION), "connection collision");
            if (loser == link) {
                return;
            }
        }
        link.peerOpen = Optional.of(open);
        link.context = new CodecContext(open.fourOctetAs().isPresent());
        long hold = Math.min(config.holdTime().toSeconds(), open.holdTimeSeconds());
        link.holdNanos = Duration.ofSeconds(hold).toNanos();
        link.send(Keepalive.INSTANCE);
        link.state = SessionState.OPEN_CONFIRM;
        if (link.holdTimer != null) {
            link.holdTimer.cancel();
            link.holdTimer = null;
        }
        if (hold > 0) {
            scheduleHold(link, link.holdNanos);
            Duration keepalive = Duration.ofSeconds(hold).dividedBy(3);
            Duration interval = config.keepaliveTime().compareTo(keepalive) < 0 ? config.keepaliveTime() : keepalive;
            scheduleKeepalive(link, interval);
        }
        if (state != SessionState.ESTABLISHED) {
            setState(SessionState.OPEN_CONFIRM, "OPEN received");
        }
    }

    /** RFC 4271 6.8: keep the connection opened by the speaker with the higher BGP identifier. */
    private Link collisionLoser(Link newer, Link older, int peerIdentifier) {
        boolean weWin = Integer.compareUnsigned(routerId, peerIdentifier) > 0;
        Direction keep = weWin ? Direction.OUTBOUND : Direction.INBOUND;
        return newer.direction == keep && older.direction != keep ? older : newer;
    }

    private Optional<Notification> validate(Open open) {
        if (open.version() != Open.VERSION) {
            return Optional.of(Notification.of(BgpError.OPEN_UNSUPPORTED_VERSION, new byte[] {0, Open.VERSION}));
        }
        if (open.effectiveAs() != config.peerAs()) {
            return Optional.of(Notification.of(BgpError.OPEN_BAD_PEER_AS));
        }
        if (open.holdTimeSeconds() == 1 || open.holdTimeSeconds() == 2) {
            return Optional.of(Notification.of(BgpError.OPEN_UNACCEPTABLE_HOLD_TIME));
        }
        if (open.bgpIdentifier() == 0 || open.bgpIdentifier() == routerId) {
            return Optional.of(Notification.of(BgpError.OPEN_BAD_BGP_IDENTIFIER));
        }
        return Optional.empty();
    }

    private void becomeEstablished(Link link) {
        link.state = SessionState.ESTABLISHED;
        established = link;
        for (Link other : List.copyOf(links)) {
            if (other != link) {
                closeWith(other, Notification.of(BgpError.CEASE_CONNECTION_COLLISION), "connection collision");
            }
        }
        cancel(connectRetryTimer);
        connectRetryTimer = null;
        lastError = Optional.empty();
        setState(SessionState.ESTABLISHED, "KEEPALIVE received");
        sent.clear();
        syncAdvertisements(true);
    }

    private void scheduleHold(Link link, long nanos) {
        link.holdTimer = scheduler.schedule(Duration.ofNanos(nanos), () -> holdCheck(link));
    }

    /**
     * Restarting a timer on every message would churn the scheduler while a full table
     * arrives; instead the timer re-arms itself for the time left since the last message.
     */
    private void holdCheck(Link link) {
        if (!links.contains(link)) {
            return;
        }
        long limit = link.state == SessionState.OPEN_SENT ? OPEN_HOLD_TIME.toNanos() : link.holdNanos;
        long idle = scheduler.nanoTime() - link.lastReceived;
        if (idle >= limit) {
            link.holdTimer = null;
            closeWith(link, Notification.of(BgpError.HOLD_TIMER_EXPIRED), "hold timer expired");
        } else {
            scheduleHold(link, limit - idle);
        }
    }

    private void scheduleKeepalive(Link link, Duration interval) {
        link.keepaliveTimer = scheduler.schedule(interval, () -> {
            if (links.contains(link)) {
                link.send(Keepalive.INSTANCE);
                scheduleKeepalive(link, interval);
            }
        });
    }

    /** Sends a NOTIFICATION, then closes the connection and handles its loss. */
    private void closeWith(Link link, Notification notification, String reason) {
        if (!links.contains(link)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "{0}: closing connection: {1} ({2})", config.id(), reason, notification);
        link.send(notification);
        lastError = Optional.of(reason);
        drop(link, reason);
    }

    /** Forgets a connection; if it carried the session, the session goes down. */
    private void drop(Link link, String reason) {
        if (!links.remove(link)) {
            return;
        }
        link.cancelTimers();
        link.connection.close();
        if (link == established) {
            lastError = Optional.of(reason);
            down(reason);
        } else if (links.isEmpty() && started && state != SessionState.IDLE && state != SessionState.ESTABLISHED) {
            // RFC 4271: a failed handshake falls back to Active and waits for the connect-retry timer.
            setState(SessionState.ACTIVE, reason);
            if (!config.passive() && connectRetryTimer == null) {
                restartConnectRetry();
            }
        }
    }

    /** Leaves Established (or any state) for Idle: everything learned is withdrawn (REQ-AS-003). */
    private void down(String reason) {
        established = null;
        for (Link link : List.copyOf(links)) {
            links.remove(link);
            link.cancelTimers();
            link.connection.close();
        }
        cancel(connectRetryTimer);
        connectRetryTimer = null;
        sent.clear();
        refreshWanted = false;
        if (!adjRibIn.isEmpty()) {
            List<Ipv4Prefix> gone = adjRibIn.prefixes();
            adjRibIn.clear();
            emit(new BgpEvent.RoutesWithdrawn(config.id(), gone));
        }
        setState(SessionState.IDLE, reason);
        if (started) {
            cancel(idleHoldTimer);
            idleHoldTimer = scheduler.schedule(config.idleHoldTime(), () -> {
                idleHoldTimer = null;
                if (started && state == SessionState.IDLE) {
                    begin();
                }
            });
        }
    }

    // ---- routes ----------------------------------------------------------------------------

    private void receivedUpdate(Update update) {
        List<Ipv4Prefix> withdrawn = new ArrayList<>();
        for (Ipv4Prefix prefix : update.withdrawn()) {
            if (adjRibIn.remove(prefix)) {
                withdrawn.add(prefix);
            }
        }
        List<LearnedRoute> learned = new ArrayList<>();
        List<Ipv4Prefix> rejected = new ArrayList<>();
        String rejection = "";
        int dropped = 0;
        if (update.attributes().isPresent()) {
            PathAttributes attributes = update.attributes().get();
            if (config.external() && attributes.localPref().isPresent()) {
                // RFC 4271 5.1.5: LOCAL_PREF from an external peer is ignored.
                attributes = new PathAttributes(attributes.origin(), attributes.asPath(), attributes.nextHop(), attributes.med(),
                        java.util.OptionalLong.empty(), attributes.communities());
            }
            boolean loop = attributes.asPath().contains(config.localAs());
            for (Ipv4Prefix prefix : update.nlri()) {
                Optional<String> refusal = loop ? Optional.of("AS path contains our AS " + config.localAs()) : ImportPolicy.refusal(prefix);
                if (refusal.isPresent()) {
                    rejected.add(prefix);
                    rejection = refusal.get();
                    if (adjRibIn.remove(prefix)) {
                        withdrawn.add(prefix);
                    }
                } else if (adjRibIn.containsKey(prefix) || adjRibIn.size() < config.maxPrefixes()) {
                    adjRibIn.put(prefix, attributes);
                    learned.add(new LearnedRoute(prefix, attributes));
                } else {
                    dropped++;
                }
            }
        }
        if (!withdrawn.isEmpty()) {
            emit(new BgpEvent.RoutesWithdrawn(config.id(), withdrawn));
        }
        if (!learned.isEmpty()) {
            emit(new BgpEvent.RoutesLearned(config.id(), learned));
        }
        if (!rejected.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "{0}: {1} prefixes refused: {2}", config.id(), rejected.size(), rejection);
            emit(new BgpEvent.RoutesRejected(config.id(), rejected, rejection));
        }
        if (dropped > 0) {
            droppedOverLimit += dropped;
            refreshWanted = true;
            LOG.log(System.Logger.Level.WARNING, "{0}: prefix limit {1} reached, {2} announcements dropped ({3} in total)",
                    config.id(), config.maxPrefixes(), dropped, droppedOverLimit);
            emit(new BgpEvent.PrefixLimitExceeded(config.id(), config.maxPrefixes(), dropped, droppedOverLimit));
        } else if (refreshWanted && !withdrawn.isEmpty() && adjRibIn.size() < config.maxPrefixes()) {
            // Room again after drops: ask for the peer's table so dropped routes can be learned now.
            refreshWanted = !requestRefresh();
        }
    }

    private PathAttributes outboundAttributes() {
        int nextHop = config.localAddress().map(Ipv4Prefix::toInt).orElse(established.connection.localAddress());
        if (config.external()) {
            return PathAttributes.of(Origin.IGP, AsPath.sequence(config.localAs()), nextHop);
        }
        return PathAttributes.of(Origin.IGP, AsPath.EMPTY, nextHop).withLocalPref(DEFAULT_LOCAL_PREF);
    }

    /** Brings the peer's view in line with {@link #wanted}; {@code full} re-sends everything. */
    private void syncAdvertisements(boolean full) {
        List<Ipv4Prefix> withdraw = sent.stream().filter(p -> !wanted.contains(p)).toList();
        List<Ipv4Prefix> announce = wanted.stream().filter(p -> full || !sent.contains(p)).toList();
        if (!withdraw.isEmpty()) {
            Update.packWithdrawals(withdraw, established.context).forEach(established.connection::send);
        }
        if (!announce.isEmpty()) {
            Update.packAnnouncements(outboundAttributes(), announce, established.context).forEach(established.connection::send);
        }
        sent.clear();
        sent.addAll(wanted);
    }

    // ---- plumbing --------------------------------------------------------------------------

    private void setState(SessionState next, String reason) {
        if (next == state) {
            return;
        }
        SessionState previous = state;
        state = next;
        LOG.log(System.Logger.Level.INFO, "{0}: {1} -> {2} ({3})", config.id(), previous, next, reason);
        emit(new BgpEvent.StateChanged(config.id(), previous, next, reason));
    }

    private void emit(BgpEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "BGP event listener failed on " + event.getClass().getSimpleName(), e);
        }
    }

    private static void cancel(TimerScheduler.Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
