package cn.hotline12333.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.UnifiedJedis;

/**
 * Loads UTC days into a generation from the JSONL files in one pass: lines are parsed in chunks on two threads
 * into the same {@link Contribution}s the consumers apply, counted once per record id (a handling record at its
 * latest revision, found by a first pass over the handling files), summed in memory per day ({@link DaySums}) and
 * written as finished keys with their seen entries, so that live records applied to the generation later still
 * count once. Remembers how many lines of each file it read, for {@link #tail}.
 */
final class FileLoad {
    private static final int PARSERS = 2;
    private static final int CHUNK = 2_000;

    private final UnifiedJedis jedis;
    private final StatsSettings settings;
    private final Instant now;
    private final PrintStream progress;
    private final Map<Path, Long> linesRead = new LinkedHashMap<>();

    FileLoad(UnifiedJedis jedis, StatsSettings settings, Instant now, PrintStream progress) {
        this.jedis = jedis;
        this.settings = settings;
        this.now = now;
        this.progress = progress;
    }

    /** A file of the days and the stream its records belong to. */
    record Source(Path file, String stream) {
    }

    /** A parsed record: its contribution and its seen entry (shard, field, and the field's 64 bits). */
    private record Parsed(Contribution c, int shard, String seenField, long id) {
    }

    private record Chunk(List<Parsed> records, List<String> skipped) {
    }

    private static final class Day {
        final DaySums sums = new DaySums();
        final RecordIds counted = new RecordIds();
        final Map<Long, Integer> latest = new HashMap<>();
        final BitSet shards = new BitSet(Buckets.SEEN_SHARDS);
        long records;
        long applied;
    }

    static List<Source> sources(List<LocalDate> days, List<Path> logDirs) {
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        List<Source> out = new ArrayList<>();
        for (Path dir : logDirs) {
            // a record lies in the file of the (Beijing) day it was saved: up to a day before or two after its UTC day
            for (LocalDate fileDay = first.minusDays(1); !fileDay.isAfter(last.plusDays(2)); fileDay = fileDay.plusDays(1)) {
                for (Map.Entry<String, String> kind : DayRebuild.FILES.entrySet()) {
                    Path file = dir.resolve(kind.getKey() + fileDay + ".jsonl");
                    if (Files.isRegularFile(file)) {
                        out.add(new Source(file, kind.getValue()));
                    }
                }
            }
        }
        return out;
    }

    /** Loads {@code days} into generation {@code gen} (which must be empty); the result per day. */
    Map<LocalDate, DayRebuild.Result> load(List<LocalDate> days, List<Path> logDirs, String gen) {
        Map<LocalDate, String> gens = new HashMap<>();
        days.forEach(d -> gens.put(d, gen));
        return load(days, logDirs, gens);
    }

    /** As above, each day into its own generation. */
    Map<LocalDate, DayRebuild.Result> load(List<LocalDate> days, List<Path> logDirs, Map<LocalDate, String> gens) {
        List<Source> sources = sources(days, logDirs);
        Map<LocalDate, Day> state = new LinkedHashMap<>();
        days.forEach(d -> state.put(d, new Day()));
        List<String> skipped = new ArrayList<>();
        // first pass, handling files only: each handling record's latest revision per day
        for (Source s : sources) {
            if (s.stream().equals(Contributions.HANDLING)) {
                read(s, this::parse, chunk -> {
                    for (Parsed p : chunk.records()) {
                        for (LocalDate d : p.c().days().keySet()) {
                            Day day = state.get(d);
                            if (day != null) {
                                day.latest.merge(p.id(), p.c().revision(), Math::max);
                            }
                        }
                    }
                }, false);
            }
        }
        PipelineBase seen = jedis.pipelined();
        try {
            long[] total = {0};
            int[] pending = {0};
            for (Source s : sources) {
                read(s, this::parse, chunk -> {
                    skipped.addAll(chunk.skipped());
                    for (Parsed p : chunk.records()) {
                        for (Map.Entry<LocalDate, List<Op>> e : p.c().days().entrySet()) {
                            Day day = state.get(e.getKey());
                            if (day == null) {
                                continue;
                            }
                            day.records++;
                            if (!count(day, p)) {
                                continue;
                            }
                            day.applied++;
                            day.sums.add(e.getValue());
                            day.shards.set(p.shard());
                            seen.hset(Buckets.prefix(e.getKey()) + gens.get(e.getKey()) + ":s:" + p.shard(), p.seenField(),
                                    seenValue(p.c(), e.getValue()));
                            if (++pending[0] >= 20_000) {
                                seen.sync();
                                pending[0] = 0;
                            }
                        }
                    }
                    long before = total[0];
                    total[0] += chunk.records().size();
                    if (total[0] / 200_000 > before / 200_000) {
                        progress.printf("stats %s: %d records read%n", days, total[0]);
                    }
                }, true);
            }
            seen.sync();
        } finally {
            seen.close();
        }
        Map<LocalDate, DayRebuild.Result> out = new LinkedHashMap<>();
        boolean first = true;
        for (Map.Entry<LocalDate, Day> e : state.entrySet()) {
            Day day = e.getValue();
            String base = Buckets.prefix(e.getKey()) + gens.get(e.getKey()) + ":";
            int keys = day.sums.write(jedis, base);
            List<String> used = new ArrayList<>();
            day.shards.stream().forEach(i -> used.add("s:" + i));
            for (int i = 0; i < used.size(); i += 1000) {
                jedis.sadd(base + "is", used.subList(i, Math.min(used.size(), i + 1000)).toArray(String[]::new));
            }
            progress.printf("stats %s: %d records for the day, %d counted, %d duplicates or earlier revisions, %d keys "
                    + "written%n", e.getKey(), day.records, day.applied, day.records - day.applied, keys);
            // a skipped line belongs to no day: reported once, with the first
            out.put(e.getKey(), new DayRebuild.Result(day.records, day.applied, first ? skipped : List.of(), List.of()));
            first = false;
        }
        return out;
    }

