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
    void repeatedFailuresAreThrottledEvenForTheRightPasswordAndSayWhenToRetry() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("manager", "guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = login("manager", "manager-12333");
        assertThat(r.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(r.body()).contains("try again in " + retryAfter + " s");
        assertThat(get(server, "/api/me", basic("manager", "manager-12333")).statusCode()).isEqualTo(429);
    }

    @Test
    void oneAgentsTyposBehindTheCallCentresNatLockNoColleagueOut() throws Exception {
        // every request of this test comes from 127.0.0.1, as a call centre's agents do from its NAT address
        for (int i = 0; i < 3; i++) {
            assertThat(login("agent", "typo" + i).statusCode()).isEqualTo(401);
        }
        assertThat(login("agent", "agent-12333").statusCode()).isEqualTo(429);
        assertThat(login("manager", "manager-12333").statusCode()).isEqualTo(200);
        assertThat(get(server, "/api/me", basic("admin", "admin-12333")).statusCode()).isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyNamesIsStoppedByItsOwnLimit() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(login("someone" + i, "guess").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = login("manager", "manager-12333");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
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
        assertThat(send("DELETE", "/api/me", agent).statusCode()).isEqualTo(405);
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/login")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(huge.body()).contains("\"status\":413").contains("larger than 4096 bytes");
        assertThat(login("agent", "agent-12333").statusCode()).isEqualTo(200);
    }

    /**
     * A client that sends its whole oversized body before it reads still gets the 413: the server reads and drops
     * the rest of the body before it closes (closing with bytes unread would reset the connection, and the reset
     * can destroy the 413 before the client reads it).
     */
    @Test
    void anOversizedBodySentWholeStillGetsIts413() throws Exception {
        byte[] body = new byte[2_000_000];
        java.util.Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than 4096 bytes");
            }
        }
    }

    @Test
    void garbageBytesGet400AndTheServerStillServes() throws Exception {
        assertThat(raw("\u0000\u0001GARBAGE \r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(get(server, "/api/me", basic("agent", "agent-12333")).statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousCallersLearnNothingOfWhichRoutesOrMethodsExist() throws Exception {
        String[][] requests = {{"GET", "/api/nothing-here"}, {"DELETE", "/api/me"}, {"GET", "/api/login"},
            {"PUT", "/api/report"}, {"GET", "/api"}, {"GET", "/api/"}, {"POST", "/api/echo/7"}, {"GET", "/api/me"},
            {"GET", "/api/report"}};
        int n = 0;
        for (String[] r : requests) {
            // a wrong password under a name of its own each time: nine failures stay under both login limits
            for (String credentials : new String[] {null, "Bearer not-a-token", basic("nobody" + n++, "wrong")}) {
                HttpResponse<String> answer = send(r[0], r[1], credentials);
                assertThat(answer.statusCode()).as("%s %s with %s", r[0], r[1], credentials).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        }
        String agent = basic("agent", "agent-12333");
        assertThat(send("GET", "/api/report", agent).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/report", agent).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/nothing-here", agent).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/login", agent).statusCode()).isEqualTo(405);
        // outside /api there is nothing to protect and nothing to map
        assertThat(send("GET", "/index.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyAnnouncedWithExpectContinueGetsAJson413() throws Exception {
        String answer = rawAll("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                + "Expect: 100-continue\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/json").contains("\"status\":413");
    }

    @Test
    void aFullWorkerPoolAnswers503WithRetryAfter() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WebSettings d = WebSettings.defaults();
        WebSettings s = new WebSettings("127.0.0.1", 0, 4096, d.idleTimeout(), 1, 1, Duration.ofMinutes(5), 3,
                Duration.ofMinutes(15));
        Login login = new Login(TestWeb.USERS, new Sessions(REDIS.redis(), s.sessionTtl()), new LoginThrottle(REDIS.redis(), 3, s.loginWindow()));
        try (WebServer busy = new WebServer(s, login, List.of(new Route("GET", "/api/slow", Role.AGENT, r -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ApiResponse.ok(Map.of());
        })))) {
            busy.start();
            String agent = basic("agent", "agent-12333");
            var first = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port() + "/api/slow"))
                    .header("Authorization", agent).build(), HttpResponse.BodyHandlers.ofString());
            started.await();
            // one of the next two waits in the queue of one, the other finds it full
            var second = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port() + "/api/slow"))
                    .header("Authorization", agent).build(), HttpResponse.BodyHandlers.ofString());
            var third = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port() + "/api/slow"))
                    .header("Authorization", agent).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = (HttpResponse<String>) java.util.concurrent.CompletableFuture.anyOf(second, third)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            release.countDown();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("try again in 1 s");
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and reads the whole answer until the server closes. */
    private String rawAll(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
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
