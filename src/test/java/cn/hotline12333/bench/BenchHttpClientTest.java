package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BenchHttpClientTest {

    /** Answers each request on one connection with the next canned answer, recording the request lines. */
    private static Thread serve(ServerSocket server, List<String> requests, String... answers) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                for (String answer : answers) {
                    String first = in.readLine();
                    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                        if (h.startsWith("Authorization:")) {
                            first += " | " + h;
                        }
                    }
                    requests.add(first);
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                requests.add("server failed: " + e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void readsAnswersByLengthOnOneKeptAliveConnection() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0)) {
            byte[] body = "{\"hits\":[\"社保卡\"]}".getBytes(StandardCharsets.UTF_8);
            Thread t = serve(server, requests,
                    "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8),
                    "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
            try (BenchHttpClient client = new BenchHttpClient("127.0.0.1", server.getLocalPort(), "Bearer t")) {
                assertThat(client.get("/api/kb/search?q=a")).isEqualTo(200);
                assertThat(client.get("/api/kb/search?q=b")).isEqualTo(401);
            }
            t.join(10_000);
        }
        assertThat(requests).containsExactly("GET /api/kb/search?q=a HTTP/1.1 | Authorization: Bearer t",
                "GET /api/kb/search?q=b HTTP/1.1 | Authorization: Bearer t");
    }

    @Test
    void anAnswerWithoutLengthIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = serve(server, new CopyOnWriteArrayList<>(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            try (BenchHttpClient client = new BenchHttpClient("127.0.0.1", server.getLocalPort(), "Bearer t")) {
                assertThatThrownBy(() -> client.get("/")).hasMessageContaining("without Content-Length");
            }
            t.join(10_000);
        }
    }
}
