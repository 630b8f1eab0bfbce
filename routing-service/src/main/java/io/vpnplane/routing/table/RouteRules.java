package io.vpnplane.routing.table;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * The rules of REQ-RT-001…003 and 006 for destination-based routes, as pure checks over the gateway's
 * current entries. Each refusal carries a stable code:
 *
 * <ul>
 * <li>{@code InvalidParameter.DestinationCidr.DefaultRoute} — 0.0.0.0/0 (REQ-RT-002)</li>
 * <li>{@code InvalidParameter.DestinationCidr.SharedAddressSpace} — 100.64.0.0/10, inside it or containing it (REQ-RT-003)</li>
 * <li>{@code InvalidParameter.NextHop} — not a connection of this gateway (REQ-RT-001)</li>
 * <li>{@code Conflict.DuplicateRoute} — same destination and next hop (REQ-RT-006)</li>
 * <li>{@code Conflict.ActiveExists} / {@code Conflict.StandbyExists} — the destination already has an
 * active (standby) entry, so a second one, or turning the standby into an active (and vice versa), is
 * refused until it is deleted (REQ-RT-005/006)</li>
 * <li>{@code Conflict.RouteManagedBySystem} — policy and BGP routes follow their connection</li>
 * </ul>
 */
public final class RouteRules {

    /** RFC 6598 shared address space: the cloud's own carrier-grade NAT range. */
    public static final Ipv4Cidr SHARED_ADDRESS_SPACE = Ipv4Cidr.of("100.64.0.0/10");

    private RouteRules() {
    }

    public static Optional<RouteRuleViolation> checkDestination(Ipv4Cidr destination) {
        if (destination.equals(Ipv4Cidr.DEFAULT_ROUTE)) {
            return Optional.of(RouteRuleViolation.invalid("InvalidParameter.DestinationCidr.DefaultRoute", "destinationCidr",
                    "0.0.0.0/0 cannot be a destination-based route of a VPN gateway"));
        }
        if (destination.overlaps(SHARED_ADDRESS_SPACE)) {
            String relation = destination.equals(SHARED_ADDRESS_SPACE) ? "is"
                    : SHARED_ADDRESS_SPACE.contains(destination) ? "is inside" : "contains";
            return Optional.of(RouteRuleViolation.invalid("InvalidParameter.DestinationCidr.SharedAddressSpace", "destinationCidr",
                    destination + " " + relation + " 100.64.0.0/10, the shared address space the VPN gateway uses itself"));
        }
        return Optional.empty();
    }

    /** Checks a user's new static route against the gateway's entries and connections. */
    public static Optional<RouteRuleViolation> checkNewStatic(Collection<RouteEntry> existing, Ipv4Cidr destination, String nextHop,
            Weight weight, Set<String> gatewayConnections) {
        Optional<RouteRuleViolation> destinationProblem = checkDestination(destination);
        if (destinationProblem.isPresent()) {
            return destinationProblem;
        }
        if (!gatewayConnections.contains(nextHop)) {
            return Optional.of(RouteRuleViolation.invalid("InvalidParameter.NextHop", "nextHop",
                    "'" + nextHop + "' is not an IPsec connection of this VPN gateway"));
        }
        for (RouteEntry entry : existing) {
            if (entry.source() != RouteSource.STATIC || !entry.destination().equals(destination)) {
                continue;
            }
            if (entry.nextHop().equals(nextHop)) {
                return Optional.of(RouteRuleViolation.conflict("Conflict.DuplicateRoute", "destinationCidr",
                        "route " + entry.routeId() + " already sends " + destination + " to " + nextHop));
            }
            if (entry.weight() == weight) {
                return Optional.of(weight == Weight.ACTIVE
                        ? RouteRuleViolation.conflict("Conflict.ActiveExists", "weight",
                                destination + " already has the active route " + entry.routeId() + " (weight 100); add this one as standby (weight 0)")
                        : RouteRuleViolation.conflict("Conflict.StandbyExists", "weight",
                                destination + " already has the standby route " + entry.routeId() + " (weight 0)"));
            }
        }
        return Optional.empty();
    }

    /** REQ-RT-006: the weight of one entry of an active/standby pair changes only once the other is gone. */
    public static Optional<RouteRuleViolation> checkWeightChange(Collection<RouteEntry> existing, RouteEntry target, Weight newWeight) {
        Optional<RouteRuleViolation> managed = checkUserManaged(target);
        if (managed.isPresent() || newWeight == target.weight()) {
            return managed;
        }
        Weight partner = target.weight() == Weight.ACTIVE ? Weight.STANDBY : Weight.ACTIVE;
        return existing.stream()
                .filter(e -> e.source() == RouteSource.STATIC && e.destination().equals(target.destination())
                        && !e.routeId().equals(target.routeId()) && e.weight() == partner)
                .findFirst()
                .map(other -> partner == Weight.STANDBY
                        ? RouteRuleViolation.conflict("Conflict.StandbyExists", "weight", "the weight of active route " + target.routeId()
                                + " cannot change while standby route " + other.routeId() + " exists for " + target.destination()
                                + "; delete the standby first")
                        : RouteRuleViolation.conflict("Conflict.ActiveExists", "weight", "the weight of standby route " + target.routeId()
                                + " cannot change while active route " + other.routeId() + " exists for " + target.destination()
                                + "; delete the active route first"));
    }

    /** Policy and BGP routes come and go with their connection; the user deletes or reweights only static ones. */
    public static Optional<RouteRuleViolation> checkUserManaged(RouteEntry target) {
        if (target.source() == RouteSource.STATIC) {
            return Optional.empty();
        }
        return Optional.of(RouteRuleViolation.conflict("Conflict.RouteManagedBySystem", "routeId", "route " + target.routeId()
                + " is a " + target.source().wireName() + " route of connection " + target.nextHop()
                + "; change the connection instead"));
    }
}
