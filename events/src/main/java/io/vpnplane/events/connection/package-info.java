/**
 * Events of connection-service: customer gateways (topic {@code vpn.customer-gateways}), VPN gateways
 * ({@code vpn.vpn-gateways}) and IPsec connections ({@code vpn.connections}). Every event carries the full state
 * of its aggregate after the change (event-carried state transfer), so a consumer never calls connection-service
 * back. No event ever carries a plain pre-shared key: {@code preSharedKeyVersion} tells a consumer that a tunnel's
 * key changed, and {@code transitSealedPreSharedKey} carries it encrypted with the transit key that only
 * connection-service and tunnel-service hold ({@link io.vpnplane.events.secret.TransitKey}). Enumerations travel with the API's spellings ({@code ikev2},
 * {@code aes256}, {@code group14}…). JSON Schemas: {@code docs/events/}.
 */
package io.vpnplane.events.connection;
