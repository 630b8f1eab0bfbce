package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.ike.Scheduler;
import java.util.Arrays;

/**
 * The last message an exchange sent, retransmitted with the engine's back-off until the answer arrives
 * (IKEv1 has no message-ID window: the next message of the exchange is the acknowledgement). A responder
 * resends its last message when the peer retransmits the request it answered.
 */
final class Flight {

    private final IsakmpSa sa;
    private final String exchange;
    private byte[] sent;
    private byte[] answered;
    private int attempt;
    private Scheduler.Timer timer;

    Flight(IsakmpSa sa, String exchange) {
        this.sa = sa;
        this.exchange = exchange;
    }

    /** Sends a request that expects an answer: retransmitted until {@link #stop()}. */
    void sendExpectingAnswer(byte[] datagram) {
        sendExpectingAnswer(datagram, null);
    }

    /** A reply that itself expects an answer (quick-mode HASH(2)): retransmitted, and resent on duplicates. */
    void sendExpectingAnswer(byte[] datagram, byte[] inReplyTo) {
        stop();
        sent = datagram;
        answered = inReplyTo;
        attempt = 0;
        sa.send(datagram);
        arm();
    }

    /** Sends the last message of an exchange (or a reply) once; kept for answering retransmissions. */
    void sendFinal(byte[] datagram, byte[] inReplyTo) {
        stop();
        sent = datagram;
        answered = inReplyTo;
        sa.send(datagram);
    }

    /** Whether {@code datagram} is a retransmission of the request we answered last; if so answers again. */
    boolean answerRetransmission(byte[] datagram) {
        if (answered != null && sent != null && Arrays.equals(answered, datagram)) {
            sa.send(sent);
            return true;
        }
        return false;
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm() {
        timer = sa.engine.scheduler().schedule(sa.engine.settings().timeout(attempt), () -> {
            timer = null;
            if (attempt >= sa.engine.settings().maxRetransmits()) {
                sa.unanswered(exchange);
                return;
            }
            attempt++;
            sa.tunnel.retransmits++;
            sa.send(sent);
            arm();
        });
    }
}
