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
        // two calls: one outcome each (the calls themselves are not stored: Tally.get sums the outcomes)
        assertThat(REDIS.redis().jedis().hgetAll(Buckets.prefix(DAY) + "7:c:" + Buckets.slot(Buckets.index(at(
                "2026-11-23T10:00:00")))).entrySet().stream().filter(e -> e.getKey().startsWith("o."))
                .mapToLong(e -> Long.parseLong(e.getValue())).sum()).isEqualTo(2);
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
        String shard = "ss:" + Buckets.seenShard(Buckets.oldSeenShard("h1"));
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

    /** Call record ids whose seen shard is {@code shard}, of the form pbx/x<n>. */
    private static List<String> idsInShard(int shard, int count) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count; n++) {
            if (Buckets.seenShard(Buckets.oldSeenShard("pbx/x" + n)) == shard) {
                ids.add("pbx/x" + n);
            }
        }
        return ids;
    }

    private Contribution answeredCall(String id) {
        return answered(id, "2026-11-23T10:00:00", 12_000, "A1", "c1");
    }

    @Test
    void aRecordSeenInALaterShardOfTheBatchTakesBackTheEntriesOfTheShardsMarkedBeforeIt() {
        // apply-new.lua marks shard by shard in order: the new record's shard (3) before the seen one's (40)
        Contribution seen = answeredCall(idsInShard(40, 1).get(0));
        Contribution fresh = answeredCall(idsInShard(3, 1).get(0));
        applier.apply(List.of(seen), "7");

        assertThat(applier.apply(List.of(seen, fresh), "7")).as("only the new one").isEqualTo(1);
        assertThat(applier.apply(List.of(fresh), "7")).as("its seen entry kept once, by apply.lua").isZero();

        oneByOne(List.of(seen, fresh), "8");
        assertThat(differences("7", "8")).isEmpty();
    }

    @Test
    void aShardsRecordsBeyondOneGroupGoInAnotherAndADuplicateAcrossTheGroupsIsFound() {
        List<Contribution> batch = new ArrayList<>();
        for (String id : idsInShard(5, ApplyBatch.SEEN_GROUP + 100)) {
            batch.add(answeredCall(id));
        }
        List<Contribution> withDuplicate = new ArrayList<>(batch);
        // the first group's first record again, at the end of the second group
        withDuplicate.add(batch.get(0));

        assertThat(applier.apply(withDuplicate, "7")).isEqualTo(batch.size());
        assertThat(applier.apply(batch, "7")).isZero();
        assertThat(applier.apply(batch, "8")).as("without the duplicate: the sums path").isEqualTo(batch.size());

        assertThat(differences("7", "8")).isEmpty();
        assertThat(REDIS.redis().jedis().hlen(Buckets.prefix(DAY) + "7:ss:5")).isEqualTo(batch.size());
        assertThat(REDIS.redis().jedis().smembers(Buckets.prefix(DAY) + "7:is")).containsExactly("ss:5");
    }

    @Test
    void aRecordTwiceInABatchOfNewRecordsCountsOnce() {
        // nothing seen before: only the shard's HSET, adding one field fewer than it was given, tells
        Contribution twice = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        Contribution other = abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1");

        assertThat(applier.apply(List.of(twice, other, twice), "7")).isEqualTo(2);

        oneByOne(List.of(twice, other), "8");
        assertThat(differences("7", "8")).isEmpty();
    }

    /**
     * Moves the seen entries of {@code records} in generation {@code gen} to the layout of before 2026-12-07: one
     * of 16,384 shards ({@code s:<shard>}) a record, listed in the {@code is} index, which is what that version's
     * scripts and rebuild wrote.
     */
    private void toOldLayout(String gen, List<Contribution> records) {
        var jedis = REDIS.redis().jedis();
        String base = Buckets.prefix(DAY) + gen + ":";
        for (Contribution c : records) {
            String field = Buckets.digest(c.stream() + "/" + c.recordId());
            int old = Buckets.oldSeenShard(c.recordId());
            String value = jedis.hget(base + "ss:" + Buckets.seenShard(old), field);
            assertThat(value).as(c.recordId()).isNotNull();
            jedis.hset(base + "s:" + old, field, value);
            jedis.sadd(base + "is", "s:" + old);
        }
        for (String shard : jedis.smembers(base + "is")) {
            if (shard.startsWith("ss:")) {
                jedis.del(base + shard);
                jedis.srem(base + "is", shard);
            }
        }
    }

    @Test
    void aDayWrittenInTheOldSeenLayoutKeepsCountingEachRecordOnceInThatLayout() {
        Contribution first = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        applier.apply(List.of(first, handled("h1", 1, 20_000)), "7");
        toOldLayout("7", List.of(first, handled("h1", 1, 20_000)));

        Contribution fresh = abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1");
        assertThat(applier.apply(List.of(fresh, segment()), "7")).as("all new: apply.lua, as apply-new.lua declines")
                .isEqualTo(2);
        assertThat(applier.apply(List.of(first, fresh, segment(), handled("h1", 1, 20_000)), "7")).isZero();
        assertThat(applier.apply(List.of(handled("h1", 2, 50_000)), "7")).as("replaces revision 1").isEqualTo(1);
        assertThat(applier.apply(List.of(handled("h1", 2, 50_000)), "7")).isZero();

        oneByOne(List.of(first, fresh, segment(), handled("h1", 1, 20_000), handled("h1", 2, 50_000)), "8");
        assertThat(differences("7", "8")).isEmpty();
        var jedis = REDIS.redis().jedis();
        String base = Buckets.prefix(DAY) + "7:";
        assertThat(jedis.smembers(base + "is")).as("no shard of the new layout in an old day").allMatch(s -> s.startsWith("s:"))
                .contains("s:" + Buckets.oldSeenShard(fresh.recordId()));
        assertThat(jedis.hget(base + "s:" + Buckets.oldSeenShard("h1"), Buckets.digest(Contributions.HANDLING + "/h1")))
                .startsWith("2" + ApplyBatch.SEP);
    }

    @Test
    void whileARebuildRunsALiveRecordIsMarkedInTheOldLayoutOfTheLiveGenerationAndTheNewOneOfTheRebuilt() {
        Contribution first = answered("pbx/a", "2026-11-23T10:00:00", 12_000, "A1", "c1");
        Contribution fresh = abandoned("pbx/b", "2026-11-23T10:02:00", 40_000, "c1");
        var jedis = REDIS.redis().jedis();
        String prefix = Buckets.prefix(DAY);
        applier.apply(List.of(first), "7");
        toOldLayout("7", List.of(first));
        jedis.set(prefix + "gen", "7");
        jedis.set(prefix + "building", "9");

        assertThat(applier.apply(List.of(first, fresh))).as("new in the live generation").isEqualTo(1);
        assertThat(applier.apply(List.of(first, fresh))).isZero();
        assertThat(applier.apply(List.of(first, fresh), "9")).as("both marked in the rebuilt one").isZero();

        oneByOne(List.of(first, fresh), "8");
        assertThat(differences("7", "8")).isEmpty();
        assertThat(differences("9", "8")).isEmpty();
        assertThat(jedis.smembers(prefix + "9:is")).allMatch(s -> s.startsWith("ss:"));
        assertThat(jedis.smembers(prefix + "7:is")).allMatch(s -> s.startsWith("s:"));
    }
}
