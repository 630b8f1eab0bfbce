package io.vpnplane.agent.standalone;

/** The standalone config file is unusable; {@link #field()} is the JSON path of the culprit. */
public final class InvalidConfigException extends Exception {

    private final String field;

    public InvalidConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
