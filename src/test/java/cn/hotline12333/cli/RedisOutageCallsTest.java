package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.EmulatedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redis goes away under a running node: callers still get through, and no call record is lost. */
class RedisOutageCallsTest {
    @TempDir
    static Path journal;
    static NodeHarness harness;

    @BeforeAll
    static void start() {
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void callsDuringAnOutageAreJournaledAndReplayedOnceRedisIsBack() throws Exception {
        DemoCitizens.Citizen c = DemoCitizens.asOf(Clock.systemUTC()).citizens().get(1);
        harness.node.redis().embedded().stop();
        EmulatedCall selfServiceCall;
        EmulatedCall referralCall;
        try {
            // Self-service needs Redis: the caller hears the apology and goes back to the dialplan's fallback.
            selfServiceCall = harness.dial(caller("1", "1", "1", c.id().value().replace('X', '*'),
                    c.pin()).build(), agentsAnswer());
            assertThat(selfServiceCall.variables()).containsEntry("HOTLINE_RESULT", "error");
            // A call that needs no Redis goes on as usual.
            referralCall = harness.dial(caller("8").build(), agentsAnswer());
            assertThat(referralCall.variables()).containsEntry("HOTLINE_RESULT", "transfer");
            await().atMost(Duration.ofSeconds(10)).until(() -> journalLines() >= 2);
        } finally {
            harness.node.redis().embedded().restart();
        }
        // Back: both records reach the stream from the journal, once each, and the journal empties.
        CallRecord failed = harness.record(selfServiceCall);
        assertThat(failed.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(failed.error()).isNotBlank();
        assertThat(failed.hungUpBy()).isEqualTo(CallRecord.HungUpBy.SYSTEM);
        CallRecord referred = harness.record(referralCall);
        assertThat(referred.outcome()).isEqualTo(Outcome.TRANSFERRED);
        await().atMost(Duration.ofSeconds(15)).until(() -> journalLines() == 0);
        assertThat(harness.count(failed.callId())).isEqualTo(1);
        assertThat(harness.count(referred.callId())).isEqualTo(1);
    }

    private static long journalLines() throws Exception {
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.readAllLines(f).size();
                } catch (Exception e) {
                    return 0;
                }
            }).sum();
        }
    }
}
