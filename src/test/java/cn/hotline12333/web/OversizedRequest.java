package cn.hotline12333.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A POST declaring a body far over the limit, sent on a plain socket: the server answers from the headers and
 * closes, and a client still writing the body may see its connection reset before it reads the answer (the JDK
 * client then reports "header parser received no bytes"). This one stops writing when the server stops reading
 * and reads the status line either way.
 */
final class OversizedRequest {
    private OversizedRequest() {
    }

    static int status(URI uri, String authorization, int declaredBytes) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declaredBytes + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try {
                for (int sent = 0; sent < declaredBytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, declaredBytes - sent));
                }
                out.flush();
            } catch (IOException stoppedReading) {
                // the server answered and closed: its answer is still there to read
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new IOException("no status line, read: " + status);
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
