package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void bucketsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        Contributions contributions = new Contributions(StatsSettings.defaults());
        Applier applier = new Applier(REDIS.redis().jedis());
        var old = at("2026-09-20T10:00:00");
        var kept = at("2026-09-30T10:00:00");
        applier.apply(List.of(contributions.of(call(old, Outcome.AGENT_ANSWERED,
                        List.of(stint("pension", old, 3_000, StintResult.ANSWERED, "A1")))),
                contributions.of(call(kept, Outcome.AGENT_ANSWERED,
                        List.of(stint("pension", kept, 3_000, StintResult.ANSWERED, "A1"))))));
        new Retention(REDIS.redis().jedis(), 62).sweep(LocalDate.of(2026, 11, 30));
        assertThat(REDIS.redis().jedis().keys("{st:2026-09-20}*")).isEmpty();
        assertThat(REDIS.redis().jedis().keys("{st:2026-09-30}*")).isNotEmpty();
    }

    @Test
    void daysWithoutBucketsAreNotRolledUpUntilTheirRecordsCome() {
        var jedis = REDIS.redis().jedis();
        Retention retention = new Retention(jedis, 62);
        retention.sweep(LocalDate.of(2026, 11, 30));
        // a fresh Redis: two months of days looked at, none summed, none marked done
        assertThat(jedis.keys("{sr:*")).isEmpty();
        // a record of one of those days arrives late (a journal replayed after an outage)
        var late = at("2026-10-15T02:00:00");
        new Applier(jedis).apply(List.of(new Contributions(StatsSettings.defaults()).of(call(late,
                Outcome.AGENT_ANSWERED, List.of(stint("pension", late, 3_000, StintResult.ANSWERED, "A1"))))));
        retention.sweep(LocalDate.of(2026, 11, 30));
        // its UTC day (2026-10-14, where buckets are kept) also overlaps the local day before: both are summed
        assertThat(jedis.keys("{sr:*}:done")).containsExactlyInAnyOrder("{sr:2026-10-14}:done", "{sr:2026-10-15}:done");
        assertThat(jedis.keys("{sr:2026-10-15}:q:*")).isNotEmpty();
    }
}
