package io.vpnplane.agent.crypto;

import java.security.GeneralSecurityException;

/** The peer's Diffie-Hellman public value is malformed or unsafe (RFC 7296 §2.12, RFC 6989). */
public final class InvalidKeyExchangeValueException extends GeneralSecurityException {

    public InvalidKeyExchangeValueException(String message) {
        super(message);
    }

    public InvalidKeyExchangeValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
