package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plain way to the same figures: straight from the raw records, with no buckets, no Redis and no
 * contributions. Rows are found by comparing each record's time with the row's local start and end; agent time is
 * the overlap of a segment with the row. The property test holds the engine to it.
 */
final class Reference {
    private final StatsSettings settings;
    private final List<CallRecord> calls;
    private final Collection<HandlingRecord> handling;
    private final List<AgentStateSegment> states;

    Reference(StatsSettings settings, List<CallRecord> calls, List<HandlingRecord> allRevisions,
              List<AgentStateSegment> states) {
        this.settings = settings;
        this.calls = dedupe(calls, CallRecord::callId);
        Map<String, HandlingRecord> latest = new HashMap<>();
        for (HandlingRecord h : allRevisions) {
            latest.merge(h.handlingId(), h, (a, b) -> a.revision() >= b.revision() ? a : b);
        }
        this.handling = latest.values();
        this.states = dedupe(states, AgentStateSegment::segmentId);
    }

    private static <T> List<T> dedupe(List<T> records, java.util.function.Function<T, String> id) {
        Map<String, T> seen = new java.util.LinkedHashMap<>();
        records.forEach(r -> seen.putIfAbsent(id.apply(r), r));
        return new ArrayList<>(seen.values());
    }

    /** Row starts and ends of the query, by plain local-time stepping. */
    static List<ZonedDateTime[]> rows(ReportQuery q) {
        List<ZonedDateTime[]> rows = new ArrayList<>();
        ZonedDateTime from = q.from();
        ZonedDateTime s = switch (q.interval()) {
            case M15 -> from.withMinute(from.getMinute() - from.getMinute() % 15).withSecond(0).withNano(0);
            case M30 -> from.withMinute(from.getMinute() - from.getMinute() % 30).withSecond(0).withNano(0);
            case H1 -> from.withMinute(0).withSecond(0).withNano(0);
            case DAY -> from.toLocalDate().atStartOfDay(from.getZone());
            case WEEK -> from.toLocalDate().minusDays(from.getDayOfWeek().getValue() - 1L).atStartOfDay(from.getZone());
            case MONTH -> from.toLocalDate().withDayOfMonth(1).atStartOfDay(from.getZone());
        };
        while (s.isBefore(q.to())) {
            ZonedDateTime e = switch (q.interval()) {
                case M15 -> s.plus(Duration.ofMinutes(15));
                case M30 -> s.plus(Duration.ofMinutes(30));
                case H1 -> s.plus(Duration.ofHours(1));
                case DAY -> s.toLocalDate().plusDays(1).atStartOfDay(s.getZone());
                case WEEK -> s.toLocalDate().plusDays(7).atStartOfDay(s.getZone());
                case MONTH -> s.toLocalDate().plusMonths(1).atStartOfDay(s.getZone());
            };
            rows.add(new ZonedDateTime[] {s, e});
            s = e;
        }
        return rows;
    }

