package cn.hotline12333.agi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket playing Asterisk's side; the read timeout is every test's deadline. */
final class FakeAsterisk implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    FakeAsterisk(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeAsterisk send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    FakeAsterisk send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's next command line, null once it closed the socket. */
    String command() {
        try {
            return in.readLine();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no command from the server within 10 s", e);
        } catch (SocketException reset) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the server closed (or reset) the connection; fails after 10 s without either. */
    boolean closedByServer() {
        return command() == null;
    }

    /** The local port of Asterisk's end of the connection. */
    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server already reset
        }
    }
}
