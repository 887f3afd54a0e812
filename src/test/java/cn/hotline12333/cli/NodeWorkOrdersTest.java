package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node end to end on Friday evening 2025-09-26: a caller books a callback after hours, the node makes the task,
 * an agent claims and resolves it; a wage-arrears order made from the call is due Monday 2025-10-13; the
 * statistics' work-order report counts both from their records.
 */
class NodeWorkOrdersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCallbackBookedAfterHoursBecomesATaskAndAnOrderFromTheCallIsDueOnTheCalendar(@TempDir Path journal)
            throws Exception {
        try (NodeHarness harness = new NodeHarness("2025-09-26T20:00+08:00", journal, Map.of())) {
            CallRecord call = harness.record(harness.dial(NodeHarness.caller("2", "1").build(), NodeHarness.agentsAnswer()));
            assertThat(call.outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
            String task = "cb-" + call.callId().replace('/', '~');

            await().atMost(Duration.ofSeconds(20)).until(() -> send(harness, "GET", "/api/tasks", "agent", null)
                    .body().contains(task));
            assertThat(send(harness, "POST", "/api/tasks/" + task + "/claim", "agent", "").statusCode()).isEqualTo(200);
            assertThat(send(harness, "POST", "/api/tasks/" + task + "/claim", "manager", "").statusCode()).isEqualTo(409);
            HttpResponse<String> done = send(harness, "POST", "/api/tasks/" + task + "/result", "agent",
                    "{\"result\":\"resolved\"}");
            assertThat(JSON.readTree(done.body()).get("status").asText()).isEqualTo("closed");

            HttpResponse<String> created = send(harness, "POST", "/api/work-orders", "agent",
                    "{\"idempotencyKey\":\"node-test-1\",\"type\":\"wage_arrears\",\"callId\":\"" + call.callId()
                            + "\",\"callerPhone\":\"13912345678\",\"employer\":\"某建筑公司\","
                            + "\"description\":\"三个月工资未发\",\"assignee\":\"agent\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode order = JSON.readTree(created.body());
            assertThat(order.get("due").asText()).isEqualTo("2025-10-13");
            assertThat(order.get("id").asText()).startsWith("GD20250926");
            assertThat(send(harness, "GET", "/api/work-orders?mine=true", "agent", null).body())
                    .contains(order.get("id").asText());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode due = JSON.readTree(send(harness, "GET",
                        "/api/stats/work-orders?from=2025-10-13&to=2025-10-13&interval=day", "manager", null).body());
                assertThat(due.toString()).contains("\"due\":1").contains("\"not_yet_due\":1");
                JsonNode made = JSON.readTree(send(harness, "GET",
                        "/api/stats/work-orders?from=2025-09-26&to=2025-09-26&interval=day", "manager", null).body());
                assertThat(made.toString()).contains("\"created\":1").contains("\"tasks_created\":1")
                        .contains("\"tasks_closed\":1");
            });
        }
    }

    private HttpResponse<String> send(NodeHarness harness, String method, String path, String user, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
