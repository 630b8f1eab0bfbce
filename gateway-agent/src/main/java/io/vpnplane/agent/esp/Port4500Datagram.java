package io.vpnplane.agent.esp;

/**
 * What a UDP datagram received on port 4500 carries (RFC 3948 §2): ESP starts with its non-zero SPI,
 * IKE starts with the 4-byte non-ESP marker (zeros), and a single 0xFF byte is a NAT keepalive.
 */
public enum Port4500Datagram {
    ESP,
    IKE,
    NAT_KEEPALIVE,
    MALFORMED;

    public static final int NON_ESP_MARKER_LENGTH = 4;

    public static Port4500Datagram classify(byte[] buf, int offset, int length) {
        if (length == 1 && buf[offset] == (byte) 0xFF) {
            return NAT_KEEPALIVE;
        }
        if (length < 8) {
            // Shorter than an ESP header or than the marker plus anything meaningful.
            return MALFORMED;
        }
        boolean marker = buf[offset] == 0 && buf[offset + 1] == 0 && buf[offset + 2] == 0 && buf[offset + 3] == 0;
        return marker ? IKE : ESP;
    }
}
