package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.config.Settings;
import cn.hotline12333.store.RedisFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        out.reset();
        Settings settings = Settings.of(Map.of("REDIS_URL", REDIS.server().url(), "HOTLINE_CLOCK", "2026-11-30T10:00+08:00"));
        return StatsCommand.run(args, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static String call(int n, String time, StintResult result, long waitMs) {
        OffsetDateTime t = OffsetDateTime.parse(time + "+08:00");
        QueueStint s = new QueueStint("pension", t, t.plusNanos(waitMs * 1_000_000L), waitMs, 0L,
                result == StintResult.ANSWERED ? "Agent 1001" : null, result);
        return CallRecords.toJson(CallRecord.builder().callId("pbx/" + n).asteriskSystem("pbx").uniqueId("17954465" + n + ".1")
                .serverNode("a").flow("hotline").flowVersion("1").callerNumber("13800000000").dialledNumber("12333")
                .channel("PJSIP/x").startedAt(t).answeredAt(t).endedAt(t.plusMinutes(5)).durationMs(300_000)
                .queueStints(List.of(s)).outcome(result == StintResult.ANSWERED ? Outcome.AGENT_ANSWERED
                        : result == StintResult.ABANDONED ? Outcome.QUEUE_ABANDONED : Outcome.QUEUE_TIMEOUT).build());
    }

    @Test
    void rebuildCountsDuplicatesOnceNamesSkippedLinesAndVerifyFindsNoDifferenceUntilOneIsMade() throws Exception {
        String answered = call(1, "2026-11-23T10:00:00", StintResult.ANSWERED, 4_000);
        Files.writeString(dir.resolve("cdr-2026-11-23.jsonl"), answered + "\n" + answered + "\n{\"call_id\":\"torn\n"
                + call(2, "2026-11-23T10:01:00", StintResult.ABANDONED, 9_000) + "\n"
                + call(3, "2026-11-23T23:59:00", StintResult.TIMEOUT, 20_000) + "\n");
        assertThat(run("rebuild", "--day", "2026-11-23", "--logs", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cdr-2026-11-23.jsonl:3: unparsable")
                .contains("3 counted, 1 duplicates");

        assertThat(run("verify", "--day", "2026-11-23", "--logs", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 differences");

        // a live bucket that the files do not explain
        REDIS.redis().jedis().hincrBy("{st:2026-11-23}:1:q:8:pension", "o", 1);
        assertThat(run("verify", "--day", "2026-11-23", "--logs", dir.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("difference 2026-11-23 q:8:pension o: 3 != 2");
    }

    @Test
    void reconcileAgreesWithAMatchingQueueLogAndPrintsEachDifference() throws Exception {
        Files.writeString(dir.resolve("cdr-2026-11-23.jsonl"), call(1, "2026-11-23T10:00:00", StintResult.ANSWERED, 4_000)
                + "\n" + call(2, "2026-11-23T10:01:00", StintResult.ABANDONED, 9_000) + "\n"
                + call(3, "2026-11-23T11:00:00", StintResult.TIMEOUT, 20_000) + "\n");
        assertThat(run("rebuild", "--day", "2026-11-23", "--logs", dir.toString())).isZero();
        long t = OffsetDateTime.parse("2026-11-23T10:00:00+08:00").toEpochSecond();
        String queueLog = t + "|1.1|pension|NONE|ENTERQUEUE|||1\n"
                + (t + 4) + "|1.1|pension|Agent 1001|CONNECT|4|1.2|3\n"
                + (t + 60) + "|2.1|pension|NONE|ENTERQUEUE|||1\n"
                + (t + 69) + "|2.1|pension|NONE|ABANDON|1|1|9\n"
                + (t + 3600) + "|3.1|pension|NONE|ENTERQUEUE|||1\n"
                + (t + 3620) + "|3.1|pension|NONE|EXITWITHTIMEOUT|1|1|20\n"
                + (t + 3620) + "|3.1|pension|NONE|EXITWITHTIMEOUT|1|1|20\n";
        Path log = dir.resolve("queue_log");
        Files.writeString(log, queueLog);
        assertThat(run("reconcile", "--queue-log", log.toString(), "--day", "2026-11-23")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 differences");

        Files.writeString(log, queueLog + (t + 7200) + "|4.1|pension|NONE|ENTERQUEUE|||1\n");
        assertThat(run("reconcile", "--queue-log", log.toString(), "--day", "2026-11-23")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pension offered: ours=3 queue_log=4");
    }
}
