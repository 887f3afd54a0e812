package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.WorkingHours;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import cn.hotline12333.workorder.Deadlines;
import cn.hotline12333.workorder.OrderType;
import cn.hotline12333.workorder.OrderTypes;
import cn.hotline12333.workorder.Tasks;
import cn.hotline12333.workorder.WorkOrders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The work-order and task routes: who may call which (401, 403 and the IDOR cases), bad input, Redis down. */
class WorkOrderRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedRedis embedded;
    private static Deadlines.Calendar calendar;
    private final HttpClient http = HttpClient.newHttpClient();
    private Redis redis;
    private WebServer server;
    private Tasks tasks;

    @BeforeAll
    static void startRedis() {
        embedded = EmbeddedRedis.start();
        try (FlowLibrary flows = FlowLibrary.open(Path.of("ivr-flows"))) {
            WorkingHours hours = flows.current().hours();
            calendar = Deadlines.Calendar.of(hours::isWorkingDay, hours::knowsYear);
        }
    }

    @AfterAll
    static void stopRedis() {
        embedded.close();
    }

    @BeforeEach
    void start() {
        redis = Redis.connect(embedded.url());
        redis.jedis().flushAll();
        Clock clock = Clock.fixed(Instant.parse("2025-09-26T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        OrderTypes types = OrderTypes.fixed(List.of(new OrderType("wage_arrears", "欠薪投诉", 7, "劳动保障监察")));
        WorkOrders orders = new WorkOrders(redis, types, () -> calendar, clock, p -> p == null ? null
                : String.format("%032d", Long.parseLong(p.replaceAll("\\D", "")) % 1_000_000_000L), r -> { });
        tasks = new Tasks(redis, Tasks.Settings.defaults(), Clock.systemUTC(), r -> { });
        Audit audit = new Audit(redis, Clock.systemUTC());
        List<Route> routes = new ArrayList<>(new WorkOrderRoutes(orders, audit).routes());
        routes.addAll(new TaskRoutes(tasks, audit).routes());
        server = TestWeb.start(redis, routes);
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
    }

    private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
        return send(user, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String user, String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8));
    }

    private static String order(String key, String assignee, String extra) {
        return "{\"idempotencyKey\":\"" + key + "\",\"type\":\"wage_arrears\",\"callerPhone\":\"13800138000\","
                + "\"employer\":\"某建筑公司\",\"description\":\"三个月工资未发\",\"citizenId\":\"110105195503080010\""
                + (assignee == null ? "" : ",\"assignee\":\"" + assignee + "\"") + extra + "}";
    }

    private String created(String user, String key, String assignee) throws Exception {
        HttpResponse<String> r = send(user, "POST", "/api/work-orders", order(key, assignee, ",\"createAnyway\":true"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    @Test
    void anAgentCreatesAnOrderDueOnTheCalendarAndSeesItInMyWorkOrdersWithThePhoneMasked() throws Exception {
        HttpResponse<String> r = send("agent", "POST", "/api/work-orders", order("web-key-01", "agent", ""));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode o = JSON.readTree(r.body());
        assertThat(o.get("due").asText()).isEqualTo("2025-10-13");
        assertThat(o.get("callerPhone").asText()).isEqualTo("138****8000");
        assertThat(o.get("citizenId").asText()).isEqualTo("1101**********0010");
        assertThat(r.body()).doesNotContain("110105195503080010").doesNotContain("13800138000");
        HttpResponse<String> again = send("agent", "POST", "/api/work-orders", order("web-key-01", "agent", ""));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(o.get("id").asText());

        JsonNode mine = JSON.readTree(send("agent", "GET", "/api/work-orders?mine=true", (String) null).body());
        assertThat(mine.get("orders").get(0).get("id").asText()).isEqualTo(o.get("id").asText());
        HttpResponse<String> dup = send("agent", "POST", "/api/work-orders", order("web-key-02", "agent", ""));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(dup.body()).get("possibleDuplicates").get(0).get("id").asText())
                .isEqualTo(o.get("id").asText());

        HttpResponse<String> reveal = send("agent", "POST", "/api/work-orders/" + o.get("id").asText() + "/reveal", "");
        assertThat(JSON.readTree(reveal.body()).get("callerPhone").asText()).isEqualTo("13800138000");
        assertThat(redis.jedis().xrange(Audit.STREAM, "-", "+")).singleElement().satisfies(e -> {
            assertThat(e.getFields()).containsEntry("who", "agent").containsEntry("action", "reveal_caller_phone")
                    .containsEntry("subject", o.get("id").asText());
        });
    }

    @Test
    void theTypesCarryTheDueDayAnOrderMadeNowWouldGet() throws Exception {
        JsonNode t = JSON.readTree(send("agent", "GET", "/api/work-order-types", (String) null).body());

        assertThat(t.get("acceptedToday").asText()).isEqualTo("2025-09-26");
        assertThat(t.get("types").get(0).get("code").asText()).isEqualTo("wage_arrears");
        assertThat(t.get("types").get(0).get("dueIfCreatedNow").asText()).isEqualTo("2025-10-13");
    }

    @Test
    void aMessageTaskSaysWhereTheRecordingIsAndACallbackSaysNothing() throws Exception {
        tasks.offer(TasksFixture.call("9.7", Outcome.MESSAGE_LEFT));
        tasks.offer(TasksFixture.call("9.8", Outcome.CALLBACK_REQUESTED));
        new cn.hotline12333.ivr.CallerRequests(redis).messageLeft("labour-inspection", "pbx-bj-1/9.7", "13800138000",
                "msg-20250926-190000-9.7", java.time.OffsetDateTime.parse("2025-09-26T19:01+08:00"));

        JsonNode message = JSON.readTree(send("agent", "GET", "/api/tasks/msg-pbx-bj-1~9.7", (String) null).body());
        JsonNode callback = JSON.readTree(send("agent", "GET", "/api/tasks/cb-pbx-bj-1~9.8", (String) null).body());

        assertThat(message.get("mailbox").asText()).isEqualTo("labour-inspection");
        assertThat(message.get("recording").asText()).isEqualTo("msg-20250926-190000-9.7");
        assertThat(callback.get("recording").isNull()).isTrue();
    }

    @Test
    void clickToCallIsOffUnlessConfiguredAndThenDialsTheFullNumberForTheHolderOnly() throws Exception {
        tasks.offer(TasksFixture.call("9.9", Outcome.CALLBACK_REQUESTED));
        String task = "cb-pbx-bj-1~9.9";
        send("agent", "POST", "/api/tasks/" + task + "/claim", "");
        assertThat(send("agent", "POST", "/api/tasks/" + task + "/call", "").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send("agent", "GET", "/api/tasks", (String) null).body()).get("clickToCall").asBoolean())
                .isFalse();

        List<String> dialled = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.close();
        server = TestWeb.start(redis, new TaskRoutes(tasks, new Audit(redis, Clock.systemUTC()), (agent, number, id) -> {
            dialled.add(agent + " " + number + " " + id);
            return number.endsWith("8000") ? null : "Permission denied";
        }).routes());

        assertThat(JSON.readTree(send("agent", "GET", "/api/tasks", (String) null).body()).get("clickToCall").asBoolean())
                .isTrue();
        assertThat(send("manager", "POST", "/api/tasks/" + task + "/call", "").statusCode()).isEqualTo(403);
        HttpResponse<String> r = send("agent", "POST", "/api/tasks/" + task + "/call", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("13800138000");
        assertThat(dialled).containsExactly("agent 13800138000 " + task);
        HttpResponse<String> shown = send("agent", "POST", "/api/tasks/" + task + "/reveal", "");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(redis.jedis().xrange(Audit.STREAM, "-", "+")).extracting(e -> e.getFields().get("action") + " "
                + e.getFields().get("who") + " " + e.getFields().get("subject"))
                .containsExactly("dial_caller_phone agent " + task, "reveal_caller_phone agent " + task);
    }

    @Test
    void everyRouteAsksWhoIsCallingAndAnotherAgentsOrderOrTaskIs403() throws Exception {
        String theirs = created("manager", "mgr-key-01", "someone");
        tasks.offer(TasksFixture.call("9.1", Outcome.CALLBACK_REQUESTED));
        String task = "cb-pbx-bj-1~9.1";
        send("manager", "POST", "/api/tasks/" + task + "/claim", "");

        List<String[]> all = List.of(
                new String[]{"POST", "/api/work-orders", order("anon-key-1", null, ",\"createAnyway\":true")},
                new String[]{"GET", "/api/work-orders", null},
                new String[]{"GET", "/api/work-order-types", null},
                new String[]{"GET", "/api/work-order-types/problems", null},
                new String[]{"GET", "/api/work-orders/" + theirs, null},
                new String[]{"PATCH", "/api/work-orders/" + theirs, "{\"action\":\"start\"}"},
                new String[]{"GET", "/api/work-orders/" + theirs + "/history", null},
                new String[]{"POST", "/api/work-orders/" + theirs + "/reveal", ""},
                new String[]{"GET", "/api/tasks", null},
                new String[]{"GET", "/api/tasks/" + task, null},
                new String[]{"POST", "/api/tasks/" + task + "/claim", ""},
                new String[]{"POST", "/api/tasks/" + task + "/release", ""},
                new String[]{"POST", "/api/tasks/" + task + "/result", "{\"result\":\"resolved\"}"},
                new String[]{"POST", "/api/tasks/" + task + "/reveal", ""});
        for (String[] route : all) {
            assertThat(send(null, route[0], route[1], route[2]).statusCode()).as("anonymous " + route[1]).isEqualTo(401);
        }
        Map<String, Integer> agent = Map.ofEntries(
                Map.entry("GET /api/work-order-types/problems", 403),
                Map.entry("GET /api/work-orders/" + theirs, 403),
                Map.entry("PATCH /api/work-orders/" + theirs, 403),
                Map.entry("GET /api/work-orders/" + theirs + "/history", 403),
                Map.entry("POST /api/work-orders/" + theirs + "/reveal", 403),
                Map.entry("POST /api/tasks/" + task + "/claim", 409),
                Map.entry("POST /api/tasks/" + task + "/release", 403),
                Map.entry("POST /api/tasks/" + task + "/result", 403),
                Map.entry("POST /api/tasks/" + task + "/reveal", 403));
        for (String[] route : all) {
            Integer expected = agent.get(route[0] + " " + route[1]);
            int status = send("agent", route[0], route[1], route[2]).statusCode();
            if (expected != null) {
                assertThat(status).as("agent " + route[0] + " " + route[1]).isEqualTo(expected);
            } else {
                assertThat(status).as("agent " + route[0] + " " + route[1]).isBetween(200, 201);
            }
        }
        assertThat(send("agent", "GET", "/api/work-orders?assignee=someone", (String) null).statusCode()).isEqualTo(403);
        assertThat(send("agent", "POST", "/api/work-orders", order("agent-key-9", "someone", ",\"createAnyway\":true"))
                .statusCode()).isEqualTo(403);
        assertThat(send("agent", "PATCH", "/api/work-orders/" + theirs, "{\"action\":\"reopen\",\"reason\":\"x\"}")
                .statusCode()).isEqualTo(403);
        assertThat(send("manager", "GET", "/api/work-order-types/problems", (String) null).statusCode()).isEqualTo(403);
        assertThat(send("admin", "GET", "/api/work-order-types/problems", (String) null).statusCode()).isEqualTo(200);
        // the manager sees every order but the phone only as the assignee does
        assertThat(send("manager", "GET", "/api/work-orders/" + theirs, (String) null).statusCode()).isEqualTo(200);
        assertThat(send("manager", "POST", "/api/work-orders/" + theirs + "/reveal", "").statusCode()).isEqualTo(403);
    }

    @Test
    void badInputIsA400NamingTheFieldNeverA500() throws Exception {
        String id = created("manager", "bad-key-01", "agent");
        assertField(send("agent", "POST", "/api/work-orders", order("bad-key-02", null, "").replace("wage_arrears", "lost_dog")), "type");
        assertField(send("manager", "PATCH", "/api/work-orders/" + id, "{\"action\":\"extend\",\"days\":3}"), "reason");
        assertField(send("agent", "POST", "/api/work-orders",
                order("bad-key-03", null, ",\"createAnyway\":true").replace("某建筑公司", "某\\u0001公司")), "employer");
        byte[] broken = order("bad-key-04", null, ",\"createAnyway\":true").getBytes(StandardCharsets.UTF_8);
        String text = new String(broken, StandardCharsets.UTF_8);
        int at = text.indexOf("三个月");
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        broken[prefix.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        broken[prefix.length + 1] = (byte) 0x28;
        assertField(send("agent", "POST", "/api/work-orders", broken), "description");
        assertField(send("agent", "POST", "/api/work-orders", order("bad-key-05", null, ",\"createAnyway\":\"yes\"")),
                "createAnyway");
        assertThat(send("agent", "POST", "/api/work-orders", "not json").statusCode()).isEqualTo(400);
        assertThat(send("agent", "GET", "/api/work-orders?status=done", (String) null).body()).contains("'status'");
        assertThat(send("agent", "GET", "/api/work-orders/GD1", (String) null).body()).contains("'id'");
        assertThat(send("agent", "POST", "/api/tasks/cb-x/result", "{\"result\":\"maybe\"}").body()).contains("'result'");
        assertThat(send("agent", "POST", "/api/tasks/cb-x/result", "{\"result\":\"resolved\"}").statusCode()).isEqualTo(404);
        // 10 MB is refused by the body cap before anything reads it
        assertThat(OversizedRequest.status(URI.create("http://127.0.0.1:" + server.port() + "/api/work-orders"),
                basic("agent"), 10 << 20)).isEqualTo(413);
    }

    private static void assertField(HttpResponse<String> r, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("'" + field + "'");
    }

    @Test
    void withRedisDownACreationIs503WithRetryAfter() throws Exception {
        created("agent", "before-down", "agent"); // signs the agent in while Redis answers
        embedded.stop();
        try {
            HttpResponse<String> r = send("agent", "POST", "/api/work-orders", order("down-key-1", null, ""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        } finally {
            embedded.restart();
        }
    }
}
