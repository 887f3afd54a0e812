package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.store.RedisFixture;
import cn.hotline12333.wrapup.WrapupCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own routes against the AMI emulator: the happy path, the 400s naming fields, 401/403/409, IDOR. */
class AgentRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> POSTS = List.of("/api/agent/login", "/api/agent/logout", "/api/agent/ready",
            "/api/agent/not-ready", "/api/agent/wrapup", "/api/agent/heartbeat");

    @TempDir
    static Path dir;
    static AmiEmulator ami;
    static AgentDesk desk;
    static WebServer server;
    static Login login;
    static List<Route> routes;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ami = AmiEmulator.start(AmiSettings.defaults());
        AgentSettings d = AgentSettings.defaults();
        AgentSettings s = new AgentSettings("127.0.0.1", ami.port(), "hotline", "hotline-secret", d.queues(),
                d.interfacePattern(), d.wrapupLimit(), d.wrapupLimits(), false, d.heartbeatLimit(), d.pauseLimits());
        desk = AgentDesk.start(REDIS.redis(), s, seg -> { }, h -> { }, Clock.systemUTC(), "node-t");
        // a login before the AMI link is up is refused ("AMI link down"), which no test here is about
        await().atMost(Duration.ofSeconds(10)).until(desk::phoneSystemUp);
        String hash = new String(BCrypt.withDefaults().hashToChar(4, "pw-12333".toCharArray()));
        Path users = dir.resolve("users.yaml");
        Files.writeString(users, "users:\n  - name: a1001\n    password_hash: " + hash + "\n    role: agent\n"
                + "  - name: a1002\n    password_hash: " + hash + "\n    role: agent\n"
                + "  - name: a1003\n    password_hash: " + hash + "\n    role: agent\n");
        WebSettings w = WebSettings.defaults();
        WebSettings ws = new WebSettings("127.0.0.1", 0, 65536, w.idleTimeout(), 2, 50, Duration.ofMinutes(5), 50,
                Duration.ofMinutes(15)).withLoginLimits(50, 100);
        login = new Login(Users.load(users), new Sessions(REDIS.redis(), ws.sessionTtl()),
                new LoginThrottle(REDIS.redis(), 50, 100, ws.loginWindow()));
        WrapupCodes codes = WrapupCodes.open(Path.of("ivr-flows", "wrapup.yaml"), null, Clock.systemUTC(), false);
        routes = new AgentRoutes(desk, s.pauseLimits(), codes, () -> true).routes();
        server = new WebServer(ws, login, routes);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        desk.close();
        ami.close();
    }

    static String token(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"pw-12333\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> post(String token, String path, String body) throws Exception {
        return post(token, path, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(String token, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode me(String token) throws Exception {
        return JSON.readTree(get(token, "/api/agent/me").body()).get("agent");
    }

    @Test
    void anonymousGets401OnEveryRoute() throws Exception {
        for (String path : POSTS) {
            assertThat(post(null, path, "{}").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get(null, "/api/agent/me").statusCode()).isEqualTo(401);
        assertThat(get("not-a-token", "/api/agent/me").statusCode()).isEqualTo(401);
    }

    @Test
    void anAgentLogsInPausedGoesReadyAndNotReadyWithAReason() throws Exception {
        String t = token("a1001");
        HttpResponse<String> in = post(t, "/api/agent/login", "{\"extension\":\"6001\"}");
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> me(t).get("state").asText().equals("NOT_READY"));
        assertThat(post(t, "/api/agent/ready", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> me(t).get("state").asText().equals("READY"));
        HttpResponse<String> pause = post(t, "/api/agent/not-ready", "{\"reason\":\"用餐\"}");
        assertThat(pause.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> me(t).get("reason").asText().equals("用餐"));
        assertThat(post(t, "/api/agent/heartbeat", "").statusCode()).isEqualTo(204);
        JsonNode whole = JSON.readTree(get(t, "/api/agent/me").body());
        assertThat(whole.get("pauseReasons").toString()).contains("休息", "用餐");
        assertThat(whole.get("agent").get("serverTime").asLong()).isPositive();
        assertThat(post(t, "/api/agent/logout", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> me(t).get("state").asText().equals("LOGGED_OUT"));
    }

    @Test
    void aSecondDesktopGets409SayingWhereAndSinceAndMayTakeOver() throws Exception {
        String first = token("a1002");
        String second = token("a1002");
        assertThat(post(first, "/api/agent/login", "{\"extension\":\"6002\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> clash = post(second, "/api/agent/login", "{\"extension\":\"6002\"}");
        assertThat(clash.statusCode()).isEqualTo(409);
        JsonNode body = JSON.readTree(clash.body());
        assertThat(body.get("where").asText()).isEqualTo("127.0.0.1");
        assertThat(body.get("since").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(body.get("error").asText()).contains("已在其他位置登录");
        HttpResponse<String> taken = post(second, "/api/agent/login", "{\"extension\":\"6002\",\"takeOver\":true}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        post(second, "/api/agent/logout", "");
    }

    @Test
    void badInputIs400NamingTheFieldNever500() throws Exception {
        String t = token("a1001");
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/api/agent/login|{\"extension\":\"abc\"}", "extension"),
                Map.entry("/api/agent/login|{\"extension\":\"6001\",\"agent\":\"a1002\"}", "agent"),
                Map.entry("/api/agent/login|{\"extension\":\"6001\",\"takeOver\":\"yes\"}", "takeOver"),
                Map.entry("/api/agent/not-ready|{\"reason\":\"摸鱼\"}", "reason"),
                Map.entry("/api/agent/not-ready|{\"reason\":\"休\\u0007息\"}", "reason"),
                Map.entry("/api/agent/not-ready|{}", "reason"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"x\",\"code\":\"c\",\"resolution\":\"answered\"}", "callId"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1.1\",\"code\":\"nope\",\"resolution\":\"answered\"}", "code"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1.1\",\"code\":\"" + aCode()
                        + "\",\"resolution\":\"maybe\"}", "resolution"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1.1\",\"code\":\"" + aCode()
                        + "\",\"resolution\":\"answered\",\"notes\":\"" + "长".repeat(501) + "\"}", "notes"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1.1\",\"code\":\"" + aCode()
                        + "\",\"resolution\":\"answered\",\"notes\":\"a\\u0000b\"}", "notes"),
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1.1\",\"code\":\"" + aCode()
                        + "\",\"resolution\":\"answered\",\"idempotencyKey\":\"<script>\"}", "idempotencyKey"),
                // a call this agent never handled
                Map.entry("/api/agent/wrapup|{\"callId\":\"pbx~1732259050.17\",\"code\":\"" + aCode()
                        + "\",\"resolution\":\"answered\"}", "callId"));
        for (var c : cases.entrySet()) {
            String[] pr = c.getKey().split("\\|", 2);
            HttpResponse<String> r = post(t, pr[0], pr[1]);
            assertThat(r.statusCode()).as(c.getKey() + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("'" + c.getValue() + "'");
        }
        byte[] broken = "{\"reason\":\"\u4f11X\"}".getBytes(StandardCharsets.UTF_8);
        broken[broken.length - 3] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
        HttpResponse<String> r = post(t, "/api/agent/not-ready", broken);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("'reason'");
        assertThat(post(t, "/api/agent/not-ready", "not json").statusCode()).isEqualTo(400);
        assertThat(OversizedRequest.status(uri("/api/agent/wrapup"), "Bearer " + t, 10 << 20)).isEqualTo(413);
        assertThat(get(t, "/api/agent/me?agent=a1002").statusCode()).isEqualTo(400);
    }

    @Test
    void anAgentSeesAndActsOnlyOnItself() throws Exception {
        String mine = token("a1001");
        String theirs = token("a1002");
        assertThat(me(theirs).get("agent").asText()).isEqualTo("a1002");
        assertThat(me(mine).get("agent").asText()).isEqualTo("a1001");
        // another agent's id anywhere is refused, not followed
        assertThat(get(theirs, "/api/agent/me?agent=a1001").statusCode()).isEqualTo(400);
        assertThat(post(theirs, "/api/agent/ready?agent=a1001", "").statusCode()).isEqualTo(400);
        assertThat(post(theirs, "/api/agent/not-ready", "{\"reason\":\"休息\",\"agent\":\"a1001\"}").statusCode())
                .isEqualTo(400);
        assertThat(get(theirs, "/api/agent/a1001").statusCode()).isEqualTo(404);
    }

    @Test
    void aPageSignedInByCookieNeedsItsCsrfTokenAndOurOrigin() throws Exception {
        HttpResponse<String> in = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"a1001\",\"password\":\"pw-12333\",\"cookie\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(in.body()).get("csrf").asText();
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(uri("/api/agent/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(uri("/api/agent/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri("/api/agent/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(204);
    }

    /**
     * With one web worker and the floor's thread stuck inside an agent's ready, another request is still answered:
     * the ready waits for the floor without holding the worker (the desk's KB searches waited behind such waits).
     */
    @Test
    void aRequestWaitingForTheFloorHoldsNoWorker() throws Exception {
        WebSettings w = WebSettings.defaults();
        WebSettings one = new WebSettings("127.0.0.1", 0, 65536, w.idleTimeout(), 1, 50, Duration.ofMinutes(5), 50,
                Duration.ofMinutes(15));
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        desk.addListener(new cn.hotline12333.agent.DeskListener() {
            @Override
            public void changed(cn.hotline12333.agent.AgentSnapshot s) {
                if (s.agent().equals("a1003") && armed.get()) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        WebServer single = new WebServer(one, login, routes);
        single.start();
        String t = token("a1003");
        try {
            assertThat(post(single, t, "/api/agent/login", "{\"extension\":\"6003\"}").join().statusCode())
                    .isEqualTo(200);
            // logged in once Asterisk confirms the member (paused); a ready before that is refused
            await().atMost(Duration.ofSeconds(5)).until(() -> me(t).get("state").asText().equals("NOT_READY"));
            armed.set(true);
            var ready = post(single, t, "/api/agent/ready", "");
            inside.await(); // the floor's thread is in the ready, and stays there
            HttpResponse<String> other = post(single, t, "/api/agent/heartbeat", "")
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(other.statusCode()).isEqualTo(204);
            assertThat(ready).as("the ready is still waiting for the floor").isNotDone();
            armed.set(false);
            release.countDown();
            assertThat(ready.join().statusCode()).as(ready.join().body()).isEqualTo(200);
            assertThat(JSON.readTree(ready.join().body()).get("agent").get("agent").asText()).isEqualTo("a1003");
        } finally {
            armed.set(false);
            release.countDown();
            post(single, t, "/api/agent/logout", "").join();
            single.close();
        }
    }

    private static java.util.concurrent.CompletableFuture<HttpResponse<String>> post(WebServer w, String token,
                                                                                    String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutADeskOnTheNodeEveryRouteSays503() throws Exception {
        AgentRoutes none = new AgentRoutes(null, Map.of("休息", Duration.ofMinutes(15)), null, () -> false);
        for (Route r : none.routes()) {
            try {
                r.handler().handle(new ApiRequest(r.method(), r.pattern(), Map.of(), Map.of(),
                        new User("a1001", Role.AGENT, "national"), "127.0.0.1", "{}", null, null));
                throw new AssertionError(r.pattern() + " answered");
            } catch (ApiError e) {
                assertThat(e.status()).as(r.pattern()).isEqualTo(503);
            }
        }
    }

    private static String aCode() {
        WrapupCodes codes = WrapupCodes.open(Path.of("ivr-flows", "wrapup.yaml"), null, Clock.systemUTC(), false);
        return codes.current().topics().get(0).codes().get(0).id();
    }
}
