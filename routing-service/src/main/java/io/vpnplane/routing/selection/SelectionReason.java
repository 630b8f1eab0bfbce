package io.vpnplane.routing.selection;

/** Why an entry is the one in effect for its destination: the three rules of REQ-RT-005, plus the trivial case. */
public enum SelectionReason {
    ONLY_ENTRY("the only entry for this destination"),
    ACTIVE_UP("the active route's connection is up"),
    STANDBY_TAKES_OVER("the active route's connection is down and the standby's is up"),
    BOTH_DOWN_ACTIVE_KEPT("the active and standby connections are both down; the active route stays in use");

    private final String explanation;

    SelectionReason(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
