package io.vpnplane.connection.neutron;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** Runs a Neutron request so that refusals, thrown early or late, answer as {@code NeutronError}. */
final class NeutronCalls {

    private NeutronCalls() {
    }

    static Uni<Response> answer(String notFoundType, Supplier<Uni<? extends Response>> call) {
        return Uni.createFrom().<Response>deferred(call).onFailure(NeutronBodies::isRefusal)
                .recoverWithItem(failure -> NeutronErrors.of(failure, notFoundType));
    }
}
