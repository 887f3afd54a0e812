package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 按时办结率 and its neighbours from hand-made follow-up records, counted by hand. */
class WorkOrderReportTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static FollowUpRecord order(String id, int seq, String action, String at, String status, String due,
                                        String closedAt, int reopened) {
        return new FollowUpRecord(1, FollowUpRecord.WORK_ORDER, id, seq, action, "ann", OffsetDateTime.parse(at), status,
                "wage_arrears", "ann", null, null, LocalDate.parse("2025-09-26"), LocalDate.parse(due),
                closedAt == null ? null : OffsetDateTime.parse(closedAt), reopened, 0, null);
    }

    private static void add(FollowUpRecord r) {
        REDIS.redis().jedis().xadd(FollowUpRecord.STREAM, redis.clients.jedis.StreamEntryID.NEW_ENTRY,
                Map.of(CallRecords.ID_FIELD, r.recordId(), CallRecords.JSON_FIELD, CallRecords.toJson(r)));
    }

    @Test
    void ordersCountInTheDayTheirDeadlineFallsOnClosedByItOnTimeAfterItLateOpenAfterItOverdue() {
        // due 2025-10-13: A closed on the day (23:30), B closed the next morning, C still open; D due 10-14, open
        add(order("GD1", 1, "created", "2025-09-26T10:00+08:00", "assigned", "2025-10-13", null, 0));
        add(order("GD1", 2, "closed", "2025-10-13T23:30+08:00", "closed", "2025-10-13", "2025-10-13T23:30+08:00", 0));
        add(order("GD2", 1, "created", "2025-09-26T11:00+08:00", "assigned", "2025-10-13", null, 0));
        add(order("GD2", 2, "closed", "2025-10-10T09:00+08:00", "closed", "2025-10-13", "2025-10-10T09:00+08:00", 0));
        add(order("GD2", 3, "reopened", "2025-10-13T10:00+08:00", "in_progress", "2025-10-13", null, 1));
        add(order("GD2", 4, "closed", "2025-10-14T09:00+08:00", "closed", "2025-10-13", "2025-10-14T09:00+08:00", 1));
        add(order("GD3", 1, "created", "2025-09-26T12:00+08:00", "assigned", "2025-10-13", null, 0));
        add(order("GD4", 1, "created", "2025-09-29T12:00+08:00", "assigned", "2025-10-14", null, 0));
        add(new FollowUpRecord(1, "callback", "cb-1", 1, "created", "ivr", OffsetDateTime.parse("2025-10-13T08:00+08:00"),
                "open", null, null, null, null, null, null, null, 0, 0, null));
        add(new FollowUpRecord(1, "callback", "cb-1", 3, "closed", "ann", OffsetDateTime.parse("2025-10-13T09:00+08:00"),
                "closed", null, null, null, null, null, null, null, 0, 1, "resolved"));
        Clock clock = Clock.fixed(Instant.parse("2025-10-14T06:00:00Z"), ZoneOffset.UTC); // 14:00 on 10-14 in Beijing
        Statistics stats = new Statistics(REDIS.redis(), StatsSettings.defaults(), clock);
        ReportQuery q = new ReportQuery(LocalDate.parse("2025-10-13").atStartOfDay(CHINA),
                LocalDate.parse("2025-10-15").atStartOfDay(CHINA), Interval.DAY, List.of(), List.of(), List.of(),
                List.of(), null, null);

        ReportTable t = stats.workOrders(q);
        List<List<Object>> rows = new ArrayList<>();
        t.rows().forEach(rows::add);
        List<String> keys = t.columns().stream().map(ReportTable.Column::key).toList();
        List<Object> day13 = rows.get(0);
        assertThat(day13.get(keys.indexOf("due"))).isEqualTo(3L);
        assertThat(day13.get(keys.indexOf("closed_on_time"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("closed_late"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("overdue"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("reopened"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("tasks_created"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("tasks_closed"))).isEqualTo(1L);
        assertThat(day13.get(keys.indexOf("on_time_rate"))).isEqualTo(new Kpi(1.0 / 3, 1, 3, false));
        List<Object> day14 = rows.get(1);
        assertThat(day14.get(keys.indexOf("due"))).isEqualTo(1L);
        assertThat(day14.get(keys.indexOf("not_yet_due"))).isEqualTo(1L);
        assertThat(((Kpi) day14.get(keys.indexOf("on_time_rate"))).provisional()).isTrue();
    }

    @Test
    void aPeriodWithoutDeadlinesHasNoRateRatherThanZero() {
        Statistics stats = new Statistics(REDIS.redis(), StatsSettings.defaults(), Clock.systemUTC());
        ReportQuery q = new ReportQuery(LocalDate.parse("2025-10-13").atStartOfDay(CHINA),
                LocalDate.parse("2025-10-14").atStartOfDay(CHINA), Interval.DAY, List.of(), List.of(), List.of(),
                List.of(), null, null);
        List<List<Object>> rows = new ArrayList<>();
        stats.workOrders(q).rows().forEach(rows::add);
        assertThat(rows).singleElement().satisfies(r -> assertThat(((Kpi) r.get(r.size() - 1)).value()).isNull());
    }
}
