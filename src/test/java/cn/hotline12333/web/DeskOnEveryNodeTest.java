package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.sim.AmiCaller;
import cn.hotline12333.sim.AmiChannel;
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
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one Redis and one AMI emulator, each with its own desk, push, hub and web server (what HotlineNode
 * wires): the agent's desktop on the node that does not hold the AMI lease logs in, goes ready, gets the pop of a
 * queued call, wraps up; then the holder stops, the lease moves, and the same desktop keeps working.
 */
class DeskOnEveryNodeTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HandlingRecord> handled = new CopyOnWriteArrayList<>();
    private AmiEmulator ami;
    private Node holder;
    private Node other;

    /** One node's agent desktop wiring. */
    final class Node implements AutoCloseable {
        final AgentDesk desk;
        final DeskPush push;
        final WebServer server;

        Node(String name, AgentSettings s, WrapupCodes codes) {
            desk = AgentDesk.start(REDIS.redis(), s, seg -> { }, handled::add, Clock.systemUTC(), name);
            push = new DeskPush(REDIS.redis());
            AgentHub hub = new AgentHub(desk, push, REDIS.redis(),
                    new CallContexts(REDIS.redis().jedis(), Clock.systemUTC()), codes, "asterisk@pbx");
            WebSettings d = WebSettings.defaults();
            WebSettings ws = new WebSettings("127.0.0.1", 0, 65536, d.idleTimeout(), 2, 50, Duration.ofMinutes(5), 50,
                    Duration.ofMinutes(15)).withLoginLimits(50, 100);
            Login login = new Login(TestWeb.USERS, new Sessions(REDIS.redis(), ws.sessionTtl()),
                    new LoginThrottle(REDIS.redis(), 50, 100, ws.loginWindow()));
            server = new WebServer(ws, login, new AgentRoutes(desk, s.pauseLimits(), codes, desk::phoneSystemUp)
                    .routes(), null, hub);
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }

        @Override
        public void close() throws Exception {
            server.close();
            push.close();
            desk.close();
        }
    }

    @BeforeAll
    static void allowOriginHeader() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin");
    }

    @BeforeEach
    void start() {
        ami = AmiEmulator.start(AmiSettings.defaults());
        AgentSettings d0 = AgentSettings.defaults();
        AgentSettings s = new AgentSettings("127.0.0.1", ami.port(), "hotline", "hotline-secret", d0.queues(),
                d0.interfacePattern(), d0.wrapupLimit(), d0.wrapupLimits(), false, d0.heartbeatLimit(),
                d0.pauseLimits());
        WrapupCodes codes = WrapupCodes.open(Path.of("ivr-flows", "wrapup.yaml"), null, Clock.systemUTC(), false);
        holder = new Node("node-a", s, codes);
        await().atMost(Duration.ofSeconds(5)).until(() -> "node-a".equals(REDIS.redis().jedis().get("agent:ami:lease")));
        other = new Node("node-b", s, codes);
        await().atMost(Duration.ofSeconds(10)).until(() -> holder.desk.phoneSystemUp() && other.desk.phoneSystemUp());
    }

    @AfterEach
    void stop() throws Exception {
        if (holder != null) {
            holder.close();
        }
        other.close();
        ami.close();
    }

    @Test
    void aDesktopOnTheNodeWithoutTheLeaseWorksAsOnTheHolderAndGoesOnWhenTheLeaseMoves() throws Exception {
        String[] s = session(other);
        Page page = open(other, s[0]);
        await().atMost(Duration.ofSeconds(5)).until(() -> page.types().contains("snapshot"));

        assertThat(post(other, s, "/api/agent/login", "{\"extension\":\"6001\"}").statusCode()).isEqualTo(200);
        page.awaitState("NOT_READY");
        assertThat(post(other, s, "/api/agent/ready", "").statusCode()).isEqualTo(200);
        page.awaitState("READY");

        AmiChannel caller = AmiChannel.caller("PJSIP/trunk-00000001", "13800000000", "hotline", "12333", 1,
                "1795400000.1", "1795400000.1");
        AmiChannel leg = AmiChannel.memberLeg("PJSIP/6001-00000002", "13800000000", "agents", "6001",
                "1795400000.2", "1795400000.1");
        AmiCaller call = ami.callerJoins("hotline-general", caller).ring("PJSIP/6001", leg);
        await().atMost(Duration.ofSeconds(5)).until(() -> page.of("pop").size() == 1);
        JsonNode pop = page.of("pop").get(0).get("pop");
        assertThat(pop.get("uniqueId").asText()).isEqualTo("1795400000.1");
        assertThat(pop.get("caller").asText()).doesNotContain("13800000000");
        call.connect("PJSIP/6001");
        page.awaitState("ON_CALL");
        call.complete("caller");
        page.awaitState("WRAP_UP");
        String wrap = "{\"callId\":\"" + pop.get("callId").asText() + "\",\"code\":\"pension.payment\","
                + "\"resolution\":\"answered\",\"idempotencyKey\":\"wrap-0001\"}";
        HttpResponse<String> wrapped = post(other, s, "/api/agent/wrapup", wrap);
        assertThat(wrapped.statusCode()).as(wrapped.body()).isEqualTo(200);
        assertThat(post(other, s, "/api/agent/wrapup", wrap).statusCode()).isEqualTo(200); // an impatient page
        page.awaitState("READY");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 1);
        assertThat(handled.get(0).agent()).isEqualTo("agent");
        assertThat(handled.get(0).wrapupCode()).isEqualTo("pension.payment");

        holder.close();
        holder = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> "node-b".equals(REDIS.redis().jedis().get("agent:ami:lease")));
        HttpResponse<String> pause = post(other, s, "/api/agent/not-ready", "{\"reason\":\"会议\"}");
        assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
        page.awaitState("NOT_READY");
        assertThat(ami.members("hotline-general")).containsEntry("PJSIP/6001", true);
        assertThat(post(other, s, "/api/agent/logout", "").statusCode()).isEqualTo(200);
        page.awaitState("LOGGED_OUT");

        assertThat(handled).hasSize(1);
        List<Long> seqs = page.frames().stream().filter(f -> f.has("seq") && !f.get("type").asText().equals("snapshot"))
                .map(f -> f.get("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aRequestNoFloorTakesInTimeIsAnsweredNotAppliedAndStaysUnapplied() throws Exception {
        String[] s = session(other);
        // a holder that died without a word and whose lease has not yet run out
        REDIS.redis().jedis().set("agent:ami:lease", "ghost");
        holder.close();
        holder = null;

        HttpResponse<String> login = post(other, s, "/api/agent/login", "{\"extension\":\"6003\"}");

        assertThat(login.statusCode()).as(login.body()).isEqualTo(409);
        assertThat(login.body()).contains("not applied").contains("try again");
        REDIS.redis().jedis().del("agent:ami:lease");
        await().atMost(Duration.ofSeconds(5)).until(() -> "node-b".equals(REDIS.redis().jedis().get("agent:ami:lease")));
        // the new holder finds the late command and drops it, as the desktop was told
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.redis().jedis()
                .xpending("agent:desk:commands", "floor").getTotal() == 0);
        assertThat(ami.members("hotline-general")).doesNotContainKey("PJSIP/6003");
        HttpResponse<String> again = post(other, s, "/api/agent/login", "{\"extension\":\"6003\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> ami.members("hotline-general").containsKey("PJSIP/6003"));
        assertThat(post(other, s, "/api/agent/logout", "").statusCode()).isEqualTo(200);
    }

    private String[] session(Node n) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(n.uri("/api/login")).POST(HttpRequest
                .BodyPublishers.ofString("{\"user\":\"agent\",\"password\":\"agent-12333\",\"cookie\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(login.body()).get("csrf").asText()};
    }

    private HttpResponse<String> post(Node n, String[] session, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(n.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Cookie", session[0]).header("X-CSRF-Token", session[1]).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Page(List<JsonNode> frames) {
        List<String> types() {
            return frames.stream().map(f -> f.get("type").asText()).toList();
        }

        List<JsonNode> of(String type) {
            return frames.stream().filter(f -> f.get("type").asText().equals(type)).toList();
        }

        void awaitState(String state) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<JsonNode> states = of("state");
                return !states.isEmpty()
                        && states.get(states.size() - 1).get("agent").get("state").asText().equals(state);
            });
        }
    }

    private Page open(Node n, String cookie) throws Exception {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://127.0.0.1:" + n.server.port())
                .buildAsync(URI.create("ws://127.0.0.1:" + n.server.port() + "/ws/agent"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode f = JSON.readTree(partial.toString());
                                if (!f.get("type").asText().equals("heartbeat")) {
                                    frames.add(f);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        return new Page(frames);
    }
}
