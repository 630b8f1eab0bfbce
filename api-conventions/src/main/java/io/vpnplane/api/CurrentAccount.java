package io.vpnplane.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The account of the caller, from the bearer token's {@code account} claim. Every resource belongs
 * to one account; services stamp it on what they create and check it on everything they read.
 */
@RequestScoped
public class CurrentAccount {

    public static final String ACCOUNT_CLAIM = "account";

    @Inject
    JsonWebToken token;

    /** The caller's account id; 401 {@code Unauthorized.MissingToken} when nobody is logged in. */
    public String id() {
        if (token == null || token.getRawToken() == null) {
            throw ApiProblemException.unauthorized("Unauthorized.MissingToken", "a bearer token is required");
        }
        Object claim = token.getClaim(ACCOUNT_CLAIM);
        String account = switch (claim) {
            case JsonString json -> json.getString();
            case String text -> text;
            case null, default -> "";
        };
        if (account.isBlank()) {
            throw ApiProblemException.unauthorized("Unauthorized.InvalidToken",
                    "the bearer token carries no \"" + ACCOUNT_CLAIM + "\" claim");
        }
        return account;
    }

    /**
     * Passes when the resource belongs to the caller; otherwise answers exactly as if it did not
     * exist (404 {@code NotFound.<resourceType>}), so ids of other accounts leak nothing.
     */
    public void requireOwns(String ownerAccount, String resourceType, String resourceId) {
        if (!id().equals(ownerAccount)) {
            throw ApiProblemException.notFound(resourceType, resourceId);
        }
    }

    /** Whether the resource belongs to the caller, for filtering lists. */
    public boolean owns(String ownerAccount) {
        return id().equals(ownerAccount);
    }
}
