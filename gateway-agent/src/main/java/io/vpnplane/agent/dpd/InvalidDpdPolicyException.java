package io.vpnplane.agent.dpd;

/** A DPD setting breaks a rule; {@link #field()} names it for a problem+json response. */
public final class InvalidDpdPolicyException extends IllegalArgumentException {

    private final String field;

    public InvalidDpdPolicyException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
