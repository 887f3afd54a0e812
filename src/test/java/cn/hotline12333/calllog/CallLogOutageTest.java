package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.Redis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Redis going away under a running call log. Each test opens its own client: a restart breaks pooled ones. */
class CallLogOutageTest extends OwnRedis {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @Test
    void recordsSubmittedWhileRedisIsDownAreJournaledThenReplayedOnceWhenItIsBack() {
        List<CallRecord> records = records(200);
        try (LogLines lines = new LogLines(); CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK)) {
            embedded.stop();
            try {
                records.forEach(log::submit);

                await().atMost(WAIT).until(() -> journaledLines() == 200);
                // Each record's CDR line is written just after its journal line: wait for the last one as well.
                await().atMost(WAIT).untilAsserted(() -> assertThat(cdrLines(records)).containsOnly(1L));
            } finally {
                embedded.restart();
            }

            // the replay logs its count after deleting the last segment
            await().atMost(WAIT).until(() -> lines.count("event=calllog_replayed") == 1);
            assertThat(segments()).isEmpty();
            assertThat(streamIds()).hasSize(200);
            assertThat(lines.count("event=calllog_journaled ")).isEqualTo(1);
            assertThat(lines.lines()).anyMatch(l -> l.contains("reason=redis_down"))
                    .anyMatch(l -> l.startsWith("event=calllog_replayed records=200 already_present=0 journaled=200"))
                    .noneMatch(l -> l.contains(FinishedCalls.CALLER));
        }
        assertThat(streamIds()).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(cdrLines(records)).containsOnly(1L);
    }

    @Test
    void aJournalLeftByAnEarlierRunIsReplayedOnStartSkippingItsTornLastLine() throws Exception {
        List<CallRecord> records = records(20);
        embedded.stop();
        try {
            CallLog crashed = new CallLog(redis, journalDir, CallLogTest.QUICK);
            records.forEach(crashed::submit);
            crashed.close();
        } finally {
            embedded.restart();
        }
        assertThat(journaledLines()).isEqualTo(20);
        Path segment = segments().get(0);
        Files.write(segment, "{\"call_id\":\"torn/1\",\"caller_nu".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        // one record reached Redis through another node meanwhile: the replay must not add it again
        try (Redis other = Redis.connect(embedded.url());
             CallLog otherNode = new CallLog(other, journalDir.resolveSibling(run + "-other"), CallLogTest.QUICK)) {
            otherNode.submit(records.get(0));
        }
        List<Long> cdrBefore = cdrLines(records);

        try (Redis restarted = Redis.connect(embedded.url());
             CallLog replaying = new CallLog(restarted, journalDir, CallLogTest.QUICK)) {
            await().atMost(WAIT).until(() -> restarted.jedis().xlen(CallRecords.STREAM) == 20 && segments().isEmpty());
        }

        assertThat(streamIds()).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(journalDir.resolve(segment.getFileName() + ".bad")).content().contains("torn/1");
        assertThat(cdrLines(records)).isEqualTo(cdrBefore);
    }

    @Test
    void aFullQueueMakesSubmitJournalTheRecordItselfAndItStillLandsOnce() {
        CountDownLatch go = new CountDownLatch(1);
        ThreadFactory heldBack = writer -> new Thread(() -> {
            try {
                go.await();
                writer.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<CallRecord> records = records(5);
        CallLogSettings twoPlaces = new CallLogSettings(2, Duration.ofMillis(200), Duration.ofSeconds(5));
        try (LogLines lines = new LogLines();
             CallLog log = new CallLog(redis, journalDir, twoPlaces, heldBack)) {
            records.forEach(log::submit);

            assertThat(journaledLines()).isEqualTo(3);
            assertThat(cdrLines(records)).containsExactly(0L, 0L, 1L, 1L, 1L);
            assertThat(lines.count("event=calllog_queue_full call=" + records.get(2).callId())).isEqualTo(1);
            assertThat(lines.count("event=calllog_queue_full")).isEqualTo(1);

            go.countDown();
            await().atMost(WAIT).until(() -> redis.jedis().xlen(CallRecords.STREAM) == 5 && segments().isEmpty());
        }
        assertThat(streamIds()).containsExactlyInAnyOrderElementsOf(ids(records));
        assertThat(cdrLines(records)).containsOnly(1L);
    }

    @Test
    void aRecordSubmittedAfterCloseIsJournaledNotDropped() {
        CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK);
        log.close();

        log.submit(FinishedCalls.selfService(run + "/late"));

        assertThat(journaledLines()).isEqualTo(1);
    }

    private List<CallRecord> records(int n) {
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(FinishedCalls.selfService(run + "/" + i));
        }
        return records;
    }

    private static List<Long> cdrLines(List<CallRecord> records) {
        Map<String, Long> perCall = CdrFile.linesPerCall();
        return records.stream().map(r -> perCall.getOrDefault(r.callId(), 0L)).toList();
    }

    private static List<String> ids(List<CallRecord> records) {
        return records.stream().map(CallRecord::callId).toList();
    }

    private List<String> streamIds() {
        try (Redis fresh = Redis.connect(embedded.url())) {
            return fresh.jedis().xrange(CallRecords.STREAM, "-", "+").stream()
                    .map(e -> e.getFields().get(CallRecords.ID_FIELD)).toList();
        }
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.filter(Journal::isSegment).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long journaledLines() {
        long n = 0;
        for (Path segment : segments()) {
            try {
                n += Files.readAllLines(segment).size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }
}
