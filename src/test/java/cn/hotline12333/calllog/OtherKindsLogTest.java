package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.Redis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Handling records and agent-state segments go the way call records go: their own stream and daily file, each
 * revision or segment once, journaled in their own directory while Redis is down and replayed once.
 */
class OtherKindsLogTest extends OwnRedis {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path HANDLING_FILE = Path.of("target/test-logs/handling-test.jsonl");
    private static final Path STATES_FILE = Path.of("target/test-logs/agent-states-test.jsonl");
    @Test
    void eachKindLandsInItsOwnStreamOncePerRecordIdWithOneFileLine() {
        HandlingRecord first = OtherKinds.handling(run + "/1", 1);
        HandlingRecord corrected = OtherKinds.handling(run + "/1", 2);
        AgentStateSegment segment = OtherKinds.segment(run + "-agent", 0);
        try (CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK)) {
            log.submit(first);
            log.submit(first);
            log.submit(corrected);
            log.submit(segment);
            log.submit(segment);
        }

        assertThat(ids(HandlingRecord.STREAM)).containsExactly(first.recordId(), corrected.recordId());
        assertThat(ids(AgentStateSegment.STREAM)).containsExactly(segment.segmentId());
        assertThat(redis.jedis().xlen(CallRecords.STREAM)).isZero();
        assertThat(jsons(HandlingRecord.STREAM).stream().map(CallRecords::parseHandling))
                .containsExactly(first, corrected);
        assertThat(CallRecords.parseAgentState(jsons(AgentStateSegment.STREAM).get(0))).isEqualTo(segment);
        assertThat(fileLines(HANDLING_FILE, first.handlingId())).isEqualTo(2);
        assertThat(fileLines(STATES_FILE, segment.segmentId())).isEqualTo(1);
        assertThat(redis.jedis().ttl("calllog:seen:{handling}:" + first.recordId())).isPositive();
        assertThat(redis.jedis().ttl("calllog:seen:{agent-states}:" + segment.segmentId())).isPositive();
        assertThat(journalDir).isEmptyDirectory();
    }

    @Test
    void everySeenMarkSharesItsStreamsClusterSlot() {
        for (String stream : List.of(CallRecords.STREAM, HandlingRecord.STREAM, AgentStateSegment.STREAM)) {
            String mark = RecordKind.seenPrefix(stream) + "pbx-bj-1/1732259050.17#2";
            assertThat(JedisClusterCRC16.getSlot(mark)).as(mark).isEqualTo(JedisClusterCRC16.getSlot(stream));
        }
        assertThat(RecordKind.CALLS.seenPrefix).isEqualTo("calllog:seen:{calls}:");
    }

    @Test
    void whileRedisIsDownEachKindIsJournaledInItsOwnDirectoryAndReplayedOnce() {
        List<HandlingRecord> handling = new ArrayList<>();
        List<AgentStateSegment> segments = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            handling.add(OtherKinds.handling(run + "/" + i, 1));
            segments.add(OtherKinds.segment(run + "-agent", i));
        }
        CallRecord call = FinishedCalls.selfService(run + "/call");
        try (LogLines lines = new LogLines(); CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK)) {
            embedded.stop();
            try {
                handling.forEach(log::submit);
                segments.forEach(log::submit);
                log.submit(call);
                await().atMost(WAIT).until(() -> journaled(journalDir.resolve("handling")) == 50
                        && journaled(journalDir.resolve("agent-states")) == 50 && journaled(journalDir) == 1
                        && fileLines(HANDLING_FILE, handling.get(49).handlingId()) == 1);
            } finally {
                embedded.restart();
            }
            // one record of each kind reached Redis through another node meanwhile: the replay must not add it again
            try (Redis other = Redis.connect(embedded.url());
                 CallLog otherNode = new CallLog(other, journalDir.resolveSibling(run + "-other"), CallLogTest.QUICK)) {
                otherNode.submit(handling.get(0));
                otherNode.submit(segments.get(0));
            }

            await().atMost(WAIT).until(() -> lines.count("event=calllog_replayed") == 3);
            assertThat(lines.lines())
                    .anyMatch(l -> l.startsWith("event=calllog_replayed records=49 already_present=1 journaled=50")
                            && l.endsWith("stream=handling"))
                    .anyMatch(l -> l.startsWith("event=calllog_replayed records=49 already_present=1 journaled=50")
                            && l.endsWith("stream=agent-states"))
                    .contains("event=calllog_replayed records=1 already_present=0 journaled=1");
        }
        try (Redis fresh = Redis.connect(embedded.url())) {
            assertThat(fresh.jedis().xrange(HandlingRecord.STREAM, "-", "+")).extracting(e -> e.getFields().get("id"))
                    .containsExactlyInAnyOrderElementsOf(handling.stream().map(HandlingRecord::recordId).toList());
            assertThat(fresh.jedis().xrange(AgentStateSegment.STREAM, "-", "+"))
                    .extracting(e -> e.getFields().get("id"))
                    .containsExactlyInAnyOrderElementsOf(segments.stream().map(AgentStateSegment::segmentId).toList());
            assertThat(fresh.jedis().xlen(CallRecords.STREAM)).isEqualTo(1);
        }
        assertThat(journaled(journalDir.resolve("handling")) + journaled(journalDir.resolve("agent-states"))).isZero();
        // journaled once, never written again on replay (the first also got a line from the other node)
        assertThat(handling.subList(1, handling.size()))
                .allSatisfy(h -> assertThat(fileLines(HANDLING_FILE, h.handlingId())).isEqualTo(1));
        assertThat(fileLines(HANDLING_FILE, handling.get(0).handlingId())).isEqualTo(2);
    }

    @Test
    void aHandlingJournalLeftByAnEarlierRunIsReplayedOnStart() {
        HandlingRecord record = OtherKinds.handling(run + "/left", 3);
        embedded.stop();
        try {
            CallLog crashed = new CallLog(redis, journalDir, CallLogTest.QUICK);
            crashed.submit(record);
            crashed.close();
        } finally {
            embedded.restart();
        }
        assertThat(journaled(journalDir.resolve("handling"))).isEqualTo(1);

        try (Redis restarted = Redis.connect(embedded.url());
             CallLog replaying = new CallLog(restarted, journalDir, CallLogTest.QUICK)) {
            await().atMost(WAIT).until(() -> restarted.jedis().xlen(HandlingRecord.STREAM) == 1);
        }
        assertThat(journaled(journalDir.resolve("handling"))).isZero();
    }

    private List<String> ids(String stream) {
        return redis.jedis().xrange(stream, "-", "+").stream().map(e -> e.getFields().get("id")).toList();
    }

    private List<String> jsons(String stream) {
        return redis.jedis().xrange(stream, "-", "+").stream().map(e -> e.getFields().get("json")).toList();
    }

    private static long fileLines(Path file, String id) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("\"" + id + "\"")).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long journaled(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path segment : files.filter(Journal::isSegment).toList()) {
                n += Files.readAllLines(segment).size();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
