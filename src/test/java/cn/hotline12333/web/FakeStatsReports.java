package cn.hotline12333.web;

import cn.hotline12333.stats.Kpi;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics engine's stand-in: fixed tables, the last query it was asked, and a call-detail table that
 * makes up as many rows as asked for, lazily. Some text cells carry what the engine must never let out
 * (unmasked mobiles, a citizen ID number, formula text) so that the tests see the web layer stop them.
 */
final class FakeStatsReports implements StatsReports {
    static final String LEAKY_MOBILE = "13812345678";
    static final String LEAKY_ID = "11010519550308001X";
    static final List<Column> QUEUE_COLUMNS = List.of(
            new Column("interval", "时段", Kind.TIME),
            new Column("queue", "队列", Kind.TEXT),
            new Column("offered", "呼入量", Kind.COUNT),
            new Column("asa_ms", "平均应答时长", Kind.DURATION_MS),
            new Column("service_level", "服务水平", Kind.KPI),
            new Column("abandon_rate", "放弃率", Kind.KPI));
    static final List<Column> CALL_COLUMNS = List.of(
            new Column("call_id", "通话编号", Kind.TEXT),
            new Column("started", "开始时间", Kind.TIME),
            new Column("caller", "来电号码", Kind.TEXT),
            new Column("outcome", "结果", Kind.TEXT),
            new Column("wait_ms", "等待", Kind.DURATION_MS));

    volatile ReportQuery lastQuery;
    /** Every queue report asked for, in order (the daily report also asks for the week before). */
    final List<ReportQuery> queueQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile String lastAgent;
    volatile CallSearch lastSearch;
    /** Rows of the call-detail export; when {@code pauseAfter} is set, rows stop there until {@code resume}. */
    volatile long callRows = 3;
    volatile long pauseAfter = -1;
    final CountDownLatch resume = new CountDownLatch(1);
    final AtomicLong rowsMade = new AtomicLong();

    @Override
    public List<String> queues() {
        return List.of("hotline-general", "hotline-pension", "labour-inspection");
    }

