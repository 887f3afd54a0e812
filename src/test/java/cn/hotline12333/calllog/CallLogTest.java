package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.RedisFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;

class CallLogTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    static final CallLogSettings QUICK = new CallLogSettings(10_000, Duration.ofMillis(200), Duration.ofSeconds(5));

    @TempDir
    Path journalDir;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSubmittedRecordBecomesOneStreamEntryWithItsIdAndJson() {
        CallRecord record = FinishedCalls.agentAnswered(run + "/1732259050.17");
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
            log.submit(record);

            await().atMost(Duration.ofSeconds(10)).until(() -> stream().size() == 1);
        }

        Map<String, String> fields = stream().get(0).getFields();
        assertThat(fields).containsOnlyKeys("id", "json").containsEntry("id", record.callId());
        assertThat(CallRecords.parse(fields.get("json"))).isEqualTo(record);
        assertThat(REDIS.redis().jedis().ttl(RecordKind.CALLS.seenPrefix + record.callId()))
                .isBetween(Duration.ofDays(29).toSeconds(), Duration.ofDays(30).toSeconds());
    }

    @Test
    void anotherCallUnderATakenCallIdIsWarnedAboutWithBothSourcesButAReplayIsNot() {
        String callId = run + "/1795387708.1";
        CallRecord first = FinishedCalls.selfService(callId);
        CallRecord other = FinishedCalls.neverAnswered(callId).toBuilder().serverNode("node-b").build();
        List<String> warnings;
        try (LogLines logs = new LogLines()) {
            try (CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
                log.submit(first);
                log.submit(first);
                log.submit(other);
            }
            warnings = logs.warnings();
            assertThat(logs.count("event=call_record_duplicate call=" + callId)).isEqualTo(1);
        }

        assertThat(stream()).extracting(e -> e.getFields().get("id")).containsExactly(callId);
        assertThat(CallRecords.parse(stream().get(0).getFields().get("json"))).isEqualTo(first);
        assertThat(warnings).containsExactly("event=call_id_collision call=" + callId
                + " stored_node=node-a stored_started_at=" + first.startedAt()
                + " refused_node=node-b refused_started_at=" + other.startedAt());
        assertThat(CdrFile.lines(callId)).isEqualTo(2); // the refused call keeps its CDR line
        assertThat(REDIS.redis().jedis().get(RecordKind.CALLS.seenPrefix + callId))
                .isEqualTo(CallStream.seenValue(CallRecords.toJson(first), "node-a " + first.startedAt()));
    }

    @Test
    void theSameRecordSubmittedTwiceLandsOnceWithOneCdrLine() {
        CallRecord record = FinishedCalls.selfService(run + "/1");
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
            log.submit(record);
            log.submit(record);
        }

        assertThat(stream()).extracting(e -> e.getFields().get("id")).containsExactly(record.callId());
        assertThat(CdrFile.lines(record.callId())).isEqualTo(1);
    }

    @Test
    void theCdrLineIsTheRecordsJson() {
        CallRecord record = FinishedCalls.neverAnswered(run + "/2");
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
            log.submit(record);
        }

        assertThat(CdrFile.recordsOf(record.callId())).containsExactly(record);
    }

    @Test
    void twoNodesSharingRedisWriteARecordOnce() {
        List<CallRecord> records = records(50);
        try (CallLog nodeA = new CallLog(REDIS.redis(), journalDir.resolve("a"), QUICK);
             CallLog nodeB = new CallLog(REDIS.redis(), journalDir.resolve("b"), QUICK)) {
            records.forEach(nodeA::submit);
            records.forEach(nodeB::submit);
        }

        assertThat(stream()).extracting(e -> e.getFields().get("id"))
                .containsExactlyInAnyOrderElementsOf(records.stream().map(CallRecord::callId).toList());
    }

    @Test
    void closeSavesEverythingStillQueued() {
        List<CallRecord> records = records(2_000);
        CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK);
        records.forEach(log::submit);

        log.close();

        assertThat(REDIS.redis().jedis().xlen(CallRecords.STREAM)).isEqualTo(2_000);
        assertThat(journalDir).isEmptyDirectory();
    }

    @Test
    void recordsSubmittedFromManyThreadsAllLandExactlyOnce() throws Exception {
        int threads = 8;
        int each = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String thread = run + "-t" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.submit(FinishedCalls.selfService(thread + "/" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> REDIS.redis().jedis().xlen(CallRecords.STREAM) == threads * each);
        } finally {
            pool.shutdownNow();
        }

        List<String> ids = stream().stream().map(e -> e.getFields().get("id")).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(8_000);
        Map<String, Long> cdr = CdrFile.linesPerCall();
        assertThat(ids).allMatch(id -> cdr.get(id) == 1L);
    }

    @Test
    void logLinesNameTheCallAndOutcomeButNeverTheCaller() {
        CallRecord record = FinishedCalls.agentAnswered(run + "/3");
        try (LogLines lines = new LogLines(); CallLog log = new CallLog(REDIS.redis(), journalDir, QUICK)) {
            log.submit(record);
            log.close();

            assertThat(lines.lines())
                    .contains("event=call_recorded call=" + record.callId() + " outcome=agent_answered")
                    .noneMatch(l -> l.contains(FinishedCalls.CALLER));
        }
    }

    private List<CallRecord> records(int n) {
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(FinishedCalls.selfService(run + "/" + i));
        }
        return records;
    }

    private static List<StreamEntry> stream() {
        return REDIS.redis().jedis().xrange(CallRecords.STREAM, "-", "+");
    }
}
