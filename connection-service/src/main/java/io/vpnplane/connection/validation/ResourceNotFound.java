package io.vpnplane.connection.validation;

/** The resource does not exist, or belongs to another account (which must not learn that it exists): HTTP 404. */
public final class ResourceNotFound extends RuntimeException {

    private final String code;

    public ResourceNotFound(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
