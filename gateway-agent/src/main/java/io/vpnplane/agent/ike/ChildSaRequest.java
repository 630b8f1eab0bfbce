package io.vpnplane.agent.ike;

/** The outcome of asking for an additional CHILD_SA on a tunnel (RFC 7296 §1.3.1). */
public enum ChildSaRequest {
    /** A CREATE_CHILD_SA request is queued on the tunnel's IKE SA. */
    QUEUED,
    NO_SUCH_TUNNEL,
    /** The tunnel has no established IKE SA to carry the exchange. */
    NOT_ESTABLISHED
}
