package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallerHistory;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import cn.hotline12333.wrapup.WrapupCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

class DeskRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FULL_ID = Pattern.compile("[0-9]{17}[0-9Xx]");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    static final String CALLER = "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f";
    static final String CALL = "pbx-bj-1/1732259050.17";
    static final String CALL_PATH = "pbx-bj-1~1732259050.17";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> bodies = new ArrayList<>();
    private WebServer server;
    private CallContexts contexts;
    private CallerHistory history;

    @BeforeEach
    void start() {
        var jedis = REDIS.redis().jedis();
        contexts = new CallContexts(jedis, Clock.systemUTC());
        history = new CallerHistory(jedis, Clock.systemUTC());
        WrapupCodes codes = WrapupCodes.open(Path.of("ivr-flows", "wrapup.yaml"), null, Clock.systemUTC(), false);
        server = TestWeb.start(REDIS.redis(), new DeskRoutes(contexts, history, codes,
                CallAccess.byOffers(contexts), Clock.systemUTC()).routes());
    }

    @AfterEach
    void stop() {
        server.close();
        // nothing any route answered shows a whole citizen ID or an unmasked mobile number
        for (String body : bodies) {
            assertThat(FULL_ID.matcher(body).find()).as(body).isFalse();
            assertThat(MOBILE.matcher(body).find()).as(body).isFalse();
        }
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private void storeContext() {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:00:05+08:00");
        contexts.store(new CallContext(CallContext.VERSION, CALL, "pbx-bj-1", "1732259050.17", CALLER,
                "138****5678", "hotline", List.of("主菜单", "社会保险", "养老", "查询本月养老金", "人工"), List.of("pension"),
                List.of(new CallContext.Service("pension_payment", true, "养老金到账查询：成功")),
                "1101**********0010", "hotline-general", at, at.plusSeconds(40)));
    }

    @Test
    void anAgentSeesTheContextOfACallThatRangHimAndNoOtherCall() throws Exception {
        storeContext();
        assertThat(get("/api/calls/" + CALL_PATH + "/context", "agent").statusCode()).isEqualTo(403);

        contexts.offered(CALL, "agent");
        HttpResponse<String> r = get("/api/calls/" + CALL_PATH + "/context", "agent");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode c = json(r);
        assertThat(c.get("callId").asText()).isEqualTo(CALL);
        assertThat(c.get("fromIvr").asBoolean()).isTrue();
        assertThat(c.get("pathText").asText()).isEqualTo("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
        assertThat(c.get("topics").get(0).get("name").asText()).isEqualTo("养老保险");
        assertThat(c.get("selfService").get(0).get("text").asText()).isEqualTo("养老金到账查询：成功");
        assertThat(c.get("citizenId").asText()).isEqualTo("1101**********0010");
        assertThat(c.get("caller").asText()).isEqualTo("138****5678");
        assertThat(c.get("queue").asText()).isEqualTo("hotline-general");
        assertThat(c.has("offeredTo")).isFalse(); // which other agents it rang is for managers
        // a call that rang somebody else, and a call nobody knows, look the same to an agent
        assertThat(get("/api/calls/pbx-bj-1~1.1/context", "agent").statusCode()).isEqualTo(403);
    }

    @Test
    void aManagerSeesAnyCallAndWhomItRang() throws Exception {
        storeContext();
        contexts.offered(CALL, "agent");

        JsonNode c = json(get("/api/calls/" + CALL_PATH + "/context", "manager"));

        assertThat(c.get("offeredTo").has("agent")).isTrue();
        assertThat(get("/api/calls/" + CALL_PATH + "/context", "admin").statusCode()).isEqualTo(200);
        assertThat(get("/api/calls/pbx-bj-1~1.1/context", "manager").statusCode()).isEqualTo(404);
    }

    @Test
    void aCallQueuedWithoutTheIvrShowsNoIvrInformation() throws Exception {
        contexts.offered("pbx-bj-1/1732259050.18", "agent");

        JsonNode c = json(get("/api/calls/pbx-bj-1~1732259050.18/context", "agent"));

        assertThat(c.get("fromIvr").asBoolean()).isFalse();
        assertThat(c.get("pathText").asText()).isEqualTo("无IVR信息");
    }

    @Test
    void historyOfACallerWhoseCallRangTheAgentWithWrapUpsInWords() throws Exception {
        OffsetDateTime at = OffsetDateTime.now().minusDays(3);
        history.apply(CallRecord.builder().callId("pbx-bj-1/1.5").asteriskSystem("pbx-bj-1").uniqueId("1.5")
                .callerNumber("13800138000").callerHash(CALLER).startedAt(at).endedAt(at.plusMinutes(4))
                .topics(List.of("wage_arrears")).outcome(Outcome.AGENT_ANSWERED).queue("labour-inspection")
                .queueStints(List.of(new CallRecord.QueueStint("labour-inspection", at.plusSeconds(20),
                        at.plusMinutes(4), 10_000L, 200_000L, "Agent 1001", CallRecord.StintResult.ANSWERED)))
                .survey(new CallRecord.Survey(true, 2)).surveyScore(2).build());
        history.apply(new HandlingRecord(1, "pbx-bj-1/1.5/Agent 1001/1", 1, "pbx-bj-1/1.5", "1.5", "Agent 1001",
                "labour-inspection", at.plusSeconds(30), at.plusSeconds(35), at.plusMinutes(4), 0, 200_000, 30_000,
                "wage_arrears.complaint", HandlingRecord.Resolution.REFERRED, null, List.of(), 0,
                at.plusMinutes(5)));
        String path = "/api/callers/" + CALLER + "/history";
        assertThat(get(path, "agent").statusCode()).isEqualTo(403);

        storeContext();
        contexts.offered(CALL, "agent");
        HttpResponse<String> r = get(path, "agent");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode calls = json(r).get("calls");
        assertThat(calls).hasSize(1);
        JsonNode call = calls.get(0);
        assertThat(call.get("topics").get(0).get("name").asText()).isEqualTo("欠薪投诉");
        assertThat(call.get("outcome").asText()).isEqualTo("agent_answered");
        assertThat(call.get("surveyScore").asInt()).isEqualTo(2);
        JsonNode w = call.get("wrapups").get(0);
        assertThat(w.get("label").asText()).isEqualTo("拖欠工资投诉");
        assertThat(w.get("resolutionName").asText()).isEqualTo("需转办");
        assertThat(w.get("agent").asText()).isEqualTo("Agent 1001");
        assertThat(get(path, "manager").statusCode()).isEqualTo(200);
        assertThat(json(get(path + "?limit=1", "manager")).get("calls")).hasSize(1);
    }

    @Test
    void theWrapUpCodesAreServedToAgents() throws Exception {
        JsonNode c = json(get("/api/agent/wrapup-codes", "agent"));

        assertThat(c.get("version").asText()).isEqualTo("2026.12-1");
        assertThat(c.get("notesMaxLength").asInt()).isEqualTo(500);
        assertThat(c.get("resolutions")).extracting(n -> n.get("name").asText())
                .containsExactly("已解答", "需转办", "已转接", "无效来电", "需回拨");
        assertThat(c.get("topics").get(0).get("codes").get(0).get("id").asText()).isEqualTo("pension.payment");
    }

    @Test
    void everyRouteWantsALogin() throws Exception {
        for (String path : List.of("/api/calls/" + CALL_PATH + "/context", "/api/callers/" + CALLER + "/history",
                "/api/agent/wrapup-codes")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void badInputIsA400NamingTheParameterNeverA500() throws Exception {
        for (String bad : List.of("abc", "pbx-bj-1~abc", "~1.2", "pbx-bj-1~1.2~3", "x".repeat(300) + "~1.2",
                "%3Cscript%3E~1.2", "pbx%00~1.2", "pbx-bj-1%7E1.2.3")) {
            HttpResponse<String> r = get("/api/calls/" + bad + "/context", "manager");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("parameter 'callId'");
        }
        for (String bad : List.of("abc", CALLER.toUpperCase(), CALLER + "0", "13800138000", "%E4%B8%AD")) {
            HttpResponse<String> r = get("/api/callers/" + bad + "/history", "manager");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("parameter 'callerHash'");
        }
        assertThat(get("/api/callers/" + CALLER + "/history?limit=0", "manager").body()).contains("parameter 'limit'");
        assertThat(get("/api/callers/" + CALLER + "/history?limit=x", "manager").body()).contains("parameter 'limit'");
        assertThat(get("/api/agent/wrapup-codes?version=1", "agent").body()).contains("parameter 'version'");
        assertThat(get("/api/calls/" + CALL_PATH + "/context?x=%FF", "manager").statusCode()).isEqualTo(400);
    }

    @Test
    void redisDownIsA503() throws Exception {
        server.close();
        try (JedisPooled dead = new JedisPooled(new HostAndPort("127.0.0.1", 1))) {
            CallContexts gone = new CallContexts(dead, Clock.systemUTC());
            WrapupCodes codes = WrapupCodes.open(Path.of("ivr-flows", "wrapup.yaml"), null, Clock.systemUTC(), false);
            server = TestWeb.start(REDIS.redis(), new DeskRoutes(gone, new CallerHistory(dead, Clock.systemUTC()),
                    codes, CallAccess.byOffers(gone), Clock.systemUTC()).routes());
            assertThat(get("/api/calls/" + CALL_PATH + "/context", "manager").statusCode()).isEqualTo(503);
            assertThat(get("/api/callers/" + CALLER + "/history", "manager").statusCode()).isEqualTo(503);
            assertThat(get("/api/agent/wrapup-codes", "agent").statusCode()).isEqualTo(200);
        }
    }
}
