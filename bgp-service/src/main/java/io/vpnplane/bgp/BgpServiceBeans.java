package io.vpnplane.bgp;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** The plain-Java collaborators of bgp-service; tests may replace the clock. */
@Singleton
public class BgpServiceBeans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