    /** Counts a record once: the first time it is met, and a handling record only at its latest revision. */
    private static boolean count(Day day, Parsed p) {
        if (p.c().revisable()) {
            Integer latest = day.latest.get(p.id());
            if (latest == null || latest != p.c().revision()) {
                return false;
            }
        }
        return day.counted.add(p.id());
    }

    /** What apply.lua stores as the seen entry: the revision, and for a revisable record what it added. */
    private static String seenValue(Contribution c, List<Op> ops) {
        if (!c.revisable()) {
            return Integer.toString(c.revision());
        }
        StringBuilder b = new StringBuilder().append(c.revision());
        for (Op op : ops) {
            b.append(ApplyBatch.SEP).append(op.kind()).append(ApplyBatch.SEP).append(op.key()).append(ApplyBatch.SEP)
                    .append(op.field()).append(ApplyBatch.SEP).append(op.n());
        }
        return b.toString();
    }

    /**
     * Applies the lines the files gained since {@link #load} read them, through the apply scripts (records already
     * counted are recognised by their seen entries): for a rebuild, whose generation live records reach only once
     * the load is done.
     */
    long tail(List<LocalDate> days, List<Path> logDirs, String gen) {
        Applier applier = new Applier(jedis);
        long applied = 0;
        for (Source s : sources(days, logDirs)) {
            long skip = linesRead.getOrDefault(s.file(), 0L);
            try (BufferedReader r = Files.newBufferedReader(s.file(), StandardCharsets.UTF_8)) {
                for (long i = 0; i < skip && r.readLine() != null; i++) {
                    // already loaded
                }
                List<Contribution> batch = new ArrayList<>();
                String line;
                while ((line = r.readLine()) != null) {
                    Ingest.Result res = line.isBlank() ? null : new Ingest(settings).read(s.stream(), line, now);
                    if (res != null && res.problem() == null) {
                        Contribution c = res.contribution();
                        Map<LocalDate, List<Op>> mine = new LinkedHashMap<>(c.days());
                        mine.keySet().retainAll(days);
                        if (!mine.isEmpty()) {
                            batch.add(new Contribution(c.stream(), c.recordId(), c.revision(), c.revisable(), mine));
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    applied += applier.apply(batch, gen);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + s.file(), e);
            }
        }
        return applied;
    }

    private Chunk parse(Source s, int firstLine, List<String> lines) {
        Ingest ingest = new Ingest(settings);
        List<Parsed> records = new ArrayList<>(lines.size());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Ingest.Result res = ingest.read(s.stream(), line, now);
            if (res.problem() != null) {
                skipped.add(s.file() + ":" + (firstLine + i) + ": " + res.problem());
                continue;
            }
            Contribution c = res.contribution();
            byte[] sha = Buckets.sha(c.stream() + "/" + c.recordId());
            records.add(new Parsed(c, Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS), Buckets.digest(sha),
                    Buckets.digestBits(sha)));
        }
        return new Chunk(records, skipped);
    }

    @FunctionalInterface
    private interface Parser {
        Chunk parse(Source s, int firstLine, List<String> lines);
    }

    /** Reads a file in chunks parsed on the parser threads, handing each chunk to {@code use} in file order. */
    private void read(Source s, Parser parser, java.util.function.Consumer<Chunk> use, boolean remember) {
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, r -> {
            Thread t = new Thread(r, "stats-rebuild-parse");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(s.file(), StandardCharsets.UTF_8)) {
            while (true) {
                int first = (int) n + 1;
                List<String> lines = new ArrayList<>(CHUNK);
                String line;
                while (lines.size() < CHUNK && (line = r.readLine()) != null) {
                    lines.add(line);
                    n++;
                }
                if (lines.isEmpty()) {
                    break;
                }
                inFlight.add(parsers.submit(() -> parser.parse(s, first, lines)));
                while (inFlight.size() > PARSERS + 1) {
                    use.accept(take(inFlight));
                }
            }
            while (!inFlight.isEmpty()) {
                use.accept(take(inFlight));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.file(), e);
        } finally {
            parsers.shutdownNow();
        }
        if (remember) {
            linesRead.put(s.file(), n);
        }
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
}
