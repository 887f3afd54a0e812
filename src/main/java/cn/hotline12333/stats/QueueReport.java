package cn.hotline12333.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue report: per row and queue the stint counts O, B, A, A≤T, Ab, Ab≤S, X and the KPIs of docs/kpi.md.
 * A≤T, Ab≤S and the wait percentiles come from the wait histograms, so any T and S answer without re-reading
 * calls. With more than one queue, each row also gets a total under the queue name {@value #ALL}.
 */
final class QueueReport {
    static final String ALL = "*";

    private final StatsSettings settings;

    QueueReport(StatsSettings settings) {
        this.settings = settings;
    }

    ReportTable build(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            tallies.add(new TreeMap<>());
        }
        java.util.function.Predicate<String> keep = queue -> q.queues().isEmpty() || q.queues().contains(queue);
        store.hashes("q", "iq", rows.firstBucket, rows.endBucket, keep, (bucket, queue, fields) -> {
            int row = rows.row(bucket);
            if (row >= 0) {
                tallies.get(row).computeIfAbsent(queue, k -> new Tally()).add(fields);
            }
        });
        for (String kind : new String[] {"hw", "ha"}) {
            store.histograms(kind, rows.firstBucket, rows.endBucket, keep, (bucket, queue, bins) -> {
                int row = rows.row(bucket);
                if (row >= 0) {
                    Tally t = tallies.get(row).computeIfAbsent(queue, k -> new Tally());
                    Tally.addHistogram(kind.equals("hw") ? t.answeredWaits : t.abandonWaits, bins);
                }
            });
        }
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            long[] total = new long[4];
            Tally all = new Tally();
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                StatsSettings.Thresholds th = thresholds(q, e.getKey(), rows.starts.get(row).toInstant());
                out.add(row(rows.starts.get(row), e.getKey(), e.getValue(), th, provisional, null));
                long[] w = within(e.getValue(), th);
                for (int i = 0; i < 4; i++) {
                    total[i] += w[i];
                }
                all.add(e.getValue());
            }
            if (tallies.get(row).size() > 1) {
                out.add(row(rows.starts.get(row), ALL, all, thresholds(q, ALL, rows.starts.get(row).toInstant()), provisional, total));
            }
        }
        Map<String, Object> meta = Reports.meta(q, "queues", settings);
        meta.put("total_row_queue", ALL);
        return new ReportTable("queues", columns(), out, meta);
    }

    /** The query's T and S, else those in force for the queue when the row starts (stats.yaml's versions). */
    private StatsSettings.Thresholds thresholds(ReportQuery q, String queue, java.time.Instant rowStart) {
        StatsSettings.Thresholds configured = settings.thresholdsOf(queue, rowStart);
        int t = q.serviceLevelSeconds() != null ? q.serviceLevelSeconds() : configured.serviceLevelSeconds();
        int s = q.shortAbandonSeconds() != null ? q.shortAbandonSeconds() : configured.shortAbandonSeconds();
        return new StatsSettings.Thresholds(WaitHistogram.effective(t), WaitHistogram.effective(Math.min(s, t - 1)));
    }

    /** A≤T, Ab≤S, Ab≤T, and nothing, from the histograms. */
    private static long[] within(Tally t, StatsSettings.Thresholds th) {
        return new long[] {WaitHistogram.countWithin(t.answeredWaits, th.serviceLevelSeconds()),
                WaitHistogram.countWithin(t.abandonWaits, th.shortAbandonSeconds()),
                WaitHistogram.countWithin(t.abandonWaits, th.serviceLevelSeconds()), 0};
    }

    private static List<Object> row(Object start, String queue, Tally t, StatsSettings.Thresholds th,
                                    boolean provisional, long[] summed) {
        long[] w = summed != null ? summed : within(t, th);
        long aT = w[0], abS = w[1], abT = w[2];
        long o = t.get("o"), b = t.get("b"), a = t.get("a"), ab = t.get("ab");
        long x = t.get("xt") + t.get("xl") + t.get("xk") + t.get("xw");
        long h = t.get("h");
        List<Object> r = new ArrayList<>();
        r.add(start);
        r.add(queue);
        r.add(o);
        r.add(b);
        r.add(a);
        r.add(aT);
        r.add(ab);
        r.add(abS);
        r.add(x);
        r.add(t.get("xt"));
        r.add(Kpi.of(aT, o - abS, provisional));
        r.add(Kpi.of(aT, a, provisional));
        r.add(Kpi.of(aT + abT, a + ab, provisional));
        r.add(Kpi.of(a, o + b - abS, provisional));
        r.add(Kpi.of(t.get("w"), a, provisional));
        r.add(WaitHistogram.quantileMs(t.answeredWaits, 0.5));
        r.add(WaitHistogram.quantileMs(t.answeredWaits, 0.9));
        r.add(a == 0 ? null : t.get("wm"));
        r.add(Kpi.of(ab - abS, o - abS, provisional));
        r.add(Kpi.of(ab, o, provisional));
        r.add(Kpi.of(t.get("aw"), ab, provisional));
        r.add(h);
        r.add(Kpi.of(t.get("ht") + t.get("wu"), h, provisional));
        r.add(Kpi.of(t.get("tr"), h, provisional));
        return r;
    }

    static List<ReportTable.Column> columns() {
        return new Columns().time("interval", "时段").text("queue", "队列")
                .count("offered", "进线量").count("blocked", "拒绝进队").count("answered", "接通量")
                .count("answered_within", "T内接通").count("abandoned", "放弃量").count("short_abandoned", "短时放弃")
                .count("other_exits", "其他离队").count("timeouts", "排队超时")
                .kpi("service_level", "服务水平").kpi("service_level_of_answered", "服务水平(接通口径)")
                .kpi("service_level_asterisk2", "服务水平(含T内放弃)").kpi("answer_rate", "接通率")
                .kpi("asa_ms", "平均应答速度").ms("wait_p50_ms", "等待中位数").ms("wait_p90_ms", "等待P90")
                .ms("wait_max_ms", "最长等待").kpi("abandon_rate", "放弃率").kpi("abandon_rate_raw", "放弃率(原始)")
                .kpi("time_to_abandon_ms", "平均放弃前等待").count("handled", "处理量").kpi("aht_ms", "平均处理时长")
                .kpi("transfer_rate", "转接率").list();
    }
}
