package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebServerTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        server = startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebServer startServer() {
        return TestWeb.start(REDIS.redis(), List.of(
                new Route("GET", "/api/report", Role.MANAGER, r -> ApiResponse.ok(Map.of("for", r.user().name()))),
                new Route("GET", "/api/echo/{id}", Role.AGENT, r -> ApiResponse.ok(Map.of("id", r.pathParam("id"),
                        "limit", r.intParam("limit", 10, 1, 50)))),
                new Route("GET", "/api/broken", Role.AGENT, r -> {
                    throw new IllegalStateException("bug");
                })));
    }

    private HttpResponse<String> get(WebServer w, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.port() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        String body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(HttpResponse<String> login) {
        String body = login.body();
        int i = body.indexOf("\"token\":\"") + 9;
        return body.substring(i, body.indexOf('"', i));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anonymousRequestsGet401BeforeAnyRoute() throws Exception {
        HttpResponse<String> r = get(server, "/api/me", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(get(server, "/api/me", "Bearer not-a-token").statusCode()).isEqualTo(401);
        assertThat(get(server, "/api/me", "Digest x").statusCode()).isEqualTo(401);
    }

    @Test
    void loginGivesATokenThatOpensTheApi() throws Exception {
        HttpResponse<String> r = login("agent", "agent-12333");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"role\":\"agent\"");
        HttpResponse<String> me = get(server, "/api/me", "Bearer " + token(r));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"user\":\"agent\"");
    }

    @Test
    void wrongRoleGets403() throws Exception {
        String agent = "Bearer " + token(login("agent", "agent-12333"));
        assertThat(get(server, "/api/report", agent).statusCode()).isEqualTo(403);
        String manager = "Bearer " + token(login("manager", "manager-12333"));
        assertThat(get(server, "/api/report", manager).statusCode()).isEqualTo(200);
        assertThat(get(server, "/api/report", basic("admin", "admin-12333")).statusCode()).isEqualTo(200);
    }

    @Test
    void basicAuthWorksAndWrongPasswordIs401() throws Exception {
        assertThat(get(server, "/api/me", basic("agent", "agent-12333")).statusCode()).isEqualTo(200);
        assertThat(get(server, "/api/me", basic("agent", "nope")).statusCode()).isEqualTo(401);
        assertThat(get(server, "/api/me", basic("nobody", "nope")).statusCode()).isEqualTo(401);
        assertThat(get(server, "/api/me", "Basic !!!notbase64").statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresAreThrottledEvenForTheRightPassword() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("manager", "guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = login("manager", "manager-12333");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        // Another user from another address is not punished for it... but this test shares one address, so
        // the address counter also blocks: that is the point of counting per address too.
        assertThat(login("agent", "agent-12333").statusCode()).isEqualTo(429);
    }

    @Test
    void logoutRevokesTheToken() throws Exception {
        String token = "Bearer " + token(login("agent", "agent-12333"));
        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/logout")).header("Authorization", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(get(server, "/api/me", token).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenFromOneNodeIsAcceptedByAnotherSharingRedis() throws Exception {
        String token = "Bearer " + token(login("agent", "agent-12333"));
        try (WebServer other = startServer()) {
            assertThat(get(other, "/api/me", token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badRequestsAreClearErrorsNotCrashes() throws Exception {
        String agent = basic("agent", "agent-12333");
        assertThat(get(server, "/api/nothing-here", agent).statusCode()).isEqualTo(404);
        assertThat(get(server, "/api/echo/7?limit=abc", agent).body()).contains("parameter 'limit'");
        assertThat(get(server, "/api/echo/7?limit=500", agent).statusCode()).isEqualTo(400);
        assertThat(get(server, "/api/echo/7?limit=5", agent).body()).contains("\"limit\":5");
        assertThat(raw("GET /api/echo/1?x=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: " + agent + "\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        HttpResponse<String> broken = get(server, "/api/broken", agent);
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).doesNotContain("bug");
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/me")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/login")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(login("agent", "agent-12333").statusCode()).isEqualTo(200);
    }

    @Test
    void garbageBytesGet400AndTheServerStillServes() throws Exception {
        assertThat(raw("\u0000\u0001GARBAGE \r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(get(server, "/api/me", basic("agent", "agent-12333")).statusCode()).isEqualTo(200);
    }

    /** Sends bytes no well-behaved client would and returns the status line. */
    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
        }
    }
}
