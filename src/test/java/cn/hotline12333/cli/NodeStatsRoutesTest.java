package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.sim.EmulatedCall;
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
 * A node end to end: a call walks the IVR into a queue through the emulator, its record is aggregated by the
 * node's own consumers, and the statistics routes serve it — the report, the call search and the call itself.
 */
class NodeStatsRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCallThroughTheIvrShowsUpInTheReportsTheSearchAndItsDetail(@TempDir Path journal) throws Exception {
        try (NodeHarness harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of())) {
            EmulatedCall call = harness.dial(NodeHarness.caller("0").build(), NodeHarness.agentsAnswer());
            CallRecord record = harness.record(call);
            assertThat(record.queueStints()).isNotEmpty();
            String queue = record.queueStints().get(0).queue();

            String range = "?from=2026-11-23&to=2026-11-23";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> report = get(harness, "/api/stats/queues" + range + "&queue=" + queue,
                        "manager:manager-12333");
                assertThat(report.statusCode()).isEqualTo(200);
                assertThat(report.body()).contains("\"queue\":\"" + queue + "\"").contains("\"offered\":1");
            });
            HttpResponse<String> search = get(harness, "/api/calls" + range, "manager:manager-12333");
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.body()).contains(record.callId()).doesNotContain("13912345678").contains("139****5678");
            // the survey filter: this caller scored nothing, so no call is listed as dissatisfied; one who scores
            // 2 of 5 is
            assertThat(get(harness, "/api/calls" + range + "&survey=dissatisfied", "manager:manager-12333").body())
                    .doesNotContain(record.callId());
            CallRecord unhappy = harness.record(harness.dial(NodeHarness.caller("5", "5", "2", "0", "2").build(),
                    NodeHarness.agentsAnswer()));
            assertThat(unhappy.survey()).isEqualTo(new CallRecord.Survey(true, 2));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(harness, "/api/calls" + range
                    + "&survey=dissatisfied", "manager:manager-12333").body()).contains(unhappy.callId())
                    .doesNotContain(record.callId()));
            HttpResponse<String> detail = get(harness, "/api/calls/" + record.callId().replace('/', '~'),
                    "manager:manager-12333");
            assertThat(detail.statusCode()).isEqualTo(200);
            assertThat(detail.body()).contains("\"" + queue + "\"").contains("answered");

            HttpResponse<String> config = get(harness, "/api/stats/config", "admin:admin-12333");
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body()).contains("\"serviceLevelSeconds\":20");
            assertThat(get(harness, "/api/stats/me", null).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> get(NodeHarness harness, String path, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