    private static int row(List<ZonedDateTime[]> rows, ReportQuery q, Instant t) {
        if (t.isBefore(q.from().toInstant()) || !t.isBefore(q.to().toInstant())) {
            return -1;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!t.isBefore(rows.get(i)[0].toInstant()) && t.isBefore(rows.get(i)[1].toInstant())) {
                return i;
            }
        }
        return -1;
    }

    private static final class QueueCell {
        long o, b, a, aT, ab, abS, abT, x, xt, w, wm = -1, aw, h, ht, wu, tr;
        final List<Long> waits = new ArrayList<>();

        void add(QueueCell c) {
            o += c.o; b += c.b; a += c.a; aT += c.aT; ab += c.ab; abS += c.abS; abT += c.abT; x += c.x; xt += c.xt;
            w += c.w; wm = Math.max(wm, c.wm); aw += c.aw; h += c.h; ht += c.ht; wu += c.wu; tr += c.tr;
            waits.addAll(c.waits);
        }
    }

    private int[] thresholds(ReportQuery q, String queue) {
        StatsSettings.Thresholds c = settings.thresholdsOf(queue);
        int t = q.serviceLevelSeconds() != null ? q.serviceLevelSeconds() : c.serviceLevelSeconds();
        int s = q.shortAbandonSeconds() != null ? q.shortAbandonSeconds() : c.shortAbandonSeconds();
        return new int[] {t, s};
    }

    List<List<Object>> queues(ReportQuery q) {
        List<ZonedDateTime[]> rows = rows(q);
        List<Map<String, QueueCell>> cells = new ArrayList<>();
        rows.forEach(r -> cells.add(new TreeMap<>()));
        for (CallRecord c : calls) {
            for (QueueStint s : c.queueStints()) {
                int row = row(rows, q, s.enteredAt().toInstant());
                if (row < 0 || !(q.queues().isEmpty() || q.queues().contains(s.queue()))) {
                    continue;
                }
                int[] th = thresholds(q, s.queue());
                QueueCell cell = cells.get(row).computeIfAbsent(s.queue(), k -> new QueueCell());
                long wait = s.waitMs();
                switch (s.result()) {
                    case JOINEMPTY, JOINUNAVAIL, FULL, UNKNOWN -> cell.b++;
                    case ANSWERED -> {
                        cell.o++; cell.a++; cell.w += wait; cell.wm = Math.max(cell.wm, wait); cell.waits.add(wait);
                        if (wait <= th[0] * 1000L) {
                            cell.aT++;
                        }
                    }
                    case ABANDONED -> {
                        cell.o++; cell.ab++; cell.aw += wait;
                        if (wait <= th[1] * 1000L) {
                            cell.abS++;
                        }
                        if (wait <= th[0] * 1000L) {
                            cell.abT++;
                        }
                    }
                    default -> {
                        cell.o++; cell.x++;
                        if (s.result() == StintResult.TIMEOUT) {
                            cell.xt++;
                        }
                    }
                }
            }
        }
        for (HandlingRecord h : handling) {
            if (h.answeredAt() == null || h.queue() == null) {
                continue;
            }
            int row = row(rows, q, h.answeredAt().toInstant());
            if (row < 0 || !(q.queues().isEmpty() || q.queues().contains(h.queue()))) {
                continue;
            }
            QueueCell cell = cells.get(row).computeIfAbsent(h.queue(), k -> new QueueCell());
            cell.h++; cell.ht += h.talkMs(); cell.wu += h.wrapupMs();
            cell.tr += h.transferredTo() != null || h.resolution() == HandlingRecord.Resolution.TRANSFERRED ? 1 : 0;
        }
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            QueueCell all = new QueueCell();
            for (Map.Entry<String, QueueCell> e : cells.get(row).entrySet()) {
                out.add(queueRow(rows.get(row)[0], e.getKey(), e.getValue()));
                all.add(e.getValue());
            }
            if (cells.get(row).size() > 1) {
                out.add(queueRow(rows.get(row)[0], "*", all));
            }
        }
        return out;
    }

    private static Long quantile(List<Long> waits, double p) {
        if (waits.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(waits);
        sorted.sort(null);
        int rank = (int) Math.max(1, Math.ceil(p * sorted.size()));
        return WaitHistogram.upperMs(WaitHistogram.bin(sorted.get(rank - 1)));
    }

    private static List<Object> queueRow(ZonedDateTime start, String queue, QueueCell c) {
        List<Object> r = new ArrayList<>(List.of(start, queue, c.o, c.b, c.a, c.aT, c.ab, c.abS, c.x, c.xt,
                Kpi.of(c.aT, c.o - c.abS, false), Kpi.of(c.aT, c.a, false), Kpi.of(c.aT + c.abT, c.a + c.ab, false),
                Kpi.of(c.a, c.o + c.b - c.abS, false), Kpi.of(c.w, c.a, false)));
        r.add(quantile(c.waits, 0.5));
        r.add(quantile(c.waits, 0.9));
        r.add(c.a == 0 ? null : c.wm);
        r.add(Kpi.of(c.ab - c.abS, c.o - c.abS, false));
        r.add(Kpi.of(c.ab, c.o, false));
        r.add(Kpi.of(c.aw, c.ab, false));
        r.add(c.h);
        r.add(Kpi.of(c.ht + c.wu, c.h, false));
        r.add(Kpi.of(c.tr, c.h, false));
        return r;
    }

    List<List<Object>> agents(ReportQuery q) {
        List<ZonedDateTime[]> rows = rows(q);
        List<Map<String, Map<String, Long>>> cells = new ArrayList<>();
        rows.forEach(r -> cells.add(new TreeMap<>()));
        java.util.function.BiFunction<Integer, String, Map<String, Long>> cell = (row, agent) ->
                cells.get(row).computeIfAbsent(agent, k -> new HashMap<>());
        for (CallRecord c : calls) {
            String last = null;
            for (QueueStint s : c.queueStints()) {
                if (s.result() == StintResult.ANSWERED && s.agent() != null) {
                    last = s.agent();
                    int row = row(rows, q, s.enteredAt().toInstant());
                    if (row >= 0 && keep(q, s.agent())) {
                        cell.apply(row, s.agent()).merge("ans", 1L, Long::sum);
                    }
                }
            }
            int row = row(rows, q, c.startedAt().toInstant());
            if (last != null && row >= 0 && keep(q, last) && c.survey().offered()) {
                Map<String, Long> m = cell.apply(row, last);
                m.merge("so", 1L, Long::sum);
                if (c.survey().score() != null) {
                    m.merge("sr", 1L, Long::sum);
                    m.merge("sat", c.survey().score() >= 4 ? 1L : 0L, Long::sum);
                }
            }
        }
        for (HandlingRecord h : handling) {
            int row = row(rows, q, (h.answeredAt() != null ? h.answeredAt() : h.offeredAt()).toInstant());
            if (row < 0 || !keep(q, h.agent())) {
                continue;
            }
            Map<String, Long> m = cell.apply(row, h.agent());
            m.merge("rna", (long) h.ringNoAnswer(), Long::sum);
            if (h.answeredAt() == null) {
                continue;
            }
            m.merge("h", 1L, Long::sum);
            m.merge("ht", h.talkMs(), Long::sum);
            m.merge("hd", h.holdMs(), Long::sum);
            m.merge("wu", h.wrapupMs(), Long::sum);
            m.merge("tr", h.transferredTo() != null || h.resolution() == HandlingRecord.Resolution.TRANSFERRED ? 1L : 0L, Long::sum);
            m.merge("rs", h.resolution() == HandlingRecord.Resolution.ANSWERED ? 1L : 0L, Long::sum);
        }
        for (AgentStateSegment s : states) {
            if (!keep(q, s.agent())) {
                continue;
            }
            for (int row = 0; row < rows.size(); row++) {
                Instant lo = max(max(s.from().toInstant(), rows.get(row)[0].toInstant()), q.from().toInstant());
                Instant hi = min(min(s.to().toInstant(), rows.get(row)[1].toInstant()), q.to().toInstant());
                long ms = Duration.between(lo, hi).toMillis();
                if (ms > 0) {
                    cell.apply(row, s.agent()).merge(s.state().name().toLowerCase(Locale.ROOT), ms, Long::sum);
                }
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            for (Map.Entry<String, Map<String, Long>> e : cells.get(row).entrySet()) {
                Map<String, Long> m = e.getValue();
                java.util.function.Function<String, Long> g = k -> m.getOrDefault(k, 0L);
                long handlingMs = g.apply("on_call") + g.apply("wrap_up");
                out.add(new ArrayList<>(List.of(rows.get(row)[0], e.getKey(), g.apply("ans"), g.apply("h"), g.apply("ht"),
                        g.apply("hd"), g.apply("wu"), Kpi.of(g.apply("ht") + g.apply("wu"), g.apply("h"), false),
                        Kpi.of(g.apply("tr"), g.apply("h"), false), Kpi.of(g.apply("rs"), g.apply("h"), false),
                        g.apply("rna"), g.apply("ready"), g.apply("ringing"), g.apply("on_call"), g.apply("wrap_up"),
                        g.apply("not_ready"),
                        Kpi.of(handlingMs, handlingMs + g.apply("ready") + g.apply("ringing"), false),
                        g.apply("so"), g.apply("sr"), Kpi.of(g.apply("sat"), g.apply("sr"), false))));
            }
        }
        return out;
    }

    private static boolean keep(ReportQuery q, String agent) {
        return q.agents().isEmpty() || q.agents().contains(agent);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static boolean reached(CallRecord c) {
        return c.queueStints().stream().anyMatch(s -> s.result() == StintResult.ANSWERED);
    }

    List<List<Object>> outcomes(ReportQuery q) {
        List<ZonedDateTime[]> rows = rows(q);
        long window = settings.fcrDays() * 86_400L;
        Map<String, List<CallRecord>> byCaller = new HashMap<>();
        for (CallRecord c : calls) {
            if (c.callerHash() != null && reached(c)) {
                byCaller.computeIfAbsent(c.callerHash(), k -> new ArrayList<>()).add(c);
            }
        }
        byCaller.values().forEach(l -> l.sort(Comparator.comparing((CallRecord c) -> c.startedAt().toEpochSecond())
                .thenComparing(CallRecord::callId)));
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            Map<String, Long> m = new HashMap<>();
            long fcrNum = 0;
            long fcrDen = 0;
            for (CallRecord c : calls) {
                if (row(rows, q, c.startedAt().toInstant()) != row) {
                    continue;
                }
                m.merge("c", 1L, Long::sum);
                m.merge(c.outcome().wireName(), 1L, Long::sum);
                if (!c.queueStints().isEmpty()) {
                    m.merge("ask", 1L, Long::sum);
                    QueueStint only = c.queueStints().get(0);
                    if (c.queueStints().size() == 1 && only.result() == StintResult.ABANDONED
                            && only.waitMs() <= settings.thresholdsOf(only.queue()).shortAbandonSeconds() * 1000L) {
                        m.merge("sab", 1L, Long::sum);
                    }
                    if (reached(c)) {
                        m.merge("ag", 1L, Long::sum);
                    }
                } else if (c.outcome() == Outcome.CALLER_HUNG_UP && c.durationMs() <= settings.shortIvrSeconds() * 1000L) {
                    m.merge("ivs", 1L, Long::sum);
                }
                if (c.survey().offered()) {
                    m.merge("so", 1L, Long::sum);
                    if (c.survey().score() != null) {
                        m.merge("sr", 1L, Long::sum);
                        m.merge("sat", c.survey().score() >= 4 ? 1L : 0L, Long::sum);
                    }
                }
                if (c.callerHash() != null && reached(c)) {
                    fcrDen++;
                    List<CallRecord> mine = byCaller.get(c.callerHash());
                    int i = mine.indexOf(c);
                    boolean repeated = i + 1 < mine.size()
                            && mine.get(i + 1).startedAt().toEpochSecond() - c.startedAt().toEpochSecond() <= window;
                    if (!repeated) {
                        fcrNum++;
                    }
                }
            }
            java.util.function.Function<String, Long> g = k -> m.getOrDefault(k, 0L);
            List<Object> r = new ArrayList<>(List.of(rows.get(row)[0], "*", g.apply("c")));
            for (Outcome o : Outcome.values()) {
                r.add(g.apply(o.wireName()));
            }
            long base = g.apply("c") - g.apply("ivs") - g.apply("error");
            r.addAll(List.of(g.apply("ask"), g.apply("sab"), g.apply("ag"), Kpi.of(g.apply("ag"), g.apply("ask") - g.apply("sab"), false),
                    g.apply("ivs"), Kpi.of(g.apply("self_service"), base, false),
                    Kpi.of(g.apply("message_left") + g.apply("callback_requested"), base, false),
                    Kpi.of(g.apply("caller_hung_up") - g.apply("ivs"), base, false), Kpi.of(fcrNum, fcrDen, false),
                    g.apply("so"), g.apply("sr"), Kpi.of(g.apply("sat"), g.apply("sr"), false),
                    Kpi.of(g.apply("sr"), g.apply("so"), false)));
            out.add(r);
        }
        return out;
    }

    List<List<Object>> ivrFunnel(ReportQuery q) {
        List<ZonedDateTime[]> rows = rows(q);
        List<Map<String, Map<String, Long>>> cells = new ArrayList<>();
        rows.forEach(r -> cells.add(new TreeMap<>()));
        for (CallRecord c : calls) {
            for (int i = 0; i < c.path().size(); i++) {
                CallRecord.Visit v = c.path().get(i);
                int row = row(rows, q, v.at().toInstant());
                if (row < 0) {
                    continue;
                }
                Instant left = i + 1 < c.path().size() ? c.path().get(i + 1).at().toInstant() : c.endedAt().toInstant();
                Map<String, Long> m = cells.get(row).computeIfAbsent(v.flow() + "/" + v.node(), k -> new HashMap<>());
                m.merge("n", 1L, Long::sum);
                m.merge(v.exit() == null ? "none" : v.exit().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
                m.merge("ms", Math.max(0, Duration.between(v.at().toInstant(), left).toMillis()), Long::sum);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            for (Map.Entry<String, Map<String, Long>> e : cells.get(row).entrySet()) {
                Map<String, Long> m = e.getValue();
                List<Object> r = new ArrayList<>(List.of(rows.get(row)[0], e.getKey(), m.get("n")));
                for (CallRecord.Exit x : CallRecord.Exit.values()) {
                    r.add(m.getOrDefault(x.name().toLowerCase(Locale.ROOT), 0L));
                }
                r.add(m.getOrDefault("none", 0L));
                r.add(Kpi.of(m.get("ms"), m.get("n"), false));
                out.add(r);
            }
        }
        return out;
    }

    List<List<Object>> topics(ReportQuery q) {
        List<ZonedDateTime[]> rows = rows(q);
        List<Map<String, long[]>> cells = new ArrayList<>();
        rows.forEach(r -> cells.add(new TreeMap<>()));
        // 0 calls, 1 self_service, 2 agent_answered, 3 queue_abandoned, 4 o, 5 b, 6 a, 7 at, 8 ab, 9 as, 10 w
        for (CallRecord c : calls) {
            for (String topic : new LinkedHashSet<>(c.topics())) {
                if (!(q.topics().isEmpty() || q.topics().contains(topic))) {
                    continue;
                }
                int row = row(rows, q, c.startedAt().toInstant());
                if (row >= 0) {
                    long[] v = cells.get(row).computeIfAbsent(topic, k -> new long[11]);
                    v[0]++;
                    v[1] += c.outcome() == Outcome.SELF_SERVICE ? 1 : 0;
                    v[2] += c.outcome() == Outcome.AGENT_ANSWERED ? 1 : 0;
                    v[3] += c.outcome() == Outcome.QUEUE_ABANDONED ? 1 : 0;
                }
                for (QueueStint s : c.queueStints()) {
                    int srow = row(rows, q, s.enteredAt().toInstant());
                    if (srow < 0 || !(q.queues().isEmpty() || q.queues().contains(s.queue()))) {
                        continue;
                    }
                    StatsSettings.Thresholds th = settings.thresholdsOf(s.queue());
                    long[] v = cells.get(srow).computeIfAbsent(topic, k -> new long[11]);
                    if (s.result().blocked()) {
                        v[5]++;
                        continue;
                    }
                    v[4]++;
                    if (s.result() == StintResult.ANSWERED) {
                        v[6]++;
                        v[10] += s.waitMs();
                        v[7] += s.waitMs() <= th.serviceLevelSeconds() * 1000L ? 1 : 0;
                    } else if (s.result() == StintResult.ABANDONED) {
                        v[8]++;
                        v[9] += s.waitMs() <= th.shortAbandonSeconds() * 1000L ? 1 : 0;
                    }
                }
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            for (Map.Entry<String, long[]> e : cells.get(row).entrySet()) {
                long[] v = e.getValue();
                out.add(List.of(rows.get(row)[0], e.getKey(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                        Kpi.of(v[7], v[4] - v[9], false), Kpi.of(v[10], v[6], false)));
            }
        }
        return out;
    }
}
