package io.vpnplane.connection.neutron;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * OpenStack clients send their token as {@code X-Auth-Token}, not as a bearer token. For {@code /v2.0/} requests
 * without an Authorization header it becomes {@code Authorization: Bearer <token>} before anything reads the
 * token, so the same JWT (and the same account) works both ways.
 */
@ApplicationScoped
public class KeystoneTokenHeader {

    static final String HEADER = "X-Auth-Token";

    void install(@Observes Router router) {
        router.route("/v2.0/*").order(Integer.MIN_VALUE).handler(ctx -> {
            String token = ctx.request().getHeader(HEADER);
            if (token != null && !token.isBlank() && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                ctx.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
            }
            ctx.next();
        });
    }
}
