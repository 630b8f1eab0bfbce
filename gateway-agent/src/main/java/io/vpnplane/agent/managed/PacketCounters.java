package io.vpnplane.agent.managed;

/** A tunnel's inner-packet counters from the data plane; {@link #NONE} on a node that only negotiates. */
public record PacketCounters(long in, long out, long dropped) {

    public static final PacketCounters NONE = new PacketCounters(0, 0, 0);
}
