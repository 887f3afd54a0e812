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
}
