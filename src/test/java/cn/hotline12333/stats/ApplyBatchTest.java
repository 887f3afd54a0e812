package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.handling;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch path of the apply script: its summed values are used only when every record of the batch is new, and
 * otherwise the new records' own changes, so a batch applied twice, or holding a duplicate or a revision, gives
 * exactly what applying its distinct latest records one at a time gives.
 */
class ApplyBatchTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private final Contributions contributions = new Contributions(StatsSettings.defaults());
    private final Applier applier = new Applier(REDIS.redis().jedis());
    private final DayRebuild generations = new DayRebuild(REDIS.redis(), StatsSettings.defaults(),
            Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC), new PrintStream(OutputStream.nullOutputStream()));

    private Contribution answered(String id, String time, long waitMs, String agent, String caller) {
        return contributions.of(call(id, at(time), Outcome.AGENT_ANSWERED,
                List.of(stint("pension", at(time).plusSeconds(20), waitMs, StintResult.ANSWERED, agent)), caller,
                new CallRecord.Survey(true, 5)));
    }

    private Contribution abandoned(String id, String time, long waitMs, String caller) {
        return contributions.of(call(id, at(time), Outcome.QUEUE_ABANDONED,
                List.of(stint("card", at(time).plusSeconds(20), waitMs, StintResult.ABANDONED, null)), caller,
                new CallRecord.Survey(false, null)));
    }

    private Contribution handled(String id, int revision, long wrapMs) {
        return contributions.of(handling(id, revision, "pbx/a", "A1", "pension", at("2026-11-23T10:00:40"), 60_000,
                5_000, wrapMs, null));
    }

    private Contribution segment() {
        return contributions.of(Fixtures.state("A1", AgentState.READY, at("2026-11-23T09:55:00"),
                at("2026-11-23T10:20:00")));
    }

    /** Applies each record alone, in order, into generation {@code gen}: the meaning the batch must keep. */
    private long oneByOne(List<Contribution> records, String gen) {
        long applied = 0;
        for (Contribution c : records) {
            applied += applier.apply(List.of(c), gen);
        }
        return applied;
    }

    private List<String> differences(String a, String b) {
        return generations.compare(DAY, a, b);
    }

    @Test
    void theSameBatchAppliedTwiceCountsOnce() {
        List<Contribution> batch = List.of(answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1"),
                abandoned("pbx/b", "2026-11-23T10:01:00", 3_000, "c1"), handled("h1", 1, 20_000), segment());

        assertThat(applier.apply(batch, "7")).isEqualTo(4);
        assertThat(applier.apply(batch, "7")).isZero();
        assertThat(oneByOne(batch, "8")).isEqualTo(4);

        assertThat(differences("7", "8")).isEmpty();
        assertThat(REDIS.redis().jedis().hget(Buckets.prefix(DAY) + "7:c:" + Buckets.slot(Buckets.index(at(
                "2026-11-23T10:00:00"))), "c")).isEqualTo("2");
    }

    @Test
    void aRebuiltHandlingRecordIsReplacedExactlyOnceByALiveRevision(@org.junit.jupiter.api.io.TempDir java.nio.file.Path logs)
            throws Exception {
        // the rebuild writes the seen entry apply.lua would have written, so the live revision can take it back
        java.nio.file.Files.writeString(logs.resolve("handling-" + DAY + ".jsonl"), String.join("\n",
                cn.hotline12333.calllog.CallRecords.toJson(handlingRecord(1, 20_000)),
                cn.hotline12333.calllog.CallRecords.toJson(handlingRecord(1, 20_000))) + "\n");
        java.nio.file.Files.writeString(logs.resolve("cdr-" + DAY + ".jsonl"), cn.hotline12333.calllog.CallRecords.toJson(
                call("pbx/a", at("2026-11-23T10:00:00"), Outcome.AGENT_ANSWERED, List.of(stint("pension",
                        at("2026-11-23T10:00:20"), 12_000, StintResult.ANSWERED, "A1")), "c1",
                        new CallRecord.Survey(true, 5))) + "\n");
        DayRebuild.Result r = generations.rebuild(DAY, List.of(logs));
        assertThat(r.applied()).isEqualTo(2);
        String gen = REDIS.redis().jedis().get(Buckets.prefix(DAY) + "gen");

        assertThat(applier.apply(List.of(handled("h1", 2, 50_000)), gen)).isEqualTo(1);
        assertThat(applier.apply(List.of(handled("h1", 2, 50_000)), gen)).isZero();

        oneByOne(List.of(answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1"), handled("h1", 1, 20_000),
                handled("h1", 2, 50_000)), "8");
        assertThat(differences(gen, "8")).isEmpty();
    }

    private static cn.hotline12333.calllog.HandlingRecord handlingRecord(int revision, long wrapMs) {
        return handling("h1", revision, "pbx/a", "A1", "pension", at("2026-11-23T10:00:40"), 60_000, 5_000, wrapMs, null);
    }

    @Test
    void aBatchOfCallsWithOneAppliedBeforeLeavesNoHalfWritesFromTheSumsPathAndCountsEachOnce() {
        Contribution first = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        applier.apply(List.of(first), "7");
        // pbx/b new, pbx/a applied before, pbx/c twice: apply-new.lua gives up, apply.lua counts record by record
        List<Contribution> batch = List.of(abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1"), first,
                answered("pbx/c", "2026-11-23T10:03:00", 90_000, "A2", "c2"),
                answered("pbx/c", "2026-11-23T10:03:00", 90_000, "A2", "c2"));

        assertThat(applier.apply(batch, "7")).isEqualTo(2);
        assertThat(applier.apply(List.of(segment()), "7")).as("a fresh batch after the fallback").isEqualTo(1);

        oneByOne(List.of(first, abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1"),
                answered("pbx/c", "2026-11-23T10:03:00", 90_000, "A2", "c2"), segment()), "8");
        assertThat(differences("7", "8")).isEmpty();
    }

    @Test
    void aBatchWithADuplicateAndARevisionOfAnEarlierRecordAppliesEachRecordOnceAtItsLatestRevision() {
        Contribution first = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        applier.apply(List.of(first, handled("h1", 1, 20_000)), "7");
        List<Contribution> batch = List.of(abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1"), first,
                handled("h1", 2, 50_000), abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1"),
                answered("pbx/c", "2026-11-23T10:03:00", 90_000, "A2", "c2"), handled("h1", 1, 20_000));

        assertThat(applier.apply(batch, "7")).as("pbx/b, h1 revision 2, pbx/c").isEqualTo(3);

        oneByOne(List.of(answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1"),
                abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1"),
                answered("pbx/c", "2026-11-23T10:03:00", 90_000, "A2", "c2"), handled("h1", 2, 50_000)), "8");
        assertThat(differences("7", "8")).isEmpty();
        String q = Buckets.prefix(DAY) + "7:q:" + Buckets.slot(Buckets.index(at("2026-11-23T10:00:20"))) + ":pension";
        assertThat(REDIS.redis().jedis().hget(q, "wu")).as("only revision 2's wrap-up").isEqualTo("50000");
        assertThat(REDIS.redis().jedis().hget(q, "wm")).as("the longest wait of the new records").isEqualTo("90000");
    }

    @Test
    void aFirstRevisionTakenWithTheNewRecordsStoresTheSeenEntryApplyLuaStoresAndALaterRevisionReplacesIt() {
        Contribution call = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        // gen 7: the call and the first revision are new, so apply-new.lua takes both (Java writes the seen entry)
        assertThat(applier.apply(List.of(call, handled("h1", 1, 20_000)), "7")).isEqualTo(2);
        // gen 8: the call was applied before, so apply.lua takes the batch and stores the seen entry itself
        applier.apply(List.of(call), "8");
        assertThat(applier.apply(List.of(call, handled("h1", 1, 20_000)), "8")).isEqualTo(1);

        String field = Buckets.digest(Contributions.HANDLING + "/h1");
        String shard = "s:" + Buckets.shard("h1", Buckets.SEEN_SHARDS);
        var jedis = REDIS.redis().jedis();
        String stored = jedis.hget(Buckets.prefix(DAY) + "7:" + shard, field);
        assertThat(stored).startsWith("1" + ApplyBatch.SEP).contains("20000")
                .isEqualTo(jedis.hget(Buckets.prefix(DAY) + "8:" + shard, field));
        assertThat(differences("7", "8")).isEmpty();

        // a later revision takes back what the first one added, in either generation, and only once
        for (String gen : List.of("7", "8")) {
            assertThat(applier.apply(List.of(handled("h1", 2, 50_000), handled("h1", 1, 20_000)), gen)).isEqualTo(1);
            assertThat(applier.apply(List.of(handled("h1", 2, 50_000)), gen)).isZero();
        }
        String q = Buckets.prefix(DAY) + "7:q:" + Buckets.slot(Buckets.index(at("2026-11-23T10:00:40"))) + ":pension";
        assertThat(jedis.hget(q, "wu")).isEqualTo("50000");
        assertThat(jedis.hget(q, "h")).isEqualTo("1");
        assertThat(differences("7", "8")).isEmpty();
    }

    @Test
    void aFirstRevisionAppliedBeforeSendsItsBatchToApplyLuaWhichCountsItOnce() {
        applier.apply(List.of(handled("h1", 1, 20_000)), "7");
        List<Contribution> batch = List.of(handled("h2", 1, 30_000), handled("h1", 1, 20_000), segment());

        assertThat(applier.apply(batch, "7")).as("h2 and the segment").isEqualTo(2);

        oneByOne(List.of(handled("h1", 1, 20_000), handled("h2", 1, 30_000), segment()), "8");
        assertThat(differences("7", "8")).isEmpty();
        String q = Buckets.prefix(DAY) + "7:q:" + Buckets.slot(Buckets.index(at("2026-11-23T10:00:40"))) + ":pension";
        assertThat(REDIS.redis().jedis().hget(q, "wu")).isEqualTo("50000");
    }

    @Test
    void anOlderRevisionAfterANewerOneInTheSameBatchChangesNothing() {
        List<Contribution> batch = new ArrayList<>(List.of(handled("h1", 2, 50_000), handled("h1", 1, 20_000),
                answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1")));

        assertThat(applier.apply(batch, "7")).isEqualTo(2);

        oneByOne(List.of(handled("h1", 2, 50_000), answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1")), "8");
        assertThat(differences("7", "8")).isEmpty();
    }

    @Test
    void aRevisionMovingAHandlingRecordToAnotherQueueRemovesEveryCounterItTakesBackToZero() {
        Contribution first = contributions.of(handling("h1", 1, "pbx/a", "A1", "pension", at("2026-11-23T10:00:40"),
                60_000, 5_000, 20_000, null));
        Contribution second = contributions.of(handling("h1", 2, "pbx/a", "A1", "card", at("2026-11-23T10:00:40"),
                70_000, 0, 30_000, "12345"));

        applier.apply(List.of(first), "7");
        applier.apply(List.of(second), "7");

        String base = Buckets.prefix(DAY) + "7:";
        int slot = Buckets.slot(Buckets.index(at("2026-11-23T10:00:40")));
        var jedis = REDIS.redis().jedis();
        assertThat(jedis.exists(base + "q:" + slot + ":pension")).as("all of the first queue's counters back at 0").isFalse();
        assertThat(jedis.hget(base + "a:" + slot + ":A1", "rs")).as("no longer ticked resolved").isNull();
        assertThat(jedis.hget(base + "a:" + slot + ":A1", "tr")).isEqualTo("1");
        assertThat(jedis.hget(base + "a:" + slot + ":A1", "wu")).isEqualTo("30000");
        // both revisions in one batch give the same
        applier.apply(List.of(first, second), "8");
        assertThat(differences("7", "8")).isEmpty();
    }

    @Test
    void aBatchAddingMoreSetMembersThanOneSaddTakesAddsThemAll() {
        // the scripts add at most 1000 members a SADD (Lua's unpack has a stack limit)
        List<Contribution> batch = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            batch.add(contributions.of(Fixtures.state("A" + i, AgentState.READY, at("2026-11-23T10:00:00"),
                    at("2026-11-23T10:05:00"))));
        }

        assertThat(applier.apply(batch, "7")).isEqualTo(batch.size());

        assertThat(REDIS.redis().jedis().scard(Buckets.prefix(DAY) + "7:ia")).isEqualTo(batch.size());
        oneByOne(batch, "8");
        assertThat(differences("7", "8")).isEmpty();
    }
}
