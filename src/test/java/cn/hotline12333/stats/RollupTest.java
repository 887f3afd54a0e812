package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.handling;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RollupTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static List<List<Object>> rows(ReportTable t) {
        List<List<Object>> out = new ArrayList<>();
        t.rows().forEach(out::add);
        return out;
    }

    @Test
    void aDayOlderThanItsBucketsIsReportedFromItsRollupWithTheSameFigures() {
        StatsSettings settings = StatsSettings.defaults();
        Contributions contributions = new Contributions(settings);
        Applier applier = new Applier(REDIS.redis().jedis());
        var early = at("2026-09-20T00:10:00");
        var late = at("2026-09-20T23:50:00");
        applier.apply(List.of(
                contributions.of(call(early, Outcome.AGENT_ANSWERED, List.of(stint("pension", early, 12_000, StintResult.ANSWERED, "A1")))),
                contributions.of(call(late, Outcome.QUEUE_ABANDONED, List.of(stint("card", late, 3_000, StintResult.ABANDONED, null)))),
                contributions.of(handling("h1", 1, "x", "A1", "pension", early.plusSeconds(12), 60_000, 5_000, 9_000, null)),
                contributions.of(Fixtures.state("A1", AgentState.READY, at("2026-09-20T09:00:00"), at("2026-09-20T10:00:00")))));
        ReportQuery week = new ReportQuery(LocalDate.of(2026, 9, 14).atStartOfDay(SHANGHAI),
                LocalDate.of(2026, 9, 28).atStartOfDay(SHANGHAI), Interval.WEEK, List.of(), List.of(), List.of(), List.of(),
                null, null);
        Statistics then = new Statistics(REDIS.redis(), settings, Clock.fixed(Instant.parse("2026-10-01T00:00:00Z"), ZoneOffset.UTC));
        List<List<Object>> queues = rows(then.queues(week));
        List<List<Object>> agents = rows(then.agents(week));
        List<List<Object>> topics = rows(then.topics(week));
        assertThat(queues).isNotEmpty();

        new Retention(REDIS.redis().jedis(), 62, SHANGHAI, 400).sweep(LocalDate.of(2026, 9, 25));
        new Retention(REDIS.redis().jedis(), 62, SHANGHAI, 400).sweep(LocalDate.of(2026, 11, 30));
        assertThat(REDIS.redis().jedis().keys("{st:2026-09-20}*")).isEmpty();

        Statistics now = new Statistics(REDIS.redis(), settings, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));
        assertThat(rows(now.queues(week))).isEqualTo(queues);
        assertThat(rows(now.agents(week))).isEqualTo(agents);
        assertThat(rows(now.topics(week))).isEqualTo(topics);
    }
}
