package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.web.Audit;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Who sees a caller's full number when an order is made from the call (issue 12): the agent the call rang gets it
 * for the prefill (audited), the order keeps it, and from then on only the order's assignee may reveal it; the
 * context, the order and the lists show it masked to everyone, and every other reveal is a 403.
 */
class CallerPhonePrefillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONE = "13912345678";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theRungAgentGetsTheNumberTheAssigneeMayRevealItAndEveryoneElseSeesItMasked(@TempDir Path dir)
            throws Exception {
        Path file = NodeHarness.twoAgentsAndAManager(dir);
        try (NodeHarness harness = new NodeHarness("2025-09-26T10:00+08:00", Files.createDirectories(dir.resolve("j")),
                Map.of("HOTLINE_USERS", file.toString()))) {
            CallRecord call = harness.record(harness.dial(NodeHarness.caller("4", "0").build(), NodeHarness.agentsAnswer()));
            new CallContexts(harness.node.redis().jedis(), Clock.systemUTC()).offered(call.callId(), "agent");
            String wire = call.callId().replace('/', '~');

            // the context: masked for all; it tells the rung agent the full number is his to fetch
            HttpResponse<String> mine = send(harness, "GET", "/api/calls/" + wire + "/context", "agent", null);
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.body()).doesNotContain(PHONE).contains("139****5678");
            assertThat(JSON.readTree(mine.body()).get("callerPhoneForYou").asBoolean()).isTrue();
            HttpResponse<String> managers = send(harness, "GET", "/api/calls/" + wire + "/context", "manager", null);
            assertThat(managers.body()).doesNotContain(PHONE);
            assertThat(JSON.readTree(managers.body()).get("callerPhoneForYou").asBoolean()).isFalse();
            assertThat(send(harness, "GET", "/api/calls/" + wire + "/context", "agent2", null).statusCode())
                    .isEqualTo(403);

            // the reveal for the prefill: the rung agent only, audited
            String revealPath = "/api/calls/" + wire + "/caller-phone";
            HttpResponse<String> revealed = send(harness, "POST", revealPath, "agent", "{}");
            assertThat(revealed.statusCode()).as(revealed.body()).isEqualTo(200);
            assertThat(JSON.readTree(revealed.body()).get("callerPhone").asText()).isEqualTo(PHONE);
            assertThat(send(harness, "POST", revealPath, "agent2", "{}").statusCode()).isEqualTo(403);
            assertThat(send(harness, "POST", revealPath, "manager", "{}").statusCode()).isEqualTo(403);
            assertThat(send(harness, "POST", revealPath, null, "{}").statusCode()).isEqualTo(401);
            assertThat(send(harness, "POST", "/api/calls/it~1795400999.1/caller-phone", "agent", "{}").statusCode())
                    .isEqualTo(403); // a call that never rang him: no hint whether it exists
            assertThat(send(harness, "POST", "/api/calls/nonsense/caller-phone", "agent", "{}").statusCode())
                    .isEqualTo(400);
            List<StreamEntry> audit = harness.node.redis().jedis().xrange(Audit.STREAM, (StreamEntryID) null, null, 100);
            assertThat(audit).filteredOn(e -> "reveal_caller_phone".equals(e.getFields().get("action")))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getFields()).containsEntry("who", "agent").containsEntry("subject", call.callId());
                        assertThat(e.getFields().values()).noneMatch(v -> v.contains(PHONE));
                    });

            // the order keeps the prefilled number; every answer shows it masked
            HttpResponse<String> created = send(harness, "POST", "/api/work-orders", "agent",
                    "{\"idempotencyKey\":\"prefill-1\",\"type\":\"wage_arrears\",\"callId\":\"" + call.callId()
                            + "\",\"callerPhone\":\"" + PHONE + "\",\"employer\":\"某建筑公司\","
                            + "\"description\":\"三个月工资未发\",\"assignee\":\"agent\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain(PHONE).contains("139****5678");
            String id = JSON.readTree(created.body()).get("id").asText();
            for (String user : List.of("agent", "manager")) {
                HttpResponse<String> order = send(harness, "GET", "/api/work-orders/" + id, user, null);
                assertThat(order.statusCode()).isEqualTo(200);
                assertThat(order.body()).doesNotContain(PHONE).contains("139****5678");
                assertThat(send(harness, "GET", "/api/work-orders?status=已分派", user, null).body())
                        .doesNotContain(PHONE);
            }
            assertThat(send(harness, "GET", "/api/work-orders/" + id, "agent2", null).statusCode()).isEqualTo(403);
            // the assignee may reveal it; another agent and the manager may not
            HttpResponse<String> assignee = send(harness, "POST", "/api/work-orders/" + id + "/reveal", "agent", "");
            assertThat(assignee.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(assignee.body()).get("callerPhone").asText()).isEqualTo(PHONE);
            assertThat(send(harness, "POST", "/api/work-orders/" + id + "/reveal", "agent2", "").statusCode())
                    .isEqualTo(403);
            assertThat(send(harness, "POST", "/api/work-orders/" + id + "/reveal", "manager", "").statusCode())
                    .isEqualTo(403);
        }
    }

    private HttpResponse<String> send(NodeHarness harness, String method, String path, String user, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
