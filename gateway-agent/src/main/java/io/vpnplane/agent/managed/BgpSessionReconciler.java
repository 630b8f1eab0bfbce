package io.vpnplane.agent.managed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the BGP sessions this node should run with those it runs and says, per session, what to do. Pure: no I/O,
 * no clock. Every action names one session, so a change to one session never disturbs another; a session whose only
 * change is what it advertises keeps its TCP connection and routes (only the difference goes to the peer).
 */
public final class BgpSessionReconciler {

    /** What to do with one session. */
    public sealed interface Action {
        String sessionId();
    }

    /** Not running yet: add it to the speaker. */
    public record Start(ManagedBgpSession session) implements Action {
        @Override
        public String sessionId() {
            return session.id();
        }
    }

    /** Running with other session parameters (ASNs, addresses, limit): close it and start it anew. */
    public record Restart(ManagedBgpSession session) implements Action {
        @Override
        public String sessionId() {
            return session.id();
        }
    }

    /** Running as wanted except for the advertised prefixes (REQ-CONN-010). */
    public record Readvertise(ManagedBgpSession session) implements Action {
        @Override
        public String sessionId() {
            return session.id();
        }
    }

    /** No longer this node's (removed, or moved with its tunnel): close it; what it learned is withdrawn. */
    public record Stop(String sessionId) implements Action {
    }

    private BgpSessionReconciler() {
    }

    /**
     * @param desired session id → what this node should run
     * @param running session id → what it runs
     * @return stops first (they free peer addresses another session may need), then in session id order
     */
    public static List<Action> plan(Map<String, ManagedBgpSession> desired, Map<String, ManagedBgpSession> running) {
        List<Action> stops = new ArrayList<>();
        List<Action> others = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(desired.keySet());
        ids.addAll(running.keySet());
        for (String id : ids) {
            ManagedBgpSession want = desired.get(id);
            ManagedBgpSession have = running.get(id);
            if (want == null) {
                stops.add(new Stop(id));
            } else if (have == null) {
                others.add(new Start(want));
            } else if (!have.config().equals(want.config())) {
                others.add(new Restart(want));
            } else if (!have.advertise().equals(want.advertise())) {
                others.add(new Readvertise(want));
            }
        }
        stops.addAll(others);
        return List.copyOf(stops);
    }
}
