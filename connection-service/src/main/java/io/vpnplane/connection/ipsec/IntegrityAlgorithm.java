package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** Phase 1/2 authentication; the IKE PRF uses the same hash (REQ-TUN-004/005; default sha1). */
public enum IntegrityAlgorithm implements Spelled {
    MD5("md5"),
    SHA1("sha1"),
    SHA256("sha256"),
    SHA384("sha384"),
    SHA512("sha512");

    private final String json;

    IntegrityAlgorithm(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
