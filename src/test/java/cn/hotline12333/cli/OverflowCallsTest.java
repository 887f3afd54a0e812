package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.config.Settings;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.QueueLogWriter;
import cn.hotline12333.stats.QueueLogReconcile;
import cn.hotline12333.stats.StatsSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pension overflow end to end: a caller waits out the pension queue through the emulator, overflows to the
 * general queue and is answered there. The record holds two stints; the queue report counts the call as offered
 * to both queues, a timeout in the first and answered only in the second (docs/kpi.md); the emulated Asterisk's
 * queue_log reconciles with no difference.
 */
class OverflowCallsTest {
    private static final String CLOCK = "2026-11-23T10:00+08:00";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPensionCallerOverflowsToTheGeneralQueueAndBothQueuesCountIt(@TempDir Path dir) throws Exception {
        EmulatorSettings emulator = EmulatorSettings.defaults().withEventLoopThreads(1);
        for (String q : NodeHarness.QUEUES) {
            emulator = emulator.withQueue(q, q.equals("hotline-pension") ? QueueBehaviour.nobodyAnswers()
                    : QueueBehaviour.agents(1, Duration.ofSeconds(4), Duration.ofSeconds(60)));
        }
        Path queueLog = dir.resolve("queue_log");
        try (NodeHarness harness = new NodeHarness(CLOCK, dir.resolve("journal"), Map.of())) {
            long shift = Settings.of(Map.of("HOTLINE_CLOCK", CLOCK)).clock(Clock.systemUTC()).millis()
                    - System.currentTimeMillis();
            EmulatedCall call;
            try (QueueLogWriter log = QueueLogWriter.open(queueLog, System.currentTimeMillis(), shift);
                 AsteriskEmulator asterisk = new AsteriskEmulator(emulator)) {
                asterisk.listen(log);
                // 1 insurance, 1 pension, 0 the pension agents; after the answer, 4 at the survey
                call = asterisk.dial(new InetSocketAddress("127.0.0.1", harness.node.agiPort()),
                        NodeHarness.caller("1", "1", "0", "4").build()).get(30, TimeUnit.SECONDS);
            }
            CallRecord record = harness.record(call);
            assertThat(record.queueStints()).hasSize(2);
            CallRecord.QueueStint first = record.queueStints().get(0);
            CallRecord.QueueStint second = record.queueStints().get(1);
            assertThat(first.queue()).isEqualTo("hotline-pension");
            assertThat(first.result()).isEqualTo(StintResult.TIMEOUT);
            assertThat(first.waitMs()).isEqualTo(90_000);
            assertThat(first.agent()).isNull();
            assertThat(second.queue()).isEqualTo("hotline-general");
            assertThat(second.result()).isEqualTo(StintResult.ANSWERED);
            assertThat(second.agent()).isEqualTo("hotline-general-agent-1");
            assertThat(record.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
            assertThat(record.survey()).isEqualTo(new CallRecord.Survey(true, 4));
            assertThat(record.path()).extracting(CallRecord.Visit::node).containsSubsequence("agent_pension",
                    "pension_overflow", "survey");

            // offered to each queue it entered; a timeout in the first, answered only in the second
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(queueRow(harness, "hotline-pension")).containsEntry("offered", 1L)
                        .containsEntry("answered", 0L).containsEntry("timeouts", 1L).containsEntry("abandoned", 0L)
                        .containsEntry("other_exits", 1L);
                assertThat(queueRow(harness, "hotline-general")).containsEntry("offered", 1L)
                        .containsEntry("answered", 1L).containsEntry("timeouts", 0L).containsEntry("abandoned", 0L);
            });
            // 接通率 per call: one call that asked for an agent and reached one
            JsonNode outcomes = get(harness, "/api/stats/outcomes?from=2026-11-23&to=2026-11-23&interval=day");
            assertThat(outcomes.toString()).contains("\"agent_answered\":1");

            List<String> lines = Files.readAllLines(queueLog, StandardCharsets.UTF_8);
            assertThat(lines.stream().skip(1).map(l -> l.split("\\|", -1)).map(f -> f[2] + ":" + f[4]).toList())
                    .containsSubsequence("hotline-pension:ENTERQUEUE", "hotline-pension:EXITWITHTIMEOUT",
                            "hotline-general:ENTERQUEUE", "hotline-general:CONNECT", "hotline-general:COMPLETEAGENT");
            List<String> differences = new QueueLogReconcile(harness.node.redis(), StatsSettings.defaults(),
                    Clock.systemUTC()).run(queueLog, LocalDate.parse("2026-11-23"), ZoneId.of("Asia/Shanghai"),
                    new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(differences).isEmpty();
        }
    }

    /** The day's row of one queue in /api/stats/queues, column key → value (KPI cells as their JSON). */
    private Map<String, Object> queueRow(NodeHarness harness, String queue) throws Exception {
        JsonNode body = get(harness, "/api/stats/queues?from=2026-11-23&to=2026-11-23&interval=day&queue=" + queue);
        Map<String, Object> row = new HashMap<>();
        JsonNode columns = body.get("columns");
        for (JsonNode r : body.get("rows")) {
            if (r.isArray() && queue.equals(r.get(indexOf(columns, "queue")).asText())) {
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode v = r.get(i);
                    row.put(columns.get(i).get("key").asText(), v.isIntegralNumber() ? (Object) v.asLong() : v.toString());
                }
            } else if (r.isObject() && queue.equals(r.path("queue").asText())) {
                r.fields().forEachRemaining(e -> row.put(e.getKey(),
                        e.getValue().isIntegralNumber() ? (Object) e.getValue().asLong() : e.getValue().toString()));
            }
        }
        return row;
    }

    private static int indexOf(JsonNode columns, String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (key.equals(columns.get(i).get("key").asText())) {
                return i;
            }
        }
        throw new AssertionError("no column " + key + " in " + columns);
    }

    private JsonNode get(NodeHarness harness, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("manager:manager-12333".getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
