package io.vpnplane.connection.validation;

/**
 * A well-formed request that the resource's current state forbids (an attached connection cannot be deleted, a
 * customer gateway in use cannot be deleted…): HTTP 409 with a stable code and the field that blocks it.
 */
public final class ConflictingState extends RuntimeException {

    private final String code;
    private final String field;

    public ConflictingState(String code, String field, String detail) {
        super(detail);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
