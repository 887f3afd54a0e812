package cn.hotline12333.stats;

import java.io.BufferedReader;
import java.io.InputStream;
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
import java.util.Arrays;
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
 * Loads UTC days into a generation from the JSONL files in one pass: blocks of whole lines go to two parser threads,
 * which split and parse them from the bytes into the same {@link Contribution}s the consumers apply, count each
 * record once (a handling record at its latest revision, found by a first pass over the handling files) and sum it
 * into its day in memory ({@link DaySums}, under one lock, while the other thread parses); this thread reads the
 * blocks and sends the counted records' seen entries, so that live records applied to the generation later still
 * count once. The finished keys are written at the end. Remembers how many lines of each file it read, for
 * {@link #tail}.
 */
final class FileLoad {
    private static final int PARSERS = 2;
    /** Bytes of whole lines handed to a parser at once: about 2,000 call records. */
    private static final int BLOCK = 2 << 20;

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

    /** A line the parser skipped (its index in the chunk) and why. */
    private record Skip(int line, String reason) {
    }

    /** A counted record's seen entry in {@code day}'s generation: the hash (and its shard), field and value. */
    private record Seen(LocalDate day, int shard, String key, String field, String value) {
    }

    private record Chunk(int lines, List<Parsed> records, List<Skip> skipped, List<Seen> seen) {
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
                read(s, (src, buf, length) -> parse(src, buf, length, null, null), (chunk, firstLine) -> {
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
        // second pass: the parser threads also count and sum (under one lock, while the other thread parses), so
        // that this thread only reads the files and sends the seen entries
        PipelineBase seen = jedis.pipelined();
        try {
            long[] total = {0};
            int[] pending = {0};
            for (Source s : sources) {
                read(s, (src, buf, length) -> parse(src, buf, length, state, gens), (chunk, firstLine) -> {
                    for (Skip k : chunk.skipped()) {
                        skipped.add(s.file() + ":" + (firstLine + k.line()) + ": " + k.reason());
                    }
                    for (Seen e : chunk.seen()) {
                        state.get(e.day()).shards.set(e.shard());
                        seen.hset(e.key(), e.field(), e.value());
                        if (++pending[0] >= 20_000) {
                            seen.sync();
                            pending[0] = 0;
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

    /**
     * Parses the lines of {@code buf[0, length)}; with {@code state}, also counts each record once and sums what it
     * adds into its days (under the lock of {@code state}), returning the seen entries to write.
     */
    private Chunk parse(Source s, byte[] buf, int length, Map<LocalDate, Day> state, Map<LocalDate, String> gens) {
        Ingest ingest = new Ingest(settings);
        List<Parsed> records = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        int lines = 0;
        for (int from = 0; from < length; ) {
            int to = from;
            while (to < length && buf[to] != '\n') {
                to++;
            }
            int line = lines++;
            if (!blank(buf, from, to)) {
                Ingest.Result res = ingest.read(s.stream(), buf, from, to, now);
                if (res.problem() != null) {
                    skipped.add(new Skip(line, res.problem()));
                } else {
                    Contribution c = res.contribution();
                    byte[] sha = Buckets.sha(c.stream() + "/" + c.recordId());
                    records.add(new Parsed(c, Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS), Buckets.digest(sha),
                            Buckets.digestBits(sha)));
                }
            }
            from = to + 1;
        }
        if (state == null) {
            return new Chunk(lines, records, skipped, List.of());
        }
        List<Parsed> counted = new ArrayList<>(records.size());
        List<LocalDate> countedDays = new ArrayList<>(records.size());
        synchronized (state) {
            for (Parsed p : records) {
                for (Map.Entry<LocalDate, List<Op>> e : p.c().days().entrySet()) {
                    Day day = state.get(e.getKey());
                    if (day == null) {
                        continue;
                    }
                    day.records++;
                    if (count(day, p)) {
                        day.applied++;
                        day.sums.add(e.getValue());
                        counted.add(p);
                        countedDays.add(e.getKey());
                    }
                }
            }
        }
        List<Seen> seen = new ArrayList<>(counted.size());
        for (int i = 0; i < counted.size(); i++) {
            Parsed p = counted.get(i);
            LocalDate d = countedDays.get(i);
            seen.add(new Seen(d, p.shard(), Buckets.prefix(d) + gens.get(d) + ":s:" + p.shard(), p.seenField(),
                    seenValue(p.c(), p.c().days().get(d))));
        }
        return new Chunk(lines, records, skipped, seen);
    }

    private static boolean blank(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface Parser {
        Chunk parse(Source s, byte[] buf, int length);
    }

    /**
     * Reads a file in blocks of whole lines, parsed on the parser threads, handing each chunk to {@code use} in file
     * order with the number of its first line. The lines are split from the bytes on the parser threads, so this
     * thread decodes nothing; a last line without its newline (a crash mid-write) is read as a line.
     */
    private void read(Source s, Parser parser, java.util.function.BiConsumer<Chunk, Long> use, boolean remember) {
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, r -> {
            Thread t = new Thread(r, "stats-rebuild-parse");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
        long[] n = {0};
        java.util.function.Consumer<Chunk> inOrder = chunk -> {
            use.accept(chunk, n[0] + 1);
            n[0] += chunk.lines();
        };
        try (InputStream in = Files.newInputStream(s.file())) {
            byte[] pending = new byte[0];
            while (true) {
                byte[] buf = Arrays.copyOf(pending, pending.length + BLOCK);
                int len = pending.length;
                int got;
                while (len < buf.length && (got = in.read(buf, len, buf.length - len)) > 0) {
                    len += got;
                }
                boolean eof = len < buf.length;
                int end = len;
                if (!eof) {
                    while (end > 0 && buf[end - 1] != '\n') {
                        end--;
                    }
                    if (end == 0) {
                        // a line longer than the block: read on until its end
                        pending = buf;
                        continue;
                    }
                }
                pending = Arrays.copyOfRange(buf, end, len);
                if (end > 0) {
                    int length = end;
                    inFlight.add(parsers.submit(() -> parser.parse(s, buf, length)));
                    while (inFlight.size() > PARSERS + 1) {
                        inOrder.accept(take(inFlight));
                    }
                }
                if (eof) {
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                inOrder.accept(take(inFlight));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.file(), e);
        } finally {
            parsers.shutdownNow();
        }
        if (remember) {
            linesRead.put(s.file(), n[0]);
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
