package io.vpnplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * <p>Beyond the RFC members it carries {@code code}, a stable machine-readable reason such as
 * {@code InvalidParameter.TunnelCidr} or {@code NotFound.IpsecConnection}, {@code field}, the JSON
 * path of the offending input (e.g. {@code tunnels[1].bgp.tunnelCidr}), and {@code errors} when
 * several inputs are wrong. {@code type} is derived from the code's category (the part before the
 * first dot), so all invalid-parameter problems share one type and one title.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        URI instance,
        String code,
        String field,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://vpnplane.local/problems/";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(code, "code");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem with the given status and code; the type and title follow from them. */
    public static Problem of(int status, String code, String detail) {
        return new Problem(typeOf(code), titleOf(status), status, detail, null, code, null, List.of());
    }

    public Problem withField(String field) {
        return new Problem(type, title, status, detail, instance, code, field, errors);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, code, field, errors);
    }

    public Problem withInstance(URI instance) {
        return new Problem(type, title, status, detail, instance, code, field, errors);
    }

    /** The answer carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /**
     * The code of an invalid value at a JSON path: {@code InvalidParameter.} followed by the last
     * member name, capitalised ({@code tunnels[1].bgp.tunnelCidr} gives
     * {@code InvalidParameter.TunnelCidr}, {@code peer_cidrs} gives {@code InvalidParameter.PeerCidrs}).
     */
    public static String invalidParameterCode(String field) {
        return "InvalidParameter." + pascalCase(lastMemberName(field));
    }

    /** One wrong input among several. */
    public record FieldError(String code, String field, String detail) {
        public FieldError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(field, "field");
        }

        /** A wrong value at a JSON path, with the code derived from the path's last member. */
        public static FieldError invalid(String field, String detail) {
            return new FieldError(invalidParameterCode(field), field, detail);
        }
    }

    private static URI typeOf(String code) {
        int dot = code.indexOf('.');
        return URI.create(TYPE_BASE + (dot < 0 ? code : code.substring(0, dot)));
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status >= 500 ? "Server Error" : "Client Error";
    }

    private static String lastMemberName(String field) {
        String path = field == null ? "" : field;
        // Drop trailing indexes ("cidrs[2]" names the member "cidrs"), then keep the last segment.
        String withoutIndexes = path.replaceAll("\\[[^\\]]*\\]", "");
        int dot = withoutIndexes.lastIndexOf('.');
        String last = dot < 0 ? withoutIndexes : withoutIndexes.substring(dot + 1);
        return last.isEmpty() ? "Body" : last;
    }

    private static String pascalCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upperNext = true;
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '-' || c == ' ') {
                upperNext = true;
            } else if (Character.isLetterOrDigit(c)) {
                out.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        return out.isEmpty() ? "Body" : out.toString();
    }
}
