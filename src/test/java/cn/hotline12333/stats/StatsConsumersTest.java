package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.rows;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;

class StatsConsumersTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), ZoneOffset.UTC);
    static final StatsSettings SETTINGS = StatsSettings.defaults();

    private static void add(String json) {
        REDIS.redis().jedis().xadd(CallRecords.STREAM, XAddParams.xAddParams(),
                Map.of(CallRecords.ID_FIELD, "x", CallRecords.JSON_FIELD, json));
    }

    private static long offered() {
        ZoneId z = ZoneId.of("Asia/Shanghai");
        ReportQuery q = new ReportQuery(ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, z),
                ZonedDateTime.of(2026, 11, 24, 0, 0, 0, 0, z), Interval.DAY, List.of(), List.of(), List.of(), List.of(),
                null, null);
        return rows(new Statistics(REDIS.redis(), SETTINGS, CLOCK).queues(q)).stream()
                .mapToLong(r -> (Long) r.get("offered")).sum();
    }

    private static CallRecord answered(String id, String time) {
        var t = at(time);
        return call(id, t, Outcome.AGENT_ANSWERED, List.of(stint("pension", t, 5_000, StintResult.ANSWERED, "A1")),
                null, new CallRecord.Survey(false, null));
    }

    @Test
    void badRecordsAreQuarantinedAndListedInHealthWhileGoodOnesAreAppliedOnce() {
        CallRecord good = answered("pbx/1", "2026-11-23T10:00:00");
        add(CallRecords.toJson(good));
        add(CallRecords.toJson(good));
        add("{not json");
        add(CallRecords.toJson(good).replace("agent_answered", "some_outcome_from_2027").replace("pbx/1", "pbx/2"));
        add(CallRecords.toJson(good.toBuilder().callId("pbx/3").endedAt(good.startedAt().minusSeconds(1)).build()));
        add(CallRecords.toJson(good.toBuilder().callId("pbx/4").endedAt(good.startedAt().plusHours(25)).build()));
        add(CallRecords.toJson(answered("pbx/5", "2026-11-23T14:20:00")));
        Statistics statistics = new Statistics(REDIS.redis(), SETTINGS, CLOCK);
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    rows(statistics.health()).get(0).get("quarantined").equals(5L) && offered() == 1);
        }
        Map<String, Object> calls = rows(statistics.health()).get(0);
        assertThat(calls).containsEntry("stream", "calls").containsEntry("pending", 0L);
        assertThat(calls.get("last_applied_record")).isEqualTo("pbx/1");
        @SuppressWarnings("unchecked")
        Map<String, String> reasons = (Map<String, String>) statistics.health().meta().get("quarantined_by_reason");
        assertThat(reasons).containsEntry("calls/unparsable", "2").containsEntry("calls/ends_before_start", "1")
                .containsEntry("calls/over_24h", "1").containsEntry("calls/in_future", "1");
    }

    @Test
    void theRetentionSweepRunsOnItsOwnThreadAndRecordsAreAppliedWhileItWorks() throws Exception {
        java.util.concurrent.CompletableFuture<String> sweptOn = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Runnable slowSweep = () -> {
            sweptOn.complete(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK,
                (stream, added, n) -> { }, StatsConsumers.WarmUp.NONE, slowSweep, Duration.ZERO,
                StatsConsumers.SWEEP_RETRY)) {
            assertThat(sweptOn.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("stats-retention");
            // the sweep is still working: both call consumers read meanwhile
            for (int i = 0; i < 20; i++) {
                add(CallRecords.toJson(answered("pbx/" + i, "2026-11-23T10:00:00")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> offered() == 20);
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSweepRedisRefusedIsTriedAgainAfterTheRetryDelay() {
        java.util.concurrent.atomic.AtomicInteger sweeps = new java.util.concurrent.atomic.AtomicInteger();
        Runnable failingOnce = () -> {
            if (sweeps.incrementAndGet() == 1) {
                throw new redis.clients.jedis.exceptions.JedisConnectionException("Connection refused");
            }
        };
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK,
                (stream, added, n) -> { }, StatsConsumers.WarmUp.NONE, failingOnce, Duration.ZERO,
                Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() == 2);
            // the second worked: the next is an hour away
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> sweeps.get() == 2);
        }
    }

    @Test
    void theServersPackedHashLimitIsReadForTheStartupWarning() {
        var jedis = REDIS.redis().jedis();
        String before = StatsConsumers.packedHashLimit(jedis).toString();
        try {
            jedis.sendCommand(redis.clients.jedis.Protocol.Command.CONFIG, "SET", "hash-max-ziplist-entries", "512");
            assertThat(StatsConsumers.packedHashLimit(jedis)).isEqualTo(512);
        } finally {
            jedis.sendCommand(redis.clients.jedis.Protocol.Command.CONFIG, "SET", "hash-max-ziplist-entries", before);
        }
        assertThat(StatsConsumers.packedHashLimit(jedis)).isEqualTo(cn.hotline12333.store.EmbeddedRedis.HASH_MAX_PACKED_ENTRIES);
    }

    @Test
    void aDeadNodesPendingEntriesAreClaimedAndAppliedOnce() {
        add(CallRecords.toJson(answered("pbx/1", "2026-11-23T10:00:00")));
        add(CallRecords.toJson(answered("pbx/2", "2026-11-23T10:05:00")));
        var jedis = REDIS.redis().jedis();
        jedis.xgroupCreate(CallRecords.STREAM, StatsConsumers.GROUP, new StreamEntryID(0, 0), true);
        // node-dead reads both entries and dies before applying or acknowledging them
        jedis.xreadGroup(StatsConsumers.GROUP, "node-dead", XReadGroupParams.xReadGroupParams().count(10),
                Map.of(CallRecords.STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        StatsSettings quickClaim = new StatsSettings(SETTINGS.zone(), SETTINGS.thresholds(), Map.of(), 5, 7, 62,
                Duration.ofHours(2), 256, Duration.ofMillis(500));
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), quickClaim, "node-b", CLOCK)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> offered() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> jedis.xpending(CallRecords.STREAM, StatsConsumers.GROUP).getTotal() == 0);
        }
        assertThat(offered()).isEqualTo(2);
    }

    @Test
    void anEntryTrimmedWhilePendingIsAcknowledgedAndOneWithoutJsonIsQuarantined() {
        var jedis = REDIS.redis().jedis();
        jedis.xgroupCreate(CallRecords.STREAM, StatsConsumers.GROUP, new StreamEntryID(0, 0), true);
        add(CallRecords.toJson(answered("pbx/1", "2026-11-23T10:00:00")));
        StreamEntryID trimmed = jedis.xadd(CallRecords.STREAM, XAddParams.xAddParams(),
                Map.of(CallRecords.JSON_FIELD, CallRecords.toJson(answered("pbx/2", "2026-11-23T10:05:00"))));
        jedis.xadd(CallRecords.STREAM, XAddParams.xAddParams(), Map.of(CallRecords.ID_FIELD, "pbx/3"));
        // this node read them, then went down; the second entry is trimmed before it comes back
        jedis.xreadGroup(StatsConsumers.GROUP, "node-a", XReadGroupParams.xReadGroupParams().count(10),
                Map.of(CallRecords.STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        jedis.xdel(CallRecords.STREAM, trimmed);
        Statistics statistics = new Statistics(REDIS.redis(), SETTINGS, CLOCK);
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jedis.xpending(CallRecords.STREAM, StatsConsumers.GROUP).getTotal() == 0);
        }
        assertThat(offered()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, String> reasons = (Map<String, String>) statistics.health().meta().get("quarantined_by_reason");
        // one quarantined in all (the trimmed entry is not), for want of its JSON
        assertThat(reasons).isEqualTo(Map.of("calls", "1", "calls/no_json", "1"));
    }

    @Test
    void aRecordWithMalformedUtf8IsReadAsItsStringWouldBe() {
        byte[] bytes = CallRecords.toJson(answered("pbx/1", "2026-11-23T10:00:00")).getBytes(StandardCharsets.UTF_8);
        // the channel's last byte becomes 0xFF, which UTF-8 never uses: Jackson refuses the bytes, a String reads U+FFFD
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("PJSIP/x") + 6;
        bytes[at] = (byte) 0xFF;
        REDIS.redis().jedis().xadd(CallRecords.STREAM.getBytes(StandardCharsets.UTF_8), XAddParams.xAddParams(),
                Map.of(CallRecords.JSON_FIELD.getBytes(StandardCharsets.UTF_8), bytes));
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> offered() == 1);
        }
    }

    @Test
    void theWarmUpWritesAndCountsNothingAndTheRecordsWaitingMeanwhileAreAppliedOnceAfterIt() {
        CallRecord waiting = answered("pbx/1", "2026-11-23T10:00:00");
        add(CallRecords.toJson(waiting));
        // samples of another day, one of them with the waiting record's id, and one that does not read
        CallRecord sample = answered("pbx/1", "2026-11-20T10:00:00");
        List<StatsConsumers.Sample> samples = List.of(
                new StatsConsumers.Sample(CallRecords.STREAM, CallRecords.toJson(sample).getBytes(StandardCharsets.UTF_8)),
                new StatsConsumers.Sample(CallRecords.STREAM, "{not json".getBytes(StandardCharsets.UTF_8)),
                new StatsConsumers.Sample(Contributions.HANDLING, CallRecords.toJson(Fixtures.handling("h/1", 1, "pbx/1",
                        "A1", "pension", sample.startedAt(), 60_000, 0, 10_000, null)).getBytes(StandardCharsets.UTF_8)),
                new StatsConsumers.Sample(Contributions.STATES, CallRecords.toJson(Fixtures.state("A1",
                        AgentStateSegment.AgentState.READY, sample.startedAt(), sample.endedAt()))
                        .getBytes(StandardCharsets.UTF_8)));
        StatsSettings batchesOf100 = new StatsSettings(SETTINGS.zone(), SETTINGS.thresholds(), Map.of(), 5, 7, 62,
                Duration.ofHours(2), 100, Duration.ofSeconds(3));
        StatsConsumers.WarmUp warmUp = new StatsConsumers.WarmUp(() -> samples, 1000, Duration.ofMinutes(1));
        Statistics statistics = new Statistics(REDIS.redis(), batchesOf100, CLOCK);
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), batchesOf100, "node-a", CLOCK,
                (stream, added, n) -> { }, warmUp)) {
            StatsConsumers.Warmed warmed = consumers.ready().get(30, java.util.concurrent.TimeUnit.SECONDS);
            // ten rounds of a call batch (half of it the bad sample) and a batch of each other kind
            assertThat(warmed.callRecords()).isEqualTo(1000);
            assertThat(warmed.records()).isEqualTo(1000 + 10 * 2 * 25);
            assertThat(warmed.problems()).isEqualTo(500);
            assertThat(warmed.stopped()).isEqualTo("records");
            await().atMost(Duration.ofSeconds(30)).until(() -> offered() == 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(REDIS.redis().jedis().keys("{st:2026-11-20}*")).isEmpty();
        assertThat(REDIS.redis().jedis().exists("stats:quarantine:counts")).isFalse();
        assertThat(rows(statistics.health()).get(0)).containsEntry("quarantined", 0L);
    }

    @Test
    void aWarmUpFailingWithAnErrorStillLetsEveryConsumerRunAndTheNodeReadsWhatItLeftPending() throws Exception {
        add(CallRecords.toJson(answered("pbx/1", "2026-11-23T10:00:00")));
        // taken by this node before it restarted and never acknowledged; no other consumer claims it in this test
        REDIS.redis().jedis().xgroupCreate(CallRecords.STREAM, StatsConsumers.GROUP, new StreamEntryID(0, 0), true);
        REDIS.redis().jedis().xreadGroup(StatsConsumers.GROUP, "node-a", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(CallRecords.STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        StatsSettings noClaims = new StatsSettings(SETTINGS.zone(), SETTINGS.thresholds(), Map.of(), 5, 7, 62,
                Duration.ofHours(2), SETTINGS.batch(), Duration.ofHours(1));
        StatsConsumers.WarmUp failing = new StatsConsumers.WarmUp(() -> {
            throw new StackOverflowError("made the samples too deep");
        }, 1000, Duration.ofMinutes(1));
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), noClaims, "node-a", CLOCK,
                (stream, added, n) -> { }, failing)) {
            assertThat(consumers.ready().get(10, java.util.concurrent.TimeUnit.SECONDS).stopped()).isEqualTo("skipped");
            // read by the consumer of the node's own name, the one that warmed up
            await().atMost(Duration.ofSeconds(10)).until(() -> offered() == 1);
        }
    }

    @Test
    void aNodeWithoutWarmUpIsReadyAtOnce() throws Exception {
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), SETTINGS, "node-a", CLOCK)) {
            assertThat(consumers.ready().get(5, java.util.concurrent.TimeUnit.SECONDS).stopped()).isEqualTo("skipped");
        }
    }

    @Test
    void theWarmUpsRepliesReadAsXreadgroupsDo() {
        List<byte[]> jsons = List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        byte[] reply = ConsumerWarmUp.reply(CallRecords.STREAM, jsons, 3);
        List<StatsConsumers.Entry> entries = StatsConsumers.entries(redis.clients.jedis.Protocol.read(
                new redis.clients.jedis.util.RedisInputStream(new java.io.ByteArrayInputStream(reply))));
        assertThat(entries).extracting(StatsConsumers.Entry::toString).containsExactly("1-0", "1-1", "1-2");
        assertThat(entries).extracting(e -> new String(e.json(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{}", "{\"a\":1}");
    }

    @Test
    void anEntrysAddTimeIsTheMillisecondsOfItsId() {
        var entry = new StatsConsumers.Entry("1764000000123-7".getBytes(StandardCharsets.US_ASCII), null, false);
        assertThat(entry.addedAt()).isEqualTo(1_764_000_000_123L);
        assertThat(entry).hasToString("1764000000123-7");
    }
}
