package cn.hotline12333.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Loads UTC days into a generation from the JSONL files in one pass: the files are read in blocks of lines, parsed on
 * two threads into the same {@link Contribution}s the consumers apply (their keys looked up in the day's
 * {@link DaySums} there too), then counted once per record id on one thread and summed in memory per day; the sums
 * are written as finished keys with the records' seen entries, so that live records applied to the generation later
 * still count once. A handling record counts at its latest revision: a later one met after an earlier one takes the
 * earlier one's changes back (its line is read and parsed again; revisions are few). Remembers how far it read each
 * file, for {@link #tail}.
 */
final class FileLoad {
    private static final int PARSERS = 2;
    /**
     * A block of lines for one parser task: about 250 call records. Under half of G1's smallest region (1 MB), so that
     * a block is not a humongous object: 1 MB blocks were, a thousand a day, and in a heap capped at 261 MB each one
     * past the occupancy threshold started a concurrent marking cycle (128 in a rebuild of the 1,000,000-call day).
     */
    private static final int BLOCK = 1 << 18;
    /**
     * Revisable records' seen entries held before they are written, grouped by shard, as one HSET a shard: about
     * 4 MB of stored changes. One HSET a record (320,000 for the 1,000,000-call day) had the summing thread build
     * and send a command a record, and C2 compile Jedis's command path into it (70 kB of machine code).
     */
    private static final int SEEN_BATCH = 8_000;
    /** Earlier revisions read again and parsed by one parser task (see {@link #takeBack}). */
    private static final int TAKE_BACK_BATCH = 1_000;

    private final UnifiedJedis jedis;
    /** One for every block and thread: it keeps the key names its records use (KeyNames). */
    private final Ingest ingest;
    private final Instant now;
    private final PrintStream progress;
    private final Map<Path, Long> bytesRead = new LinkedHashMap<>();

    FileLoad(UnifiedJedis jedis, StatsSettings settings, Instant now, PrintStream progress) {
        this.jedis = jedis;
        this.ingest = new Ingest(settings);
        this.now = now;
        this.progress = progress;
    }

    /** A file of the days and the stream its records belong to. */
    record Source(Path file, String stream) {
    }

    /** Lines of one file from byte {@code offset}, ending with a whole line (or the file's end). */
    private record Block(int source, long offset, byte[] bytes, int length) {
    }

    /** A parsed record's part in one day being loaded: its changes, and for a revisable record its seen entry. */
    private record Part(Day day, DaySums.Changes changes, String seenValue) {
    }

    /** A parsed record: its digest bits and seen shard, and where its line starts (source in the top 16 bits). */
    private record Parsed(List<Part> parts, long id, int shard, int revision, boolean revisable, long line) {
    }

    /** A block's records, its skipped lines (numbered from 1 in the block) and how many lines it held. */
    private record Chunk(int source, List<Parsed> records, List<Skipped> skipped, int lines) {
    }

    private record Skipped(int line, String problem) {
    }

    /**
     * The revision of each handling record that counts so far and where its line is, by the 64 bits of its digest:
     * open addressing over arrays (a HashMap of boxed ids and records took about 30 MB of the heap for the
     * 1,000,000-call day's 320,000 handling records, here about 10 MB).
     */
    private static final class Revisions {
        private long[] ids = new long[1 << 12];
        private int[] revisions = new int[ids.length];
        /** The line plus one: 0 marks an empty slot. */
        private long[] lines = new long[ids.length];
        private int size;

        /** The slot of {@code id}, or the empty one where it would go. */
        private int slot(long id) {
            int mask = ids.length - 1;
            int i = (int) RecordIds.mix(id) & mask;
            while (lines[i] != 0 && ids[i] != id) {
                i = (i + 1) & mask;
            }
            return i;
        }

        boolean has(long id) {
            return lines[slot(id)] != 0;
        }

        int revision(long id) {
            return revisions[slot(id)];
        }

        long line(long id) {
            return lines[slot(id)] - 1;
        }

        void put(long id, int revision, long line) {
            int i = slot(id);
            if (lines[i] == 0 && ++size * 4 > ids.length * 3) {
                grow();
                i = slot(id);
            }
            ids[i] = id;
            revisions[i] = revision;
            lines[i] = line + 1;
        }

        private void grow() {
            long[] oldIds = ids;
            int[] oldRevisions = revisions;
            long[] oldLines = lines;
            ids = new long[oldIds.length * 2];
            revisions = new int[ids.length];
            lines = new long[ids.length];
            for (int j = 0; j < oldIds.length; j++) {
                if (oldLines[j] != 0) {
                    int i = slot(oldIds[j]);
                    ids[i] = oldIds[j];
                    revisions[i] = oldRevisions[j];
                    lines[i] = oldLines[j];
                }
            }
        }
    }

    private static final class Day {
        final LocalDate date;
        final String base;
        final DaySums sums = new DaySums();
        final RecordIds counted = new RecordIds();
        final Revisions revisions = new Revisions();
        final SeenEntries seen = new SeenEntries();
        final BitSet shards = new BitSet(Buckets.SEEN_SHARDS);
        final String[] shardKeys = new String[Buckets.SEEN_SHARDS];
        /** The lines of the earlier revisions later ones replaced, to be taken back after the last block. */
        long[] takeBacks = new long[64];
        int takeBackCount;
        long records;
        long applied;

        Day(LocalDate date, String gen) {
            this.date = date;
            this.base = Buckets.prefix(date) + gen + ":";
            for (int i = 0; i < shardKeys.length; i++) {
                shardKeys[i] = base + "ss:" + i;
            }
        }
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
        days.forEach(d -> state.put(d, new Day(d, gens.get(d))));
        List<List<String>> skippedBy = new ArrayList<>();
        sources.forEach(s -> skippedBy.add(new ArrayList<>()));
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, r -> {
            Thread t = new Thread(r, "stats-rebuild-parse");
            t.setDaemon(true);
            return t;
        });
        // seen entries of revisable records not yet written, by key, in the order met (a later revision replaces)
        Map<String, Map<String, String>> seen = new HashMap<>();
        try {
            long[] total = {0};
            int[] pending = {0};
            long[] lines = new long[sources.size()];
            Ingest.Reader[] readers = new Ingest.Reader[sources.size()];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = ingest.reader(sources.get(i).stream());
            }
            read(sources, parsers, block -> parse(readers[block.source()], block, state), chunk -> {
                Source s = sources.get(chunk.source());
                long before = lines[chunk.source()];
                chunk.skipped().forEach(k -> skippedBy.get(chunk.source()).add(s.file() + ":" + (before + k.line())
                        + ": " + k.problem()));
                lines[chunk.source()] += chunk.lines();
                pending[0] = sum(chunk, seen, pending[0]);
                long read = total[0];
                total[0] += chunk.records().size();
                if (total[0] / 200_000 > read / 200_000) {
                    progress.printf("stats %s: %d records read%n", days, total[0]);
                }
            });
            writeSeen(seen);
            for (Day day : state.values()) {
                takeBack(day, sources, readers, parsers);
            }
        } finally {
            parsers.shutdownNow();
        }
        List<String> skipped = new ArrayList<>();
        skippedBy.forEach(skipped::addAll);
        Map<LocalDate, DayRebuild.Result> out = new LinkedHashMap<>();
        boolean first = true;
        for (Day day : state.values()) {
            int keys = day.sums.write(jedis, day.base);
            day.seen.write(jedis, day.base);
            List<String> used = new ArrayList<>();
            day.shards.stream().forEach(i -> used.add("ss:" + i));
            for (int i = 0; i < used.size(); i += 1000) {
                jedis.sadd(day.base + "is", used.subList(i, Math.min(used.size(), i + 1000)).toArray(String[]::new));
            }
            progress.printf("stats %s: %d records for the day, %d counted, %d duplicates or earlier revisions, %d keys "
                    + "written%n", day.date, day.records, day.applied, day.records - day.applied, keys);
            // a skipped line belongs to no day: reported once, with the first
            out.put(day.date, new DayRebuild.Result(day.records, day.applied, first ? skipped : List.of(), List.of()));
            first = false;
        }
        return out;
    }

    /** Counts and sums a chunk's records; returns the seen entries kept unwritten ({@code pending} before). */
    private int sum(Chunk chunk, Map<String, Map<String, String>> seen, int pending) {
        for (Parsed p : chunk.records()) {
            for (Part part : p.parts()) {
                if (count(part, p)) {
                    pending += keepSeen(seen, part, p);
                    if (pending >= SEEN_BATCH) {
                        writeSeen(seen);
                        pending = 0;
                    }
                }
            }
        }
        return pending;
    }

    /**
     * Counts a record's part once: the first time it is met, and a handling record at its latest revision (an
     * earlier revision counted before is taken back, after the last block: {@link #takeBack}). True when the part was
     * summed in.
     */
    private static boolean count(Part part, Parsed p) {
        Day day = part.day();
        day.records++;
        if (p.revisable()) {
            boolean before = day.revisions.has(p.id());
            if (before && day.revisions.revision(p.id()) >= p.revision()) {
                return false;
            }
            if (before) {
                if (day.takeBackCount == day.takeBacks.length) {
                    day.takeBacks = Arrays.copyOf(day.takeBacks, day.takeBackCount * 2);
                }
                day.takeBacks[day.takeBackCount++] = day.revisions.line(p.id());
                day.applied--;
            }
            day.revisions.put(p.id(), p.revision(), p.line());
        } else if (!day.counted.add(p.id())) {
            return false;
        }
        day.applied++;
        day.sums.add(part.changes(), p.revisable());
        day.shards.set(p.shard());
        return true;
    }

    /** Keeps a revisable record's seen entry for {@link #writeSeen} (a later revision's replaces it); returns 1 then. */
    private static int keepSeen(Map<String, Map<String, String>> seen, Part part, Parsed p) {
        if (part.seenValue() == null) {
            part.day().seen.add(p.shard(), p.id());
            return 0;
        }
        String key = part.day().shardKeys[p.shard()];
        seen.computeIfAbsent(key, k -> new HashMap<>()).put(SeenEntries.digest(p.id()), part.seenValue());
        return 1;
    }

    /** Writes the kept seen entries, one HSET a shard, and forgets them. */
    private void writeSeen(Map<String, Map<String, String>> seen) {
        if (seen.isEmpty()) {
            return;
        }
        try (PipelineBase p = jedis.pipelined()) {
            seen.forEach(p::hset);
            p.sync();
        }
        seen.clear();
    }

    /**
     * Takes back what the earlier revisions of {@code day}'s handling records added, those a later revision replaced:
     * their lines read again from the files and parsed by the same byte path as the first time, on the parser
     * threads, {@link #TAKE_BACK_BATCH} lines a task, and summed out here. Counters, histogram bins and the counts of
     * revisable records' set members add up the same in any order, so taking a revision back after the last block
     * leaves what taking it back when its successor was met did. That was done on the summing thread, which then
     * had C2 compile a handling record's whole reading and contribution into {@link #count} (about 80 kB of machine
     * code, besides the parser threads' own copy), and spent its time there.
     */
    private void takeBack(Day day, List<Source> sources, Ingest.Reader[] readers, ExecutorService parsers) {
        ArrayDeque<Future<List<DaySums.Changes>>> inFlight = new ArrayDeque<>();
        for (int from = 0; from < day.takeBackCount; from += TAKE_BACK_BATCH) {
            long[] lines = Arrays.copyOfRange(day.takeBacks, from, Math.min(day.takeBackCount, from + TAKE_BACK_BATCH));
            inFlight.add(parsers.submit(() -> reparse(sources, readers, lines, day)));
            while (inFlight.size() > PARSERS) {
                result(inFlight.poll()).forEach(day.sums::takeBack);
            }
        }
        while (!inFlight.isEmpty()) {
            result(inFlight.poll()).forEach(day.sums::takeBack);
        }
        day.takeBacks = null;
    }

    /** The changes to {@code day} of the records whose lines start at {@code lines}, read and parsed again. */
    private List<DaySums.Changes> reparse(List<Source> sources, Ingest.Reader[] readers, long[] lines, Day day) {
        List<DaySums.Changes> out = new ArrayList<>(lines.length);
        Map<Integer, FileChannel> channels = new HashMap<>();
        LineReader reader = new LineReader();
        try {
            for (long line : lines) {
                int source = (int) (line >>> 48);
                FileChannel c = channels.get(source);
                if (c == null) {
                    c = FileChannel.open(sources.get(source).file(), StandardOpenOption.READ);
                    channels.put(source, c);
                }
                int length = reader.read(c, line & 0xFFFF_FFFF_FFFFL);
                Ingest.Result res = readers[source].read(reader.bytes, 0, length, now);
                out.add(day.sums.resolve(res.contribution().days().get(day.date)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revisions to take back again", e);
        } finally {
            channels.values().forEach(FileLoad::close);
        }
    }

    /** Reads a line at a file position into its buffer, which grows to the longest line read. */
    private static final class LineReader {
        byte[] bytes = new byte[8192];

        /** Reads the line at {@code position}; returns its length. */
        int read(FileChannel c, long position) throws IOException {
            int filled = 0;
            while (true) {
                if (filled == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
                int n = c.read(ByteBuffer.wrap(bytes, filled, bytes.length - filled), position + filled);
                if (n < 0) {
                    return filled;
                }
                int end = lineEnd(bytes, filled, filled + n);
                if (end < filled + n) {
                    return end;
                }
                filled += n;
            }
        }
    }

    /** What apply.lua stores as the seen entry: the revision, and for a revisable record what it added. */
    private static String seenValue(Contribution c, List<Op> ops) {
        if (!c.revisable() && c.revision() == 1) {
            // kept as bits by SeenEntries
            return null;
        }
        if (!c.revisable()) {
            return Integer.toString(c.revision());
        }
        return ApplyBatch.stored(c.revision(), ops);
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
            long skip = bytesRead.getOrDefault(s.file(), 0L);
            try (InputStream in = Files.newInputStream(s.file())) {
                if (Files.size(s.file()) == skip) {
                    continue;
                }
                in.skipNBytes(skip);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                List<Contribution> batch = new ArrayList<>();
                String line;
                while ((line = r.readLine()) != null) {
                    Ingest.Result res = line.isBlank() ? null : ingest.read(s.stream(), line, now);
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

    /** Parses a block's lines; every record's changes looked up in the sums of the days being loaded. */
    private Chunk parse(Ingest.Reader reader, Block block, Map<LocalDate, Day> state) {
        List<Parsed> records = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        byte[] bytes = block.bytes();
        int lines = 0;
        int start = 0;
        while (start < block.length()) {
            int end = lineEnd(bytes, start, block.length());
            lines++;
            // the line's number in the block, from 1; the consumer adds the lines before the block
            int number = lines;
            int lineStart = start;
            int length = end - start;
            // a line ends at \n, \r or \r\n, as BufferedReader.readLine has it
            start = end + (end + 1 < block.length() && bytes[end] == '\r' && bytes[end + 1] == '\n' ? 2 : 1);
            line(reader, block, lineStart, length, number, state, records, skipped);
        }
        return new Chunk(block.source(), records, skipped, lines);
    }

    /**
     * Parses one line of a block into {@code records} or {@code skipped}. A method of its own, so that the block's
     * loop stays small: C2 compiles this once as a method, and the on-stack replacements of {@link #parse}'s loop,
     * compiled later, call it instead of each inlining the whole reading and summing code again (two of them and
     * {@code parse} itself were about 230 kB of machine code).
     */
    private void line(Ingest.Reader reader, Block block, int lineStart, int length, int number,
                      Map<LocalDate, Day> state, List<Parsed> records, List<Skipped> skipped) {
        byte[] bytes = block.bytes();
        if (blank(bytes, lineStart, length)) {
            return;
        }
        // the file's own reader: a call site of three kinds, so C2 calls each kind's compiled reader from here
        Ingest.Result res = reader.read(bytes, lineStart, length, now);
        if (res.problem() != null) {
            skipped.add(new Skipped(number, res.problem()));
            return;
        }
        Contribution c = res.contribution();
        List<Part> parts = new ArrayList<>(1);
        for (Map.Entry<LocalDate, List<Op>> e : c.days().entrySet()) {
            Day day = state.get(e.getKey());
            if (day != null) {
                parts.add(new Part(day, day.sums.resolve(e.getValue()), seenValue(c, e.getValue())));
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        byte[] sha = Buckets.sha(c.stream() + "/" + c.recordId());
        records.add(new Parsed(parts, Buckets.digestBits(sha), Buckets.seenShard(Buckets.oldSeenShard(c.recordId())),
                c.revision(), c.revisable(), (long) block.source() << 48 | (block.offset() + lineStart)));
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * Where the line starting at {@code from} ends: the first \n or \r before {@code to}, else {@code to}. Looks at
     * eight bytes at a time (a byte-by-byte loop over the kilobyte of a call record was 7 % of the parser threads).
     */
    static int lineEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(bytes, i);
            // a byte of (x - 0x01..) & ~x & 0x80.. is set where x has a zero byte; the lowest one is always right
            long lf = v ^ 0x0A0A_0A0A_0A0A_0A0AL;
            long cr = v ^ 0x0D0D_0D0D_0D0D_0D0DL;
            long hit = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        while (i < to && bytes[i] != '\n' && bytes[i] != '\r') {
            i++;
        }
        return i;
    }

    /** {@link String#isBlank} of the line's text, looking at its bytes first. */
    private static boolean blank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x80) {
                return new String(bytes, offset, length, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the files in blocks of whole lines parsed on the parser threads, handing each chunk to {@code use} in the
     * order the blocks were read (each file's in file order); at most {@link #PARSERS} + 2 blocks are in flight. The
     * files are read side by side, the next block always from the file least read in proportion to its size, so that
     * every stretch of the load holds calls, handling records and agent-state segments in the day's mix. Read one
     * after another, the parsing code was compiled on calls alone and compiled again when the load reached the
     * handling file and again at the agent-state file (C2's deoptimisations: a branch never taken before, a second
     * and third record reader at the same call site), each time with what it inlines.
     */
    private void read(List<Source> sources, ExecutorService parsers, java.util.function.Function<Block, Chunk> parser,
                      java.util.function.Consumer<Chunk> use) {
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        // the blocks' buffers, used again once their chunk is summed: a fresh 256 kB array a block was about a
        // tenth of the rebuild's allocation, and the capped heap's young generation filled that much sooner
        ArrayDeque<byte[]> free = new ArrayDeque<>();
        List<Blocks> open = new ArrayList<>();
        try {
            for (int i = 0; i < sources.size(); i++) {
                open.add(new Blocks(i, sources.get(i).file(), free));
            }
            while (!open.isEmpty()) {
                Blocks next = open.get(0);
                for (Blocks b : open) {
                    if (b.share() < next.share()) {
                        next = b;
                    }
                }
                Block block = next.next();
                if (block == null) {
                    bytesRead.put(next.file, next.whole);
                    next.close();
                    open.remove(next);
                    continue;
                }
                inFlight.add(new InFlight(parsers.submit(() -> parser.apply(block)), block.bytes()));
                while (inFlight.size() > PARSERS + 1) {
                    use.accept(take(inFlight, free));
                }
            }
            while (!inFlight.isEmpty()) {
                use.accept(take(inFlight, free));
            }
        } finally {
            inFlight.forEach(f -> f.chunk().cancel(true));
            open.forEach(Blocks::close);
        }
    }

    /** A block being parsed, and its buffer. */
    private record InFlight(Future<Chunk> chunk, byte[] buffer) {
    }

    /** One file read in blocks of whole lines. */
    private static final class Blocks {
        final int index;
        final Path file;
        final InputStream in;
        final long size;
        /** Buffers of {@link #BLOCK} bytes to use again (the summing thread's, as this). */
        final ArrayDeque<byte[]> free;
        byte[] buf;
        int filled;
        boolean eof;
        long offset;
        /**
         * The bytes up to the last line end read: {@link #tail} goes on from there, for a last line without its end
         * may be one the writer is still writing (the load reads it as it stands, and it fails or counts; the tail
         * reads it again whole, and its seen entry tells whether it counted).
         */
        long whole;

        Blocks(int index, Path file, ArrayDeque<byte[]> free) {
            this.index = index;
            this.file = file;
            this.free = free;
            this.buf = buffer();
            try {
                this.in = Files.newInputStream(file);
                this.size = Math.max(1, Files.size(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        /** The part of the file read so far. */
        double share() {
            return (double) offset / size;
        }

        /** The next block, ending with a whole line (or the file's end); null at the end. */
        Block next() {
            try {
                while (!eof || filled > 0) {
                    while (!eof && filled < buf.length) {
                        int n = in.read(buf, filled, buf.length - filled);
                        if (n < 0) {
                            eof = true;
                        } else {
                            filled += n;
                        }
                    }
                    int cut = filled;
                    if (!eof) {
                        while (cut > 0 && buf[cut - 1] != '\n') {
                            cut--;
                        }
                        if (cut == 0) {
                            // a line longer than the block
                            buf = Arrays.copyOf(buf, buf.length * 2);
                            continue;
                        }
                    }
                    Block block = new Block(index, offset, buf, cut);
                    for (int i = cut; i > 0; i--) {
                        if (buf[i - 1] == '\n' || buf[i - 1] == '\r') {
                            whole = offset + i;
                            break;
                        }
                    }
                    byte[] rest = filled - cut <= BLOCK ? buffer() : new byte[filled - cut];
                    System.arraycopy(buf, cut, rest, 0, filled - cut);
                    offset += cut;
                    filled -= cut;
                    buf = rest;
                    return block;
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private byte[] buffer() {
            byte[] b = free.poll();
            return b != null ? b : new byte[BLOCK];
        }

        void close() {
            if (buf != null && buf.length == BLOCK) {
                free.add(buf);
            }
            buf = null;
            try {
                in.close();
            } catch (IOException e) {
                // read to its end or abandoned: nothing to keep
            }
        }
    }

    private static void close(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // only read: nothing to keep
        }
    }

    /** The oldest block's chunk; its buffer goes back to {@code free} (a grown one is left to the collector). */
    private static Chunk take(ArrayDeque<InFlight> inFlight, ArrayDeque<byte[]> free) {
        InFlight f = inFlight.poll();
        Chunk chunk = result(f.chunk());
        if (f.buffer().length == BLOCK) {
            free.add(f.buffer());
        }
        return chunk;
    }

    /** A parser task's result; its failure rethrown. */
    private static <T> T result(Future<T> task) {
        try {
            return task.get();
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
