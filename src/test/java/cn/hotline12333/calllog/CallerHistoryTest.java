package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;

class CallerHistoryTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    static final String CALLER = "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f";
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-23T10:00:00+08:00");
    private final Clock clock = Clock.fixed(NOW.toInstant(), ZoneOffset.ofHours(8));
    private final CallerHistory history = new CallerHistory(REDIS.redis().jedis(), clock);

    static CallRecord call(String callId, OffsetDateTime at, String caller) {
        return CallRecord.builder().callId(callId).asteriskSystem("pbx").uniqueId(callId.substring(4))
                .callerNumber("13800138000").callerHash(caller).startedAt(at).endedAt(at.plusMinutes(3))
                .topics(List.of("wage_arrears")).outcome(Outcome.AGENT_ANSWERED).queue("labour-inspection")
                .queueStints(List.of(new CallRecord.QueueStint("labour-inspection", at.plusSeconds(30),
                        at.plusMinutes(3), 20_000L, 130_000L, "Agent 1001", CallRecord.StintResult.ANSWERED)))
                .survey(new CallRecord.Survey(true, 2)).surveyScore(2).build();
    }

    static HandlingRecord handling(String callId, int revision, String code, HandlingRecord.Resolution resolution) {
        OffsetDateTime at = NOW.minusDays(3);
        return new HandlingRecord(1, callId + "/Agent 1001/1", revision, callId, "u", "Agent 1001",
                "labour-inspection", at.plusSeconds(40), at.plusSeconds(45), at.plusMinutes(3), 0, 135_000, 20_000,
                code, resolution, null, List.of(), 0, at.plusMinutes(4).plusSeconds(revision));
    }

    @Test
    void aCallAndItsWrapUpReadAsOneEntryNewestFirst() {
        history.apply(call("pbx/1.1", NOW.minusDays(10), CALLER));
        history.apply(call("pbx/1.2", NOW.minusDays(3), CALLER));
        history.apply(handling("pbx/1.2", 1, "wage.unpaid", HandlingRecord.Resolution.REFERRED));

        List<CallerHistory.Entry> entries = history.read(CALLER);

        assertThat(entries).extracting(CallerHistory.Entry::callId).containsExactly("pbx/1.2", "pbx/1.1");
        CallerHistory.Entry latest = entries.get(0);
        assertThat(latest.at()).isEqualTo(NOW.minusDays(3));
        assertThat(latest.topics()).containsExactly("wage_arrears");
        assertThat(latest.outcome()).isEqualTo("agent_answered");
        assertThat(latest.agent()).isEqualTo("Agent 1001");
        assertThat(latest.surveyScore()).isEqualTo(2);
        assertThat(latest.handlings()).singleElement().satisfies(h -> {
            assertThat(h.wrapupCode()).isEqualTo("wage.unpaid");
            assertThat(h.resolution()).isEqualTo("referred");
            assertThat(h.revision()).isEqualTo(1);
        });
        assertThat(entries.get(1).handlings()).isEmpty();
        assertThat(REDIS.redis().jedis().hgetAll(CallerHistory.hashKey(CALLER)).toString())
                .doesNotContain("13800138000");
    }

    @Test
    void applyingIsIdempotentAndAnOlderRevisionNeverReplacesANewerOne() {
        history.apply(call("pbx/1.2", NOW.minusDays(3), CALLER));
        history.apply(handling("pbx/1.2", 2, "wage.unpaid", HandlingRecord.Resolution.CALLBACK));
        Map<String, String> once = REDIS.redis().jedis().hgetAll(CallerHistory.hashKey(CALLER));

        history.apply(call("pbx/1.2", NOW.minusDays(3), CALLER));
        history.apply(handling("pbx/1.2", 2, "wage.unpaid", HandlingRecord.Resolution.CALLBACK));
        assertThat(REDIS.redis().jedis().hgetAll(CallerHistory.hashKey(CALLER))).isEqualTo(once);

        assertThat(history.apply(handling("pbx/1.2", 1, "wage.other", HandlingRecord.Resolution.ANSWERED))).isFalse();
        assertThat(history.read(CALLER).get(0).handlings().get(0).resolution()).isEqualTo("callback");
        history.apply(handling("pbx/1.2", 3, "wage.other", HandlingRecord.Resolution.ANSWERED));
        assertThat(history.read(CALLER).get(0).handlings()).singleElement()
                .satisfies(h -> assertThat(h.wrapupCode()).isEqualTo("wage.other"));
    }

    @Test
    void aWrapUpBeforeItsCallRecordFindsTheCallerThroughTheCallContext() {
        new CallContexts(REDIS.redis().jedis(), clock).store(CallContextsTest.context("pbx/1.7", CALLER));

        assertThat(history.apply(handling("pbx/1.7", 1, "pension.payment", HandlingRecord.Resolution.ANSWERED)))
                .isTrue();
        assertThat(history.read(CALLER)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isNull(); // the call record is not in yet
            assertThat(e.agent()).isEqualTo("Agent 1001");
        });
        history.apply(call("pbx/1.7", NOW.minusDays(3), CALLER));
        assertThat(history.read(CALLER)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("agent_answered");
            assertThat(e.handlings()).hasSize(1);
        });
    }

    @Test
    void aWrapUpBeforeItsCallWithoutContextWaitsForTheCallRecord() {
        assertThat(history.apply(handling("pbx/9.9", 1, "x.y", HandlingRecord.Resolution.ANSWERED))).isFalse();
        assertThat(history.read(CALLER)).isEmpty();

        history.apply(call("pbx/9.9", NOW.minusDays(1), CALLER));

        assertThat(history.read(CALLER)).singleElement()
                .satisfies(e -> assertThat(e.handlings()).extracting(CallerHistory.Handling::wrapupCode)
                        .containsExactly("x.y"));
        assertThat(REDIS.redis().jedis().exists(CallerHistory.WAITING + "pbx/9.9")).isFalse();
        // after the call record, its caller is noted for late wrap-ups (a correction, say)
        assertThat(history.apply(handling("pbx/9.9", 2, "x.z", HandlingRecord.Resolution.ANSWERED))).isTrue();
        assertThat(history.apply(call("pbx/9.8", NOW, null))).isFalse();
    }

    @Test
    void onlyTheLast90DaysAndAtMost200CallsAreKept() {
        assertThat(history.apply(call("pbx/0.1", NOW.minusDays(91), CALLER))).isFalse();
        for (int i = 0; i < 230; i++) {
            history.apply(call("pbx/2." + i, NOW.minusDays(80).plusMinutes(i), CALLER));
        }
        List<CallerHistory.Entry> entries = history.read(CALLER);
        assertThat(entries).hasSize(CallerHistory.CAP);
        assertThat(entries.get(0).callId()).isEqualTo("pbx/2.229");
        assertThat(entries.get(CallerHistory.CAP - 1).callId()).isEqualTo("pbx/2.30");
        assertThat(REDIS.redis().jedis().zcard(CallerHistory.callsKey(CALLER))).isEqualTo(200);
        assertThat(REDIS.redis().jedis().pttl(CallerHistory.hashKey(CALLER))).isPositive();

        // ten days later the oldest have aged out of what is read, and out of Redis at the next write
        CallerHistory later = new CallerHistory(REDIS.redis().jedis(),
                Clock.fixed(NOW.plusDays(10).plusHours(1).toInstant(), ZoneOffset.UTC));
        assertThat(later.read(CALLER)).allSatisfy(e -> assertThat(e.at()).isAfter(NOW.minusDays(80)));
        later.apply(call("pbx/3.1", NOW.plusDays(10), CALLER));
        assertThat(REDIS.redis().jedis().hlen(CallerHistory.hashKey(CALLER))).isEqualTo(later.read(CALLER).size());
    }

    @Test
    void readingACallerWith200CallsIsOneRedisCommand() {
        for (int i = 0; i < 200; i++) {
            history.apply(call("pbx/4." + i, NOW.minusDays(30).plusMinutes(i), CALLER));
            history.apply(handling("pbx/4." + i, 1, "c", HandlingRecord.Resolution.ANSWERED));
        }
        var jedis = REDIS.redis().jedis();
        jedis.sendCommand(redis.clients.jedis.Protocol.Command.CONFIG, "RESETSTAT");

        assertThat(history.read(CALLER)).hasSize(200).allSatisfy(e -> assertThat(e.handlings()).hasSize(1));

        String stats = redis.clients.jedis.util.SafeEncoder.encode(
                (byte[]) jedis.sendCommand(redis.clients.jedis.Protocol.Command.INFO, "commandstats"));
        assertThat(stats).contains("cmdstat_hgetall:calls=1,");
        // besides the CONFIG RESETSTAT that started the count, nothing else reached Redis for the read
        assertThat(stats.lines().filter(l -> l.startsWith("cmdstat_")).toList())
                .allMatch(l -> l.startsWith("cmdstat_hgetall:") || l.startsWith("cmdstat_config:"));
    }

    @Test
    void theFeedIndexesTheRecordStreamsOnceEach() {
        CallRecord r = call("pbx/5.1", NOW.minusDays(2), CALLER);
        HandlingRecord h = handling("pbx/5.1", 1, "wage.unpaid", HandlingRecord.Resolution.REFERRED);
        var jedis = REDIS.redis().jedis();
        jedis.xadd(CallRecords.STREAM, StreamEntryID.NEW_ENTRY, Map.of("id", r.callId(), "json", CallRecords.toJson(r)));
        jedis.xadd(HandlingRecord.STREAM, StreamEntryID.NEW_ENTRY, Map.of("id", h.recordId(),
                "json", CallRecords.toJson(h)));
        jedis.xadd(CallRecords.STREAM, StreamEntryID.NEW_ENTRY, Map.of("id", "x", "json", "not json"));

        try (HistoryFeed feed = HistoryFeed.start(jedis, history, "test-node")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> history.read(CALLER).size() == 1
                    && history.read(CALLER).get(0).handlings().size() == 1
                    && history.read(CALLER).get(0).outcome() != null);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jedis.xpending(CallRecords.STREAM, HistoryFeed.GROUP).getTotal() == 0
                            && jedis.xpending(HandlingRecord.STREAM, HistoryFeed.GROUP).getTotal() == 0);
        }
    }
}
