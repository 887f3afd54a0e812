package cn.hotline12333.stats;

import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The statistics engine's face: every report the API and the exports serve, read from the 15-minute buckets the
 * consumers keep in Redis (docs/kpi.md defines each figure). Each report is a {@link ReportTable} whose KPI cells
 * are {@link Kpi}s and whose {@code meta} states zone, range, interval, thresholds and source. Every method blocks
 * on Redis: call it from a bounded executor, never from a Netty event loop. Thread-safe.
 */
public final class Statistics {
    private final Redis redis;
    private final StatsSettings settings;
    private final Clock clock;
    private final QueueReport queues;
    private final AgentReports agents;
    private final CallReports calls;
    private final CallerReports callers;

    public Statistics(Redis redis, StatsSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.queues = new QueueReport(settings);
        this.agents = new AgentReports(settings);
        this.calls = new CallReports(settings);
        this.callers = new CallerReports(settings);
    }

    public StatsSettings settings() {
        return settings;
    }

    private Aggregates store() {
        return new Aggregates(redis.jedis());
    }

    private Instant now() {
        return clock.instant();
    }

    /** Per interval and queue: O, B, A, A≤T, Ab, Ab≤S, X, service level (and Asterisk's two variants), answer rate, ASA with median/p90/max, abandon rate, AHT, transfer rate. */
    public ReportTable queues(ReportQuery q) {
        return queues.build(store(), q, now());
    }

    /** Per interval and agent: answered, handled, talk/hold/wrap-up, AHT, transfer and resolved rates, time per state, occupancy, CSAT. */
    public ReportTable agents(ReportQuery q) {
        return agents.agents(store(), q, now(), "agents");
    }

    /** Per interval and agent: time in each state, and not-ready time by reason. */
    public ReportTable agentStates(ReportQuery q) {
        return agents.states(store(), q, now());
    }

    /** Per interval and topic: calls, main outcomes, stint counts and service level (queue filter applies). */
    public ReportTable topics(ReportQuery q) {
        return calls.topics(store(), q, now());
    }

    /** Per interval and flow node: entries, exits by kind, mean time at the node. */
    public ReportTable ivrFunnel(ReportQuery q) {
        return calls.ivrFunnel(store(), q, now());
    }

    /** Per interval: calls by outcome and the caller-view KPIs (接通率 per call, self-service, deflection, FCR, CSAT). With {@code entries}: calls and outcomes per dialled number. */
    public ReportTable outcomes(ReportQuery q) {
        Aggregates store = store();
        long[][] fcr = q.entries().isEmpty() ? callers.fcr(store, new Rows(q)) : new long[new Rows(q).size()][2];
        return calls.outcomes(store, q, now(), fcr);
    }

    /** Per interval: surveys offered, responses, scores 1–5, CSAT and response rate, overall ({@code *}) and per last agent. */
    public ReportTable satisfaction(ReportQuery q) {
        return calls.satisfaction(store(), q, now());
    }

    /** Calls per local weekday (1 = Monday) and hour over the range. */
    public ReportTable heatmap(ReportQuery q) {
        return calls.heatmap(store(), q);
    }

    /** Callers (by anonymous key) with two or more calls in the range, most calls first, at most 500. */
    public ReportTable repeatCallers(ReportQuery q) {
        return callers.repeatCallers(store(), q);
    }

    /** An agent's own figures today (local day in {@code zone}), as one row of the agent report. */
    public ReportTable me(String agent, ZoneId zone) {
        ZonedDateTime start = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone);
        ReportQuery q = new ReportQuery(start, start.toLocalDate().plusDays(1).atStartOfDay(zone), Interval.DAY,
                List.of(), List.of(agent), List.of(), List.of(), null, null);
        return agents.agents(store(), q, now(), "me");
    }

    public ReportTable me(String agent) {
        return me(agent, settings.zone());
    }

    /** 按时办结率 and friends: empty until work orders exist (the columns are already the final ones). */
    public ReportTable workOrders(ReportQuery q) {
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").count("due", "到期工单")
                .count("closed_on_time", "按时办结").count("overdue", "超期").kpi("on_time_rate", "按时办结率").list();
        Map<String, Object> meta = new java.util.LinkedHashMap<>(Reports.meta(q, "work-orders", settings));
        meta.put("note", "no work orders are recorded yet");
        return new ReportTable("work-orders", columns, List.of(), meta);
    }

    /** Per stream: consumer group lag, pending entries, last applied record, quarantined count; recent quarantined records in meta. */
    public ReportTable health() {
        return new Health(redis.jedis(), clock).table();
    }
}
