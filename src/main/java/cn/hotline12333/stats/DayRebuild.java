package cn.hotline12333.stats;

import cn.hotline12333.store.Redis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        String prefix = Buckets.prefix(day);
        String current = Objects.requireNonNullElse(jedis.get(prefix + "gen"), "0");
        String next = Long.toString(parse(current) + 1);
        DayKeys.delete(jedis, day, next);
        jedis.set(prefix + "building", next);
        Result read = apply(day, logDirs, next);
        // gen and building share the day's hash tag, so one transaction swaps them on a cluster too
        try (redis.clients.jedis.AbstractTransaction tx = jedis.multi()) {
            tx.set(prefix + "gen", next);
            tx.del(prefix + "building");
            tx.exec();
        }
        DayKeys.delete(jedis, day, current);
        progress.printf("stats rebuild %s: generation %s -> %s%n", day, current, next);
        return read;
    }

    public Result verify(LocalDate day, List<Path> logDirs) {
        String scratch = "v" + clock.millis();
        try {
            Result read = apply(day, logDirs, scratch);
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

    Result apply(LocalDate day, List<Path> logDirs, String gen) {
        Applier applier = new Applier(jedis);
        Instant now = clock.instant();
        List<String> skipped = new ArrayList<>();
        long records = 0;
        long applied = 0;
        // lines are parsed in chunks on two threads while this one runs the apply script of the chunk before
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, r -> {
            Thread t = new Thread(r, "stats-rebuild-parse");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
        try {
            for (Path dir : logDirs) {
                for (LocalDate fileDay = day.minusDays(1); !fileDay.isAfter(day.plusDays(2)); fileDay = fileDay.plusDays(1)) {
                    for (Map.Entry<String, String> kind : FILES.entrySet()) {
                        Path file = dir.resolve(kind.getKey() + fileDay + ".jsonl");
                        if (!Files.isRegularFile(file)) {
                            continue;
                        }
                        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                            int n = 0;
                            while (true) {
                                int first = n + 1;
                                List<String> lines = new ArrayList<>(settings.batch());
                                String line;
                                while (lines.size() < settings.batch() && (line = r.readLine()) != null) {
                                    lines.add(line);
                                    n++;
                                }
                                if (lines.isEmpty()) {
                                    break;
                                }
                                inFlight.add(parsers.submit(() -> parse(day, kind.getValue(), file, first, lines, now)));
                                while (inFlight.size() > PARSERS + 1) {
                                    Chunk c = take(inFlight);
                                    long before = records;
                                    records += c.batch.size();
                                    skipped.addAll(c.skipped);
                                    applied += applier.apply(c.batch, gen);
                                    if (records / 100_000 > before / 100_000) {
                                        progress.printf("stats %s: %d records read%n", day, records);
                                    }
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot read " + file, e);
                        }
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                Chunk c = take(inFlight);
                records += c.batch.size();
                skipped.addAll(c.skipped);
                applied += applier.apply(c.batch, gen);
            }
        } finally {
            parsers.shutdownNow();
        }
        progress.printf("stats %s: %d records for the day, %d applied, %d duplicates, %d lines skipped%n", day,
                records, applied, records - applied, skipped.size());
        return new Result(records, applied, skipped, List.of());
    }

    private static final int PARSERS = 2;

    /** One chunk of a file's lines: the contributions that fall on the day, and the lines skipped as file:line: reason. */
    private record Chunk(List<Contribution> batch, List<String> skipped) {
    }

    private Chunk parse(LocalDate day, String stream, Path file, int firstLine, List<String> lines, Instant now) {
        Ingest ingest = new Ingest(settings);
        List<Contribution> batch = new ArrayList<>(lines.size());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Ingest.Result res = ingest.read(stream, line, now);
            if (res.problem() != null) {
                skipped.add(file + ":" + (firstLine + i) + ": " + res.problem());
                continue;
            }
            List<Op> ops = res.contribution().days().get(day);
            if (ops != null) {
                Contribution c = res.contribution();
                batch.add(new Contribution(c.stream(), c.recordId(), c.revision(), c.revisable(), Map.of(day, ops)));
            }
        }
        return new Chunk(batch, skipped);
    }

    private static Chunk take(ArrayDeque<Future<Chunk>> inFlight) {
        try {
            return inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stats rebuild interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("stats rebuild: parsing failed", e.getCause());
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
