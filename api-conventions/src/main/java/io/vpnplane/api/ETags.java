package io.vpnplane.api;

import jakarta.ws.rs.core.EntityTag;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource's ETag is its event-stream version as a strong tag: version 7 is {@code "7"}.
 * Clients send it back in {@code If-Match} for optimistic concurrency.
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private static final Pattern STRONG_VERSION_TAG = Pattern.compile("\"(0|[1-9][0-9]{0,18})\"");

    private ETags() {
    }

    /** The header value, quotes included: {@code "7"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** For {@code Response.ok(...).tag(ETags.entityTag(version))}. */
    public static EntityTag entityTag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * The version the client expects, from an {@code If-Match} header value. Absent, blank or
     * {@code *} ("any current version") expects nothing. Anything but one strong tag we could have
     * issued (weak tags, lists, garbage) is a 400 {@code InvalidParameter.IfMatch}.
     */
    public static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher m = STRONG_VERSION_TAG.matcher(ifMatch.strip());
        if (!m.matches()) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.IfMatch", IF_MATCH,
                    "If-Match must be one ETag of this resource, like \"3\", or *"));
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException tooLarge) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.IfMatch", IF_MATCH,
                    "If-Match names a version that does not exist"));
        }
    }

    /**
     * Checks a client's {@code If-Match} against the version just read: a 412
     * {@code PreconditionFailed.Version} when it names another one, before any work is done.
     */
    public static void requireMatch(String ifMatch, long currentVersion) {
        OptionalLong expected = expectedVersion(ifMatch);
        if (expected.isPresent() && expected.getAsLong() != currentVersion) {
            throw ApiProblemException.preconditionFailed(expected.getAsLong(), currentVersion);
        }
    }
}
