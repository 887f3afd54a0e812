package cn.hotline12333.stats;

import cn.hotline12333.store.Redis;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Recomputes one UTC day's buckets from the daily JSONL files ({@code cdr-}, {@code handling-},
 * {@code agent-states-YYYY-MM-DD.jsonl}; Beijing file days D-1 to D+2, since a record lies in the file of the day
 * it was saved). {@link #rebuild} builds a new generation while live records go to both, then swaps it in with one
 * atomic write; {@link #verify} builds a scratch generation and lists every difference with the live one. Records
 * that occur in several files or directories (two nodes, a journal replay) count once: the apply script is
 * idempotent per record id in each generation.
 */
public final class DayRebuild {
    static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("cdr-", Contributions.CALLS);
        FILES.put("handling-", Contributions.HANDLING);
        FILES.put("agent-states-", Contributions.STATES);
    }

    private final UnifiedJedis jedis;
    private final StatsSettings settings;
    private final Clock clock;
    private final PrintStream progress;

    public DayRebuild(Redis redis, StatsSettings settings, Clock clock, PrintStream progress) {
        this.jedis = redis.jedis();
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    /** What reading the files found: records applied, duplicates, and each skipped line as file:line: reason. */
    public record Result(long records, long applied, List<String> skipped, List<String> differences) {
    }

    public Result rebuild(LocalDate day, List<Path> logDirs) {
        return rebuild(List.of(day), logDirs).get(day);
    }

    /**
     * Rebuilds the UTC days from one pass over their files: each day's new generation is loaded in memory and
     * written while live records still go to the current one only; then live records go to both, the lines the
     * files gained meanwhile are applied through the scripts (idempotent per record), and each day's generation is
     * swapped in with one atomic write.
     */
    public Map<LocalDate, Result> rebuild(List<LocalDate> days, List<Path> logDirs) {
        Map<LocalDate, String> current = new LinkedHashMap<>();
        Map<LocalDate, String> next = new LinkedHashMap<>();
        for (LocalDate day : days) {
            String prefix = Buckets.prefix(day);
            String gen = Objects.requireNonNullElse(jedis.get(prefix + "gen"), "0");
            current.put(day, gen);
            next.put(day, Long.toString(parse(gen) + 1));
            DayKeys.delete(jedis, day, next.get(day));
        }
        FileLoad load = new FileLoad(jedis, settings, clock.instant(), progress);
        Map<LocalDate, Result> results = load.load(days, logDirs, next);
        for (LocalDate day : days) {
            jedis.set(Buckets.prefix(day) + "building", next.get(day));
        }
        for (LocalDate day : days) {
            long late = load.tail(List.of(day), logDirs, next.get(day));
            if (late > 0) {
                progress.printf("stats rebuild %s: %d records written to the files during the load%n", day, late);
            }
        }
        for (LocalDate day : days) {
            String prefix = Buckets.prefix(day);
            // gen and building share the day's hash tag, so one transaction swaps them on a cluster too
            try (redis.clients.jedis.AbstractTransaction tx = jedis.multi()) {
                tx.set(prefix + "gen", next.get(day));
                tx.del(prefix + "building");
                tx.exec();
            }
            DayKeys.delete(jedis, day, current.get(day));
            progress.printf("stats rebuild %s: generation %s -> %s%n", day, current.get(day), next.get(day));
        }
        return results;
    }

    public Result verify(LocalDate day, List<Path> logDirs) {
        String scratch = "v" + clock.millis();
        try {
            Result read = new FileLoad(jedis, settings, clock.instant(), progress).load(List.of(day), logDirs, scratch).get(day);
            Aggregates live = new Aggregates(jedis);
            List<String> differences = compare(day, live.gen(day), scratch);
            return new Result(read.records(), read.applied(), read.skipped(), differences);
        } finally {
            DayKeys.delete(jedis, day, scratch);
        }
    }

    private static long parse(String gen) {
        try {
            return Long.parseLong(gen);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every aggregate that differs between two generations of a day, as {@code key field: a != b}. */
    List<String> compare(LocalDate day, String genA, String genB) {
        String prefix = Buckets.prefix(day);
        java.util.Set<String> keys = new java.util.TreeSet<>(DayKeys.aggregates(jedis, day, genA));
        keys.addAll(DayKeys.aggregates(jedis, day, genB));
        List<String> keyList = new ArrayList<>(keys);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < keyList.size(); i += 1000) {
            List<String> chunk = keyList.subList(i, Math.min(keyList.size(), i + 1000));
            List<Response<?>[]> replies = new ArrayList<>();
            try (PipelineBase p = jedis.pipelined()) {
                for (String k : chunk) {
                    String a = prefix + genA + ":" + k;
                    String b = prefix + genB + ":" + k;
                    if (k.startsWith("h")) {
                        replies.add(new Response<?>[] {p.get(a.getBytes(StandardCharsets.UTF_8)),
                                p.get(b.getBytes(StandardCharsets.UTF_8))});
                    } else if (k.startsWith("i") || k.startsWith("r:")) {
                        replies.add(new Response<?>[] {p.smembers(a), p.smembers(b)});
                    } else {
                        replies.add(new Response<?>[] {p.hgetAll(a), p.hgetAll(b)});
                    }
                }
                p.sync();
            }
            for (int j = 0; j < chunk.size(); j++) {
                String k = chunk.get(j);
                Object a = replies.get(j)[0].get();
                Object b = replies.get(j)[1].get();
                if (k.startsWith("h")) {
                    long[] ha = WaitHistogram.decode((byte[]) a);
                    long[] hb = WaitHistogram.decode((byte[]) b);
                    for (int bin = 0; bin < WaitHistogram.BINS; bin++) {
                        if (ha[bin] != hb[bin]) {
                            diffs.add(k + " bin " + bin + ": " + ha[bin] + " != " + hb[bin]);
                        }
                    }
                } else if (k.startsWith("i") || k.startsWith("r:")) {
                    if (!Objects.equals(a, b)) {
                        diffs.add(k + ": " + a + " != " + b);
                    }
                } else {
                    Map<?, ?> ma = (Map<?, ?>) a;
                    Map<?, ?> mb = (Map<?, ?>) b;
                    java.util.Set<Object> fields = new java.util.TreeSet<>();
                    fields.addAll(ma.keySet());
                    fields.addAll(mb.keySet());
                    for (Object f : fields) {
                        if (Tally.derived((String) f)) {
                            // a day written partly before 2026-12-08 stores it for its older records only
                            continue;
                        }
                        Object va = ma.get(f);
                        Object vb = mb.get(f);
                        if (!Objects.equals(va, vb)) {
                            diffs.add(k + " " + f + ": " + va + " != " + vb);
                        }
                    }
                }
            }
        }
        return diffs;
    }
}
