/**
 * Observations gateway agents publish on {@code vpn.agent-status} (key = tunnel id): configuration applied, IKE and
 * CHILD SA established/failed with the reason, DPD peer dead, health check failed/recovered, tunnel torn down.
 * Consumed by tunnel-service, which publishes the tunnel status other services use. JSON Schemas: {@code docs/events/}.
 */
package io.vpnplane.events.agentstatus;
