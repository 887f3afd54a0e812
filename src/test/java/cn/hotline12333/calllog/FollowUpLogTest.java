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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Work-order and task changes go the way the other kinds go: own stream and file, once each, journaled in an outage. */
class FollowUpLogTest extends OwnRedis {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path FILE = Path.of("target/test-logs/follow-ups-test.jsonl");
    private static final OffsetDateTime AT = OffsetDateTime.of(2025, 9, 26, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    static FollowUpRecord change(String order, int seq) {
        return new FollowUpRecord(FollowUpRecord.VERSION, FollowUpRecord.WORK_ORDER, order, seq,
                seq == 1 ? "created" : "progress", "agent", AT.plusMinutes(seq), "assigned", "wage_arrears", "agent",
                "pbx-bj-1/1732259050.17", "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f", LocalDate.of(2025, 9, 26),
                LocalDate.of(2025, 10, 13), null, 0, 0, null);
    }

    @Test
    void eachChangeLandsOnceInItsStreamWithOneFileLineAndReadsBackTheSame() {
        String order = "GD20250926" + run.hashCode();
        FollowUpRecord first = change(order, 1);
        FollowUpRecord second = change(order, 2);
        try (CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK)) {
            log.submit(first);
            log.submit(first);
            log.submit(second);
        }
        List<String> jsons = redis.jedis().xrange(FollowUpRecord.STREAM, "-", "+").stream()
                .map(e -> e.getFields().get("json")).toList();
        assertThat(jsons.stream().map(CallRecords::parseFollowUp)).containsExactly(first, second);
        assertThat(fileLines(first.recordId())).isEqualTo(1);
        assertThat(jsons.get(0)).contains("\"subject_id\":\"" + order + "\"").contains("\"due\":\"2025-10-13\"");
        String mark = RecordKind.seenPrefix(FollowUpRecord.STREAM) + first.recordId();
        assertThat(JedisClusterCRC16.getSlot(mark)).isEqualTo(JedisClusterCRC16.getSlot(FollowUpRecord.STREAM));
        assertThat(redis.jedis().ttl(mark)).isPositive();
    }

    @Test
    void whileRedisIsDownChangesAreJournaledAndReplayedExactlyOnce() {
        List<FollowUpRecord> changes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            changes.add(change("GD20250926" + run.hashCode() + "x", i));
        }
        try (CallLog log = new CallLog(redis, journalDir, CallLogTest.QUICK)) {
            embedded.stop();
            try {
                changes.forEach(log::submit);
                await().atMost(WAIT).until(() -> journaled(journalDir.resolve("follow-ups")) == 40);
            } finally {
                embedded.restart();
            }
            try (Redis other = Redis.connect(embedded.url());
                 CallLog otherNode = new CallLog(other, journalDir.resolveSibling(run + "-other"), CallLogTest.QUICK)) {
                otherNode.submit(changes.get(0));
            }
            try (Redis fresh = Redis.connect(embedded.url())) {
                await().atMost(WAIT).until(() -> fresh.jedis().xlen(FollowUpRecord.STREAM) == 40
                        && journaled(journalDir.resolve("follow-ups")) == 0);
            }
        }
        try (Redis fresh = Redis.connect(embedded.url())) {
            assertThat(fresh.jedis().xrange(FollowUpRecord.STREAM, "-", "+")).extracting(e -> e.getFields().get("id"))
                    .containsExactlyInAnyOrderElementsOf(changes.stream().map(FollowUpRecord::recordId).toList());
        }
    }

    @Test
    void aLineThatIsNoChangeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CallRecords.parseFollowUp("{\"subject\":\"work_order\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follow-up");
    }

    private static long fileLines(String id) {
        try {
            return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("\"subject_id\":\"" + id.substring(0, id.indexOf('#')) + "\"")
                            && l.contains("\"seq\":" + id.substring(id.indexOf('#') + 1) + ",")).count() : 0;
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
