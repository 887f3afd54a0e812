package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallerHistory;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.EmulatedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over FastAGI (the Asterisk emulator dialling a real node with its embedded Redis): a caller walks to a
 * pension self-service query and then asks for an agent; the context the agent's pop reads has that path, topic
 * and result, the caller's history picks the call and its wrap-up up from the record streams, and the routes serve
 * both.
 */
class ScreenPopCallsTest {
    @TempDir
    static Path journal;
    static NodeHarness harness;
    static DemoCitizens.Citizen citizen;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
        citizen = DemoCitizens.asOf(Clock.fixed(OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant(),
                java.time.ZoneOffset.ofHours(8))).citizens().get(0);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPensionQueryThenAnAgentPopsWithThatPathTopicAndResult() throws Exception {
        EmulatedCall call = harness.dial(caller("1", "1", "1", citizen.id().value().replace('X', '*'), citizen.pin(),
                "0", "4").build(), agentsAnswer());
        CallRecord record = harness.record(call);
        HotlineNode.Desk desk = harness.node.desk();

        CallContext c = desk.contexts().read(record.callId()).context();

        assertThat(c).isNotNull();
        assertThat(c.callId()).isEqualTo("it/" + call.uniqueId());
        assertThat(c.pathInWords()).isEqualTo("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
        assertThat(c.topics()).containsExactly("pension");
        assertThat(c.selfService()).extracting(CallContext.Service::text).containsExactly("养老金到账查询：成功");
        assertThat(c.citizenId()).isEqualTo(citizen.id().toString()).doesNotContain(citizen.id().value());
        assertThat(c.callerHash()).isEqualTo(record.callerHash());
        assertThat(c.callerMasked()).isEqualTo("139****5678");
        assertThat(c.queue()).isEqualTo("hotline-general");
        // written before Queue() was sent
        assertThat(c.enteredAt()).isBeforeOrEqualTo(record.queueStints().get(0).enteredAt());
        assertThat(harness.node.redis().jedis().pttl("callctx:" + record.callId()))
                .isGreaterThan(Duration.ofHours(5).toMillis());
        // the agent side's pop for AgentCalled (Uniqueid on box "it")
        assertThat(desk.contexts().pop("it", call.uniqueId(), "13912345678", "hotline-general").path())
                .isEqualTo(c.pathInWords());

        // the agent it rang reads the context over HTTP; another agent may not
        String path = "/api/calls/it~" + call.uniqueId() + "/context";
        assertThat(get(path, "agent").statusCode()).isEqualTo(403);
        desk.contexts().offered(record.callId(), "agent");
        HttpResponse<String> r = get(path, "agent");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("养老金到账查询：成功").contains("养老保险").doesNotContain("13912345678")
                .doesNotContain(citizen.id().value());

        // the history picks the call up from the stream, and its wrap-up once the agent side writes it
        await().atMost(Duration.ofSeconds(10)).until(() -> desk.history().read(record.callerHash()).stream()
                .anyMatch(e -> e.callId().equals(record.callId()) && e.outcome() != null));
        CallRecord.QueueStint stint = record.queueStints().get(0);
        harness.node.callLog().submit(new HandlingRecord(1, record.callId() + "/" + stint.agent() + "/1", 1,
                record.callId(), call.uniqueId(), stint.agent(), stint.queue(), stint.enteredAt(),
                stint.enteredAt().plusSeconds(5), stint.leftAt(), 0, 60_000, 20_000, "pension.payment",
                HandlingRecord.Resolution.ANSWERED, null, List.of(), 0, stint.leftAt().plusSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> desk.history().read(record.callerHash()).stream()
                .filter(e -> e.callId().equals(record.callId())).anyMatch(e -> !e.handlings().isEmpty()));
        CallerHistory.Entry entry = desk.history().read(record.callerHash()).stream()
                .filter(e -> e.callId().equals(record.callId())).findFirst().orElseThrow();
        assertThat(entry.topics()).containsExactly("pension");
        assertThat(entry.outcome()).isEqualTo("agent_answered");
        assertThat(entry.surveyScore()).isEqualTo(4);
        assertThat(entry.agent()).isEqualTo(stint.agent());
        HttpResponse<String> h = get("/api/callers/" + record.callerHash() + "/history", "agent");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).contains("养老金发放查询").contains("已解答").doesNotContain("13912345678");
    }

    @Test
    void withRedisDownACallerWhoAsksForAnAgentStillReachesOne() throws Exception {
        EmulatedCall call;
        harness.node.redis().embedded().stop();
        try {
            call = harness.dial(caller("0", "5").build(), agentsAnswer());
            // the queue rang an agent who answered; no apology, no fallback
            assertThat(call.variables()).containsEntry("QUEUESTATUS", "CONTINUE")
                    .doesNotContainEntry("HOTLINE_RESULT", "error");
            assertThat(call.commands()).anyMatch(c -> c.startsWith("EXEC Queue "));
        } finally {
            harness.node.redis().embedded().restart();
        }
        CallRecord record = harness.record(call); // from the journal, once Redis is back
        assertThat(record.outcome()).isEqualTo(cn.hotline12333.calllog.Outcome.AGENT_ANSWERED);
        assertThat(record.error()).isNull();
        assertThat(harness.node.desk().contexts().read(record.callId()).context()).isNull();
    }

    @Test
    void aCallStraightToTheAgentsLeavesAContextWithOnlyTheMainMenu() throws Exception {
        EmulatedCall call = harness.dial(caller("0").build(), agentsAnswer());
        CallRecord record = harness.record(call);

        CallContext c = harness.node.desk().contexts().read(record.callId()).context();

        assertThat(c.path()).containsExactly("主菜单", "人工");
        assertThat(c.topics()).isEmpty();
        assertThat(c.citizenId()).isNull();
        assertThat(get("/api/agent/wrapup-codes", "agent").body()).contains("pension.payment");
    }
}
