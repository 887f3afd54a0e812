package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.web.DeskPush;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node tells the assignee's desktop (through its DeskPush) of an order due soon: a one-working-day type accepted
 * Friday 2025-09-26 is due Sunday 09-28, a swapped working day, and so due soon at once.
 */
class NodeDueNoticeTest {

    @Test
    void anOrderDueSoonReachesItsAssigneesDesktopOnce(@TempDir Path dir) throws Exception {
        Path types = dir.resolve("types.yaml");
        Files.writeString(types, "types:\n  urgent:\n    name: 紧急转办\n    working_days: 1\n", StandardCharsets.UTF_8);
        Path journal = Files.createDirectories(dir.resolve("journal"));
        try (NodeHarness harness = new NodeHarness("2025-09-26T10:00+08:00", journal,
                Map.of("WORK_ORDER_TYPES", types.toString(), "WORK_ORDER_DUE_CHECK", "200ms"))) {
            List<DeskPush.Notice> seen = new CopyOnWriteArrayList<>();
            harness.node.deskPush().subscribe("agent", seen::add);

            HttpResponse<String> made = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + harness.node.webPort() + "/api/work-orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"idempotencyKey\":\"due-notice-1\",\"type\":\"urgent\","
                            + "\"description\":\"今天要回复\",\"assignee\":\"agent\"}"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "agent:agent-12333".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            assertThat(made.body()).contains("\"due\":\"2025-09-28\"");

            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
            DeskPush.Notice n = seen.get(0);
            assertThat(n.kind()).isEqualTo("work_order_due");
            assertThat(n.body().get("state").asText()).isEqualTo("due_soon");
            assertThat(n.body().get("due").asText()).isEqualTo("2025-09-28");
            // more checks run, the notice is not repeated the same day
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 1);
        }
    }
}
