package io.vpnplane.connection.validation;

/** A value that is accepted but not recommended (des, md5, a public ASN…): reported back, never refused. */
public record Warning(String code, String field, String detail) {
}
