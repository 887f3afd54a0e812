package cn.hotline12333.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain-socket AMI client for the emulator's tests: writes raw text, reads raw lines and messages. */
final class AmiTestClient implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AmiTestClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    AmiTestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    AmiTestClient sendByteByByte(String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** Sends {@code Key: Value} pairs as one request. */
    AmiTestClient action(String... keyValues) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.append(keyValues[i]).append(": ").append(keyValues[i + 1]).append("\r\n");
        }
        return send(b.append("\r\n").toString());
    }

    /** One line with its CRLF (the banner). */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** One message up to and including its empty line; null at EOF. */
    String readMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            message.write(b);
            byte[] so = message.toByteArray();
            int n = so.length;
            if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                return message.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Reads messages until one starts with {@code start} (skipping others); null at EOF. */
    String readUntil(String start) throws IOException {
        for (String m = readMessage(); m != null; m = readMessage()) {
            if (m.startsWith(start)) {
                return m;
            }
        }
        return null;
    }

    boolean atEof() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
