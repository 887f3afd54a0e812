package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.Kpi;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WallboardPeriodsTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private final List<ReportQuery> asked = new ArrayList<>();

    private ReportTable queues(ReportQuery q) {
        asked.add(q);
        List<Column> columns = List.of(new Column("interval", "时段", Kind.TIME), new Column("queue", "队列", Kind.TEXT),
                new Column("offered", "进线量", Kind.COUNT), new Column("service_level", "服务水平", Kind.KPI),
                new Column("asa_ms", "平均应答速度", Kind.KPI));
        return new ReportTable("queues", columns, List.of(
                List.of(Instant.EPOCH, "a", 10L, Kpi.of(8, 10, false), Kpi.of(20_000, 8, false)),
                List.of(Instant.EPOCH, "b", 5L, Kpi.of(1, 4, true), Kpi.of(12_000, 2, false)),
                List.of(Instant.EPOCH, "*", 15L, Kpi.of(9, 14, true), Kpi.of(32_000, 10, false))), Map.of());
    }

    private ReportTable outcomes(ReportQuery q) {
        return new ReportTable("outcomes", List.of(new Column("csat", "满意率", Kind.KPI)),
                List.of(List.of(Kpi.of(3, 4, false))), Map.of());
    }

    @Test
    void queuesAndTotalsAddNumeratorsAndDenominatorsAndTheReportsOwnTotalRowIsNotCountedTwice() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:07:00Z"), BEIJING);

        Map<String, Object> f = new WallboardPeriods(this::queues, this::outcomes, clock, BEIJING).get();

        assertThat(f).containsEntry("q.a.today.offered", 10L).containsEntry("q.b.today.offered", 5L)
                .containsEntry("total.today.offered", 15L)
                .containsEntry("total.today.sl", Kpi.of(9, 14, true))
                .containsEntry("q.a.today.asa", 2500.0)
                .containsEntry("total.hour.csat", Kpi.of(3, 4, false))
                .doesNotContainKey("q.*.today.offered");
        assertThat(asked.get(0).interval()).isEqualTo(Interval.DAY);
        assertThat(asked.get(0).from().toLocalDateTime()).hasToString("2026-11-23T00:00");
        // the last hour: the four 15-minute buckets up to the end of the running one (10:00-10:15 local)
        assertThat(asked.get(1).interval()).isEqualTo(Interval.M15);
        assertThat(asked.get(1).to().toLocalDateTime()).hasToString("2026-11-23T10:15");
        assertThat(asked.get(1).from().toLocalDateTime()).hasToString("2026-11-23T09:15");
    }
}