    ReportTable queueTable(String name, ReportQuery q) {
        lastQuery = q;
        // The week before the test day (asked for by the daily report's overlay) has its own rows: a week
        // earlier and 100 offered instead of 120, so the overlay is told apart from this week.
        boolean weekBefore = q.from().toLocalDate().equals(java.time.LocalDate.of(2026, 11, 16));
        Instant start = Instant.parse("2026-11-23T00:00:00Z").minus(java.time.Duration.ofDays(weekBefore ? 7 : 0));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of(start, "hotline-general", weekBefore ? 100L : 120L, 15_250L,
                Kpi.of(97, 118, false), Kpi.of(2, 118, false)));
        List<Object> empty = new ArrayList<>();
        empty.add(start.plusSeconds(900));
        empty.add("hotline-pension");
        empty.add(0L);
        empty.add(null);
        empty.add(Kpi.of(0, 0, false));
        empty.add(Kpi.of(0, 0, true));
        rows.add(empty);
        return new ReportTable(name, QUEUE_COLUMNS, rows, Map.of("zone", q.from().getZone().getId(),
                "from", q.from().toString(), "to", q.to().toString(), "thresholds", Map.of("sl_seconds", 20,
                        "short_abandon_seconds", 5), "source", "redis"));
    }

    @Override
    public ReportTable queues(ReportQuery q) {
        queueQueries.add(q);
        return queueTable("queues", q);
    }

    @Override
    public ReportTable agents(ReportQuery q) {
        lastQuery = q;
        return new ReportTable("agents", List.of(new Column("agent", "坐席", Kind.TEXT),
                new Column("handled", "接听量", Kind.COUNT), new Column("note", "备注", Kind.TEXT)),
                List.of(List.of("=HYPERLINK(\"http://evil\",\"x\")", 3L, "+1 回拨 " + LEAKY_MOBILE),
                        List.of("@SUM(A1)", 1L, "-2, \"quoted\"\r\nsecond line"),
                        List.of("\tTAB", 0L, "身份证 " + LEAKY_ID)),
                Map.of());
    }

    @Override
    public ReportTable agentStates(ReportQuery q) {
        return queueTable("agent-states", q);
    }

    @Override
    public ReportTable topics(ReportQuery q) {
        return queueTable("topics", q);
    }

    /** A 2 × 3 routing matrix: most pension calls were pension, one was wage arrears; one call of unknown topic. */
    @Override
    public ReportTable routing(ReportQuery q) {
        lastQuery = q;
        Instant day = Instant.parse("2026-11-22T16:00:00Z");
        return new ReportTable("routing", List.of(new Column("interval", "时段", Kind.TIME),
                new Column("ivr_topic", "IVR话题", Kind.TEXT), new Column("wrapup_topic", "小结话题", Kind.TEXT),
                new Column("handled", "处理量", Kind.COUNT)),
                List.of(List.of(day, "pension", "pension", 90L), List.of(day, "pension", "wage_arrears", 10L),
                        List.of(day, "card", "card", 40L), List.of(day, "-", "card", 5L)), Map.of());
    }

    /** Two intervals of three menu nodes: the funnel sums a node's entries over both. */
    @Override
    public ReportTable ivrFunnel(ReportQuery q) {
        lastQuery = q;
        Instant first = Instant.parse("2026-11-23T00:00:00Z");
        Instant second = Instant.parse("2026-11-23T00:15:00Z");
        return new ReportTable("ivr-funnel", List.of(new Column("interval", "时段", Kind.TIME),
                new Column("node", "节点", Kind.TEXT), new Column("entries", "进入", Kind.COUNT)),
                List.of(List.of(first, "main", 300L), List.of(first, "pension", 120L), List.of(first, "pension-query", 40L),
                        List.of(second, "main", 200L), List.of(second, "pension", 80L)), Map.of());
    }

    @Override
    public ReportTable outcomes(ReportQuery q) {
        return queueTable("outcomes", q);
    }

    /** 450 agents' satisfaction: more rows than the page's table shows at once. */
    @Override
    public ReportTable satisfaction(ReportQuery q) {
        lastQuery = q;
        List<List<Object>> rows = new ArrayList<>();
        for (long a = 1; a <= 450; a++) {
            rows.add(List.of(String.format("agent-%03d", a), a));
        }
        return new ReportTable("satisfaction", List.of(new Column("agent", "坐席", Kind.TEXT),
                new Column("responses", "评价数", Kind.COUNT)), rows, Map.of());
    }

    @Override
    public ReportTable abandoned(ReportQuery q) {
        lastQuery = q;
        return new ReportTable("abandoned", List.of(new Column("caller", "来电号码", Kind.TEXT),
                new Column("callback", "回拨状态", Kind.TEXT)),
                List.of(List.of(LEAKY_MOBILE, "待回拨"), List.of("+86" + "13987654321", "已回拨")), Map.of());
    }

    /** Calls per weekday (1 = Monday) and hour: cell value = weekday * 100 + hour, so every cell differs. */
    @Override
    public ReportTable heatmap(ReportQuery q) {
        lastQuery = q;
        List<Column> columns = new ArrayList<>(List.of(new Column("weekday", "星期", Kind.COUNT)));
        for (int h = 0; h < 24; h++) {
            columns.add(new Column(String.format("h%02d", h), h + "时", Kind.COUNT));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (long d = 1; d <= 7; d++) {
            List<Object> row = new ArrayList<>(List.of(d));
            for (long h = 0; h < 24; h++) {
                row.add(d * 100 + h);
            }
            rows.add(row);
        }
        return new ReportTable("heatmap", columns, rows, Map.of());
    }

    @Override
    public ReportTable repeatCallers(ReportQuery q) {
        return queueTable("repeat-callers", q);
    }

    @Override
    public ReportTable me(String agent, ReportQuery q) {
        lastAgent = agent;
        return queueTable("me", q);
    }

    @Override
    public ReportTable workOrders(ReportQuery q) {
        return queueTable("work-orders", q);
    }

    @Override
    public ReportTable health() {
        return new ReportTable("health", List.of(new Column("stream", "流", Kind.TEXT),
                new Column("lag", "积压", Kind.COUNT)), List.of(List.of("calls", 0L)), Map.of());
    }

    @Override
    public ReportTable calls(CallSearch search) {
        lastSearch = search;
        long total = search.paged() ? Math.min(search.size(), callRows) : callRows;
        Iterable<List<Object>> rows = () -> new Iterator<>() {
            long made;

            @Override
            public boolean hasNext() {
                return made < total;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (made == pauseAfter) {
                    await();
                }
                made++;
                rowsMade.incrementAndGet();
                return List.of("1764000000." + made, 1_764_000_000_000L + made * 1000, "1" + (3_800_000_000L + made),
                        "agent_answered", made * 10);
            }
        };
        return new ReportTable("calls", CALL_COLUMNS, rows, Map.of("total", total));
    }

    private void await() {
        try {
            resume.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<CallDetail> call(String callId) {
        if (!callId.equals("1764000000.1")) {
            return Optional.empty();
        }
        ReportTable path = new ReportTable("path", List.of(new Column("node", "节点", Kind.TEXT),
                new Column("exit", "离开方式", Kind.TEXT)), List.of(List.of("main", "key"), List.of("pension", "queue")),
                Map.of());
        ReportTable stints = new ReportTable("stints", List.of(new Column("queue", "队列", Kind.TEXT),
                new Column("wait_ms", "等待", Kind.DURATION_MS), new Column("agent", "坐席", Kind.TEXT)),
                List.of(List.of("hotline-pension", 12_000L, "agent")), Map.of());
        return Optional.of(new CallDetail(Map.of("call_id", callId, "caller", LEAKY_MOBILE,
                "entered", "citizen " + LEAKY_ID), path, stints));
    }
}
