package cn.hotline12333.web;

import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.Kpi;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The wallboard's figures for today and the last hour, from the same reports the reports page reads (so the
 * board and the reports cannot disagree): the queue report per queue and in total, the outcome report for the
 * IVR's self-service rate and 满意率. The last hour is the last four 15-minute buckets, the running one included.
 * Totals add numerators and denominators, never rates.
 */
public final class WallboardPeriods implements Supplier<Map<String, Object>> {
    // queue report column → wallboard figure
    private static final Map<String, String> QUEUE_FIGURES = Map.of("offered", "offered", "answered", "answered",
            "service_level", "sl", "answer_rate", "answerRate", "asa_ms", "asa", "abandoned", "abandoned",
            "abandon_rate", "abandonRate");
    private static final String TOTAL_ROW = "*";
    private static final Map<String, String> OUTCOME_FIGURES = Map.of("self_service_rate", "selfService", "csat", "csat");

    private final Function<ReportQuery, ReportTable> queues;
    private final Function<ReportQuery, ReportTable> outcomes;
    private final Clock clock;
    private final ZoneId zone;

    public WallboardPeriods(Function<ReportQuery, ReportTable> queues, Function<ReportQuery, ReportTable> outcomes,
                            Clock clock, ZoneId zone) {
        this.queues = queues;
        this.outcomes = outcomes;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Map<String, Object> get() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        LocalDate day = now.toLocalDate();
        ReportQuery today = query(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone), Interval.DAY);
        ZonedDateTime bucketEnd = now.truncatedTo(ChronoUnit.HOURS)
                .plusMinutes((now.getMinute() / 15 + 1) * 15L);
        ReportQuery hour = query(bucketEnd.minus(Duration.ofHours(1)), bucketEnd, Interval.M15);
        Map<String, Object> out = new HashMap<>();
        put(out, "today", queues.apply(today), outcomes.apply(today));
        put(out, "hour", queues.apply(hour), outcomes.apply(hour));
        return out;
    }

    private static ReportQuery query(ZonedDateTime from, ZonedDateTime to, Interval interval) {
        return new ReportQuery(from, to, interval, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    private static void put(Map<String, Object> out, String period, ReportTable byQueue, ReportTable calls) {
        Map<String, Map<String, Object>> sums = new HashMap<>();
        // The queue report may carry its own total row (queue "*"): the board adds the queues up itself.
        add(byQueue, QUEUE_FIGURES, row -> TOTAL_ROW.equals(row.get("queue")) ? null : "q." + row.get("queue") + "." + period,
                sums);
        add(byQueue, QUEUE_FIGURES, row -> TOTAL_ROW.equals(row.get("queue")) ? null : "total." + period, sums);
        add(calls, OUTCOME_FIGURES, row -> "total." + period, sums);
        sums.forEach((prefix, figures) -> figures.forEach((figure, value) -> out.put(prefix + "." + figure,
                figure.equals("asa") && value instanceof Kpi k ? k.value() : value)));
    }

    private static void add(ReportTable table, Map<String, String> wanted, Function<Map<String, Object>, String> prefix,
                            Map<String, Map<String, Object>> sums) {
        List<ReportTable.Column> columns = table.columns();
        for (List<Object> cells : table.rows()) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < columns.size() && i < cells.size(); i++) {
                row.put(columns.get(i).key(), cells.get(i));
            }
            String key = prefix.apply(row);
            if (key == null) {
                continue;
            }
            Map<String, Object> into = sums.computeIfAbsent(key, p -> new HashMap<>());
            wanted.forEach((column, figure) -> into.merge(figure, orZero(row.get(column)), WallboardPeriods::sum));
        }
    }

    private static Object orZero(Object v) {
        return v == null ? 0L : v;
    }

    private static Object sum(Object a, Object b) {
        if (a instanceof Kpi x && b instanceof Kpi y) {
            return Kpi.of(x.numerator() + y.numerator(), x.denominator() + y.denominator(),
                    x.provisional() || y.provisional());
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() + y.longValue();
        }
        return b;
    }
}
