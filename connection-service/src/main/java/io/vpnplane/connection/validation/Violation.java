package io.vpnplane.connection.validation;

/**
 * One broken rule in a request: a stable machine code ({@code InvalidParameter.TunnelCidr}), the JSON path of the
 * offending field ({@code tunnels[1].bgp.tunnelCidr}) and a sentence for humans.
 */
public record Violation(String code, String field, String detail) {
}
