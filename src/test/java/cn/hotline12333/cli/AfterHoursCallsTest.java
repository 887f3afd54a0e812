package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/** Calls on National Day 2026 (a public holiday, Thursday 1 October, 10:00 Beijing time): the after-hours flow. */
class AfterHoursCallsTest {
    @TempDir
    static Path journal;
    static NodeHarness harness;

    @BeforeAll
    static void start() {
        harness = new NodeHarness("2026-10-01T10:00+08:00", journal, Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void holidayCallerLeavesAMessage() throws Exception {
        CallRecord r = harness.record(harness.dial(caller("1").messageLength(Duration.ofSeconds(20)).build(),
                agentsAnswer()));
        assertThat(r.outcome()).isEqualTo(Outcome.MESSAGE_LEFT);
        assertThat(r.path()).extracting(CallRecord.Visit::flow).contains("hotline", "after-hours");
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("hours", "notice", "message");
        assertThat(r.queue()).isNull();
    }

    @Test
    void holidayCallerAsksForACallback() throws Exception {
        CallRecord r = harness.record(harness.dial(caller("2", "1").build(), agentsAnswer()));
        assertThat(r.outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
        assertThat(harness.node.redis().jedis().xrange("requests:callback", (StreamEntryID) null, null, 100))
                .anyMatch(e -> r.callId().equals(e.getFields().get("call_id")));
    }

    @Test
    void holidayCallerWhoLeavesNothingIsAfterHours() throws Exception {
        CallRecord r = harness.record(harness.dial(caller("#").build(), agentsAnswer()));
        assertThat(r.outcome()).isEqualTo(Outcome.AFTER_HOURS);
        assertThat(r.queue()).isNull();
    }
}
