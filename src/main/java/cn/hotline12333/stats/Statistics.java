package cn.hotline12333.stats;

import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The statistics engine's face: every report the API and the exports serve, read from the 15-minute buckets the
 * consumers keep in Redis (docs/kpi.md defines each figure). Each report is a {@link ReportTable} whose KPI cells
 * are {@link Kpi}s and whose {@code meta} states zone, range, interval, thresholds and source. Every method blocks
 * on Redis: call it from a bounded executor, never from a Netty event loop. Thread-safe.
 */
public final class Statistics {
    private final List<Path> logDirs;
    private final Redis redis;
    private final StatsSettings settings;
    private final Clock clock;
    private final QueueReport queues;
    private final AgentReports agents;
    private final CallReports calls;
    private final CallerReports callers;

    public Statistics(Redis redis, StatsSettings settings, Clock clock) {
        this(redis, settings, clock, List.of());
    }

    /**
     * With {@code logDirs} (the JSONL directories, HOTLINE_LOG_DIR), a report on days that are over is computed
     * from the files when Redis cannot be reached; its meta then says {@code source: files}. A report that
     * reaches into today still fails then (JedisException), as the files of today are incomplete.
     */
    public Statistics(Redis redis, StatsSettings settings, Clock clock, List<Path> logDirs) {
        this.logDirs = List.copyOf(logDirs);
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

    /**
     * The 15-minute buckets, or for a daily, weekly or monthly report in the configured zone that reaches back past
     * the buckets kept, the daily roll-ups before the first whole local day still in buckets.
     */
    private BucketSource source(ReportQuery q) {
        Aggregates buckets = store();
        if (!(q.interval() == Interval.DAY || q.interval() == Interval.WEEK || q.interval() == Interval.MONTH)
                || !q.from().getZone().equals(settings.zone())) {
            return buckets;
        }
        LocalDate oldestKept = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
                .minusDays(settings.bucketDays());
        Rollups rollups = new Rollups(redis.jedis(), settings.zone());
        long cut = rollups.bucketOf(Retention.firstWholeLocalDay(oldestKept, settings.zone()));
        return new Rows(q).firstBucket < cut ? new SplitSource(rollups, buckets, cut) : buckets;
    }

    private ReportTable read(ReportQuery q, int daysAfter, Function<BucketSource, ReportTable> report) {
        try {
            return report.apply(source(q));
        } catch (JedisException e) {
            ZonedDateTime today = LocalDate.now(clock.withZone(q.to().getZone())).atStartOfDay(q.to().getZone());
            Rows rows = new Rows(q);
            if (logDirs.isEmpty() || q.to().isAfter(today) || rows.endBucket <= rows.firstBucket) {
                throw e;
            }
            Set<LocalDate> days = new TreeSet<>(rows.days());
            for (int i = 1; i <= daysAfter; i++) {
                days.add(Buckets.day(rows.endBucket - 1).plusDays(i));
            }
            ReportTable t = report.apply(FileBuckets.read(logDirs, days, settings, now()));
            Map<String, Object> meta = new LinkedHashMap<>(t.meta());
            meta.put("source", "files");
            return new ReportTable(t.name(), t.columns(), t.rows(), meta);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    /** Per interval and queue: O, B, A, A≤T, Ab, Ab≤S, X, service level (and Asterisk's two variants), answer rate, ASA with median/p90/max, abandon rate, AHT, transfer rate. */
    public ReportTable queues(ReportQuery q) {
        return read(q, 0, store -> queues.build(store, q, now()));
    }

    /** Per interval and agent: answered, handled, talk/hold/wrap-up, AHT, transfer and resolved rates, time per state, occupancy, CSAT. */
    public ReportTable agents(ReportQuery q) {
        return read(q, 0, store -> agents.agents(store, q, now(), "agents"));
    }

    /** Per interval and agent: time in each state, and not-ready time by reason. */
    public ReportTable agentStates(ReportQuery q) {
        return read(q, 0, store -> agents.states(store, q, now()));
    }

    /** Per interval and topic: calls, main outcomes, stint counts and service level (queue filter applies). */
    public ReportTable topics(ReportQuery q) {
        return read(q, 0, store -> calls.topics(store, q, now()));
    }

    public ReportTable routing(ReportQuery q) {
        return read(q, 0, store -> calls.routing(store, q, now()));
    }

    /** Per interval and flow node: entries, exits by kind, mean time at the node. */
    public ReportTable ivrFunnel(ReportQuery q) {
        return read(q, 0, store -> calls.ivrFunnel(store, q, now()));
    }

    /** Per interval: calls by outcome and the caller-view KPIs (接通率 per call, self-service, deflection, FCR, CSAT). With {@code entries}: calls and outcomes per dialled number. */
    public ReportTable outcomes(ReportQuery q) {
        return read(q, settings.fcrDays() + 1, store -> {
            long[][] fcr = q.entries().isEmpty() ? callers.fcr(store, new Rows(q)) : new long[new Rows(q).size()][2];
            return calls.outcomes(store, q, now(), fcr);
        });
    }

    /** Per interval: surveys offered, responses, scores 1–5, CSAT and response rate, overall ({@code *}) and per last agent. */
    public ReportTable satisfaction(ReportQuery q) {
        return read(q, 0, store -> calls.satisfaction(store, q, now()));
    }

    /** Calls per local weekday (1 = Monday) and hour over the range. */
    public ReportTable heatmap(ReportQuery q) {
        return read(q, 0, store -> calls.heatmap(store, q));
    }

    /** Callers (by anonymous key) with two or more calls in the range, most calls first, at most 500. */
    public ReportTable repeatCallers(ReportQuery q) {
        return read(q, 0, store -> callers.repeatCallers(store, q));
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

    /**
     * 按时办结率 and friends per interval, from the work-order and task records: orders whose deadline fell in the
     * interval, closed on time, closed late, still open and overdue, reopened, and tasks made and closed.
     */
    public ReportTable workOrders(ReportQuery q) {
        return new WorkOrderReport(settings).build(redis.jedis(), q, now());
    }

    /** Per stream: consumer group lag, pending entries, last applied record, quarantined count; recent quarantined records in meta. */
    public ReportTable health() {
        return new Health(redis.jedis(), clock).table();
    }
}
