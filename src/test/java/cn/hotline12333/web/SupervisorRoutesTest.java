package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskListener;
import cn.hotline12333.sim.AmiChannel;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.store.RedisFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The supervisor's routes on a real desk, its AMI link against the emulator: the grid, a force (audited, pending
 * during a call), a broadcast through DeskPush; every role and every bad input answered, never a 500.
 */
class SupervisorRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Boolean> link = new CopyOnWriteArrayList<>();
    private AmiEmulator box;
    private AgentDesk desk;
    private DeskPush push;
    private WebServer server;

    @BeforeEach
    void start() {
        box = AmiEmulator.start(AmiSettings.defaults()
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting"))
                .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
        AgentSettings settings = new AgentSettings("127.0.0.1", box.port(), "desk", "desk-secret",
                List.of("hotline-general"), "PJSIP/%s", Duration.ofSeconds(60), Map.of(), false,
                Duration.ofSeconds(60), AgentSettings.parsePauses(AgentSettings.DEFAULT_PAUSES, "x"));
        desk = AgentDesk.start(REDIS.redis(), settings, s -> { }, h -> { }, Clock.systemUTC(), "node-a");
        desk.addListener(new DeskListener() {
            @Override
            public void linkChanged(boolean up) {
                link.add(up);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> link.contains(true));
        push = new DeskPush(REDIS.redis());
        server = TestWeb.start(REDIS.redis(), new SupervisorRoutes(desk, push, new Audit(REDIS.redis(),
                Clock.systemUTC()), Clock.systemUTC()).routes());
        desk.login("1001", "6001", "tab-1", "here", false).join();
        desk.login("1002", "6002", "tab-2", "there", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.NOT_READY
                && state("1002") == AgentState.NOT_READY);
        desk.ready("1001").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.READY);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        push.close();
        desk.close();
        box.close();
    }

    private AgentSnapshot snapshot(String agent) {
        return desk.snapshot(agent).join();
    }

    private AgentState state(String agent) {
        return snapshot(agent).state();
    }

    private HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
        return r;
    }

    private JsonNode agents(String query) throws Exception {
        HttpResponse<String> r = call("GET", "/api/supervisor/agents" + query, "manager", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode agent(JsonNode grid, String id) {
        for (JsonNode a : grid.get("agents")) {
            if (a.get("agent").asText().equals(id)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void aManagerSeesEveryAgentWithStateTimeInStateAndQueuesOthersAreTurnedAway() throws Exception {
        JsonNode grid = agents("");

        assertThat(grid.get("serverTime").asLong()).isPositive();
        assertThat(agent(grid, "1001").get("state").asText()).isEqualTo("ready");
        assertThat(agent(grid, "1001").get("inStateMs").asLong()).isNotNegative();
        assertThat(agent(grid, "1001").get("queues").get(0).asText()).isEqualTo("hotline-general");
        assertThat(agent(grid, "1002").get("state").asText()).isEqualTo("not_ready");
        assertThat(agent(grid, "1002").get("reason").asText()).isEqualTo("未就绪");
        assertThat(agent(grid, "1002").get("phone").asText()).isEqualTo("ok");
        assertThat(grid.get("reasons").get(0).get("code").asText()).isEqualTo("休息");
        assertThat(grid.get("reasons").get(0).get("limitMs").asLong()).isEqualTo(15 * 60_000);
        assertThat(agents("?state=ready").get("agents")).hasSize(1);
        assertThat(agents("?queue=hotline-pension").get("agents")).isEmpty();

        assertThat(call("GET", "/api/supervisor/agents", "agent", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/supervisor/agents", "admin", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/supervisor/agents", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/supervisor/agents?state=asleep", "manager", null).body()).contains("'state'");
        assertThat(call("GET", "/api/supervisor/agents?queue=%3Cx%3E", "manager", null).body()).contains("'queue'");
        assertThat(call("GET", "/api/supervisor/agents?sort=1", "manager", null).body()).contains("'sort'");
    }

    @Test
    void aForcedNotReadyIsConfirmedByAsteriskAndAudited() throws Exception {
        HttpResponse<String> r = call("POST", "/api/supervisor/agents/1001/force", "manager",
                "{\"action\":\"not_ready\",\"pauseReason\":\"会议\",\"reason\":\"班组会\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("pending").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.NOT_READY);
        assertThat(snapshot("1001").reason()).isEqualTo("会议");
        assertThat(box.members("hotline-general")).containsEntry("PJSIP/6001", true);
        List<StreamEntry> audit = REDIS.redis().jedis().xrange(Audit.STREAM, (StreamEntryID) null, null);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).getFields()).containsEntry("who", "manager").containsEntry("action", "agent_force")
                .containsEntry("subject", "1001").containsEntry("request", "not_ready")
                .containsEntry("pauseReason", "会议").containsEntry("reason", "班组会").containsKey("at");
        assertThat(JSON.readTree(r.body()).get("audit").asText()).isEqualTo(audit.get(0).getID().toString());
    }

    @Test
    void aForceDuringACallIsPendingUntilTheCallIsOver() throws Exception {
        AmiChannel caller = AmiChannel.caller("PJSIP/trunk-00000001", "13800000000", "hotline", "12333", 1,
                "1795400000.1", "1795400000.1");
        AmiChannel leg = AmiChannel.memberLeg("PJSIP/6001-00000002", "13800000000", "agents", "6001",
                "1795400000.2", "1795400000.1");
        box.callerJoins("hotline-general", caller).ring("PJSIP/6001", leg).connect("PJSIP/6001");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        HttpResponse<String> r = call("POST", "/api/supervisor/agents/1001/force", "manager",
                "{\"action\":\"logout\",\"reason\":\"下班\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("pending").asBoolean()).isTrue();
        assertThat(body.get("agent").get("pendingLogout").asBoolean()).isTrue();
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
        assertThat(agent(agents(""), "1001").get("pendingLogout").asBoolean()).isTrue();
    }

    @Test
    void badForcesAreFourHundredsNamingTheFieldAndUnknownAgentsFourOhFour() throws Exception {
        String path = "/api/supervisor/agents/1001/force";
        assertThat(call("POST", path, "manager", "{\"reason\":\"x\"}").body()).contains("'action'");
        assertThat(call("POST", path, "manager", "{\"action\":\"sleep\",\"reason\":\"x\"}").body()).contains("'action'");
        assertThat(call("POST", path, "manager", "{\"action\":\"not_ready\",\"reason\":\"x\"}").body())
                .contains("'pauseReason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"not_ready\",\"pauseReason\":\"散步\",\"reason\":\"x\"}")
                .body()).contains("'pauseReason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"ready\"}").body()).contains("'reason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"ready\",\"reason\":\"a\\u0007b\"}").body())
                .contains("'reason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"ready\",\"reason\":\"" + "长".repeat(201) + "\"}")
                .body()).contains("'reason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"ready\",\"reason\":7}").body()).contains("'reason'");
        assertThat(call("POST", path, "manager", "{\"action\":\"ready\",\"reason\":\"x\",\"by\":\"y\"}").body())
                .contains("'by'");
        assertThat(call("POST", path, "manager", "not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", path, "manager", "[]").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/supervisor/agents/a%20b/force", "manager",
                "{\"action\":\"ready\",\"reason\":\"x\"}").body()).contains("'id'");
        assertThat(call("POST", "/api/supervisor/agents/9999/force", "manager",
                "{\"action\":\"ready\",\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(call("POST", path, "agent", "{\"action\":\"ready\",\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", path, null, "{\"action\":\"ready\",\"reason\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(REDIS.redis().jedis().exists(Audit.STREAM)).isFalse();
    }

    @Test
    void aBroadcastReachesTheNamedDesktopsAndEveryoneAndIsAudited() throws Exception {
        List<DeskPush.Notice> to1001 = new CopyOnWriteArrayList<>();
        List<DeskPush.Notice> to1002 = new CopyOnWriteArrayList<>();
        push.subscribe("1001", to1001::add);
        push.subscribe("1002", to1002::add);

        HttpResponse<String> r = call("POST", "/api/supervisor/broadcast", "manager",
                "{\"text\":\"<img src=x onerror=alert(1)> 10点开会\",\"to\":[\"1001\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> to1001.size() == 1);
        assertThat(to1001.get(0).kind()).isEqualTo("broadcast");
        assertThat(to1001.get(0).body().get("text").asText()).isEqualTo("<img src=x onerror=alert(1)> 10点开会");
        assertThat(to1001.get(0).body().get("from").asText()).isEqualTo("manager");

        assertThat(call("POST", "/api/supervisor/broadcast", "manager", "{\"text\":\"全体注意\"}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> to1002.size() == 1 && to1001.size() == 2);
        assertThat(REDIS.redis().jedis().xlen(Audit.STREAM)).isEqualTo(2);
    }

    @Test
    void badBroadcastsAreFourHundredsNamingTheField() throws Exception {
        String path = "/api/supervisor/broadcast";
        assertThat(call("POST", path, "manager", "{}").body()).contains("'text'");
        assertThat(call("POST", path, "manager", "{\"text\":\"   \"}").body()).contains("'text'");
        assertThat(call("POST", path, "manager", "{\"text\":\"" + "字".repeat(501) + "\"}").body()).contains("'text'");
        assertThat(call("POST", path, "manager", "{\"text\":\"" + "字".repeat(500) + "\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", path, "manager", "{\"text\":\"a\\u0000b\"}").body()).contains("'text'");
        assertThat(call("POST", path, "manager", "{\"text\":\"a\",\"to\":[]}").body()).contains("'to'");
        assertThat(call("POST", path, "manager", "{\"text\":\"a\",\"to\":\"1001\"}").body()).contains("'to'");
        assertThat(call("POST", path, "manager", "{\"text\":\"a\",\"to\":[\"<x>\"]}").body()).contains("'to'");
        HttpRequest invalidUtf8 = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "manager:manager-12333".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"',
                        (byte) 0xC3, (byte) 0x28, '"', '}'})).build();
        HttpResponse<String> r = http.send(invalidUtf8, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("'text'");
        assertThat(call("POST", path, "agent", "{\"text\":\"a\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", path, null, "{\"text\":\"a\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void aNodeWithoutTheDeskAnswersServiceUnavailable() throws Exception {
        try (WebServer bare = TestWeb.start(REDIS.redis(), new SupervisorRoutes(null, push,
                new Audit(REDIS.redis(), Clock.systemUTC()), Clock.systemUTC()).routes())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bare.port()
                    + "/api/supervisor/agents")).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("manager:manager-12333".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
        }
    }
}
