package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.ikev1.message.IsakmpHeader;
import java.net.InetSocketAddress;

/** The exchange that creates an ISAKMP SA: {@link MainModeExchange} or {@link AggressiveModeExchange}. */
sealed interface Phase1Exchange permits MainModeExchange, AggressiveModeExchange {

    /** Initiator: sends the first message. */
    void start();

    /** A phase-1 message for this SA (first messages of responders are routed here too). */
    void receive(InetSocketAddress local, InetSocketAddress remote, IsakmpHeader header, byte[] datagram);

    /** Stops retransmitting (SA closed or established and the last message answered). */
    void stop();
}
