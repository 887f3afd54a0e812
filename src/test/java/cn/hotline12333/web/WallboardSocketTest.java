package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may open /ws/wallboard: a signed-in manager from our own origin, nobody else. */
class WallboardSocketTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeAll
    static void allowOriginHeader() {
        // java.net.http treats Origin as the browser's to set; a test plays the browser.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin");
    }

    @BeforeEach
    void start() {
        server = TestWeb.start(REDIS.redis(), List.of(),
                new Wallboard(() -> Map.of("total.ivr", 7L), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String cookie(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/login")).POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\""
                + user + "-12333\",\"cookie\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private WebSocket open(String cookie, String origin, List<String> received) {
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/wallboard"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.add(data.toString());
                socket.request(1);
                return null;
            }
        }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private int refusedWith(String cookie, String origin) {
        try {
            open(cookie, origin, new CopyOnWriteArrayList<>());
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
        return 101;
    }

    @Test
    void aManagerFromOurOwnPageGetsTheSnapshot() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket socket = open(cookie("manager"), "http://127.0.0.1:" + server.port(), received);

        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        assertThat(received.get(0)).contains("\"type\":\"snapshot\"").contains("\"total.ivr\":7");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void anonymousAgentsAndForeignPagesAreRefusedBeforeTheHandshake() throws Exception {
        String origin = "http://127.0.0.1:" + server.port();

        assertThat(refusedWith(null, origin)).isEqualTo(401);
        assertThat(refusedWith(cookie("agent"), origin)).isEqualTo(403);
        assertThat(refusedWith(cookie("manager"), "https://evil.example")).isEqualTo(403);
        assertThat(refusedWith(cookie("manager"), null)).isEqualTo(403);
    }

    @Test
    void aPlainRequestToTheSocketPathIsA400() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/ws/wallboard")).header("Cookie", cookie("manager")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("WebSocket upgrade");
    }

    @Test
    void aMalformedUpgradeIsA400AndTheServerGoesOn() throws Exception {
        String cookie = cookie("manager");
        for (String request : List.of(
                "POST /ws/wallboard HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                "GET /ws/wallboard HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nOrigin: http://127.0.0.1:"
                        + server.port() + "\r\nCookie: " + cookie + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String status = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(status).isEqualTo("HTTP/1.1 400");
            }
        }
        List<String> received = new CopyOnWriteArrayList<>();
        open(cookie, "http://127.0.0.1:" + server.port(), received);
        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
    }
}
