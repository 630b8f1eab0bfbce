package io.vpnplane.agent.bgp.interop;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;

/**
 * A BGP peer built from raw bytes over a plain socket, so a test can send exactly what a
 * broken or hostile router would: nothing here goes through our codec.
 */
final class RawBgpPeer implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawBgpPeer(InetAddress localAddress, InetSocketAddress speaker) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(speaker, 2000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A message from its type and body in hex, header computed. */
    static String message(int type, String bodyHex) {
        return MARKER + String.format("%04x%02x", 19 + bodyHex.length() / 2, type) + bodyHex;
    }

    /** An UPDATE from withdrawn routes, attributes and NLRI in hex, length fields computed. */
    static String update(String withdrawnHex, String attributesHex, String nlriHex) {
        return message(2, String.format("%04x", withdrawnHex.length() / 2) + withdrawnHex
                + String.format("%04x", attributesHex.length() / 2) + attributesHex + nlriHex);
    }

    void send(String hex) throws IOException {
        out.write(HEX.parseHex(hex));
        out.flush();
    }

    /** Reads one message; returns its type, and the body in hex after a colon. */
    String read() throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        byte[] body = new byte[length - 19];
        in.readFully(body);
        return (header[18] & 0xff) + ":" + HEX.formatHex(body);
    }

    /** Reads until a message of {@code type} arrives (skipping keepalives and updates). */
    String readUntil(int type) throws IOException {
        while (true) {
            String message = read();
            if (message.startsWith(type + ":")) {
                return message;
            }
        }
    }

    /** OPEN (AS 65530 2-octet, hold 30 s, no capabilities), then KEEPALIVE: Established. */
    void establish(String routerIdHex) throws IOException {
        send(message(1, "04" + "fffa" + "001e" + routerIdHex + "00"));
        readUntil(1);
        send(message(4, ""));
        readUntil(4);
    }

    boolean closedByPeer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
