package cn.hotline12333.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures that follow one caller across calls, by the keyed hash of the number (never the number): FCR and
 * repeat callers. Each UTC day keeps, per caller, the start second of every call and whether it reached an agent.
 */
final class CallerReports {
    static final int MAX_ROWS = 500;

    private final StatsSettings settings;

    CallerReports(StatsSettings settings) {
        this.settings = settings;
    }

    private static Map<String, List<Long>> read(BucketSource store, LocalDate first, LocalDate last) {
        Map<String, List<Long>> all = new HashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            store.callers(d).forEach((caller, calls) -> all.computeIfAbsent(caller, c -> new ArrayList<>()).addAll(calls));
        }
        all.values().forEach(calls -> calls.sort(Comparator.naturalOrder()));
        return all;
    }

    /**
     * Per row: {first-contact-resolved, answered calls with a known number}. An answered call is resolved when the
     * same caller has no later call reaching an agent within the FCR window (work orders join this once they exist).
     */
    long[][] fcr(BucketSource store, Rows rows) {
        long[][] out = new long[rows.size()][2];
        if (rows.endBucket <= rows.firstBucket) {
            return out;
        }
        LocalDate first = Buckets.day(rows.firstBucket);
        LocalDate last = Buckets.day(rows.endBucket - 1).plusDays(settings.fcrDays() + 1L);
        long window = settings.fcrDays() * 86_400L;
        for (List<Long> calls : read(store, first, last).values()) {
            for (int i = 0; i < calls.size(); i++) {
                long v = calls.get(i);
                if ((v & 1) == 0) {
                    continue;
                }
                int row = rows.row(Math.floorDiv(v / 2, Buckets.SECONDS));
                if (row < 0) {
                    continue;
                }
                out[row][1]++;
                boolean repeated = false;
                for (int j = i + 1; j < calls.size() && calls.get(j) / 2 - v / 2 <= window; j++) {
                    if ((calls.get(j) & 1) == 1) {
                        repeated = true;
                        break;
                    }
                }
                if (!repeated) {
                    out[row][0]++;
                }
            }
        }
        return out;
    }

    ReportTable repeatCallers(BucketSource store, ReportQuery q) {
        Rows rows = new Rows(q);
        List<List<Object>> out = new ArrayList<>();
        if (rows.endBucket > rows.firstBucket) {
            Map<String, List<Long>> callers = read(store, Buckets.day(rows.firstBucket), Buckets.day(rows.endBucket - 1));
            Instant from = q.from().toInstant();
            Instant to = q.to().toInstant();
            for (Map.Entry<String, List<Long>> e : callers.entrySet()) {
                List<Long> inRange = new ArrayList<>();
                for (long v : e.getValue()) {
                    Instant t = Instant.ofEpochSecond(v / 2);
                    if (!t.isBefore(from) && t.isBefore(to)) {
                        inRange.add(v);
                    }
                }
                if (inRange.size() >= 2) {
                    long reached = inRange.stream().filter(v -> (v & 1) == 1).count();
                    out.add(List.of(e.getKey(), (long) inRange.size(), reached,
                            Instant.ofEpochSecond(inRange.get(0) / 2).atZone(q.from().getZone()),
                            Instant.ofEpochSecond(inRange.get(inRange.size() - 1) / 2).atZone(q.from().getZone())));
                }
            }
        }
        out.sort(Comparator.<List<Object>, Long>comparing(r -> (Long) r.get(1)).reversed()
                .thenComparing(r -> (String) r.get(0)));
        List<List<Object>> limited = out.size() > MAX_ROWS ? out.subList(0, MAX_ROWS) : out;
        List<ReportTable.Column> columns = new Columns().text("caller", "来电人(匿名)").count("calls", "来电次数")
                .count("reached_agent", "人工接通次数").time("first_call", "首次来电").time("last_call", "末次来电").list();
        Map<String, Object> meta = Reports.meta(q, "repeat-callers", settings);
        meta.put("callers_with_repeats", out.size());
        meta.put("row_limit", MAX_ROWS);
        return new ReportTable("repeat-callers", columns, new ArrayList<>(limited), meta);
    }
}
