package cn.hotline12333.cli;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.DayRebuild;
import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.Statistics;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code hotline stats bench --day}: issue 9's report and rebuild figures on one Beijing day of {@code --calls}
 * (1,000,000) calls with their handling records and agent-state segments ({@link BenchDay}). Writes the day's JSONL
 * files into {@code --dir} (kept for the next run), loads them into a fresh embedded Redis with {@code stats
 * rebuild} (timed, with the heap it grows), measures Redis memory before and after, then times the reports.
 */
final class StatsDayBench {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private StatsDayBench() {
    }

    static int run(Map<String, String> options, Settings settings, PrintStream out) throws Exception {
        int calls = Integer.parseInt(options.getOrDefault("calls", "1000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "20"));
        Path dir = Path.of(options.getOrDefault("dir", "target/stats-bench-day-" + calls));
        StatsSettings stats = StatsSettings.from(settings);
        if (!Files.isRegularFile(dir.resolve("cdr-" + DAY + ".jsonl"))) {
            long t0 = System.nanoTime();
            Map<String, Long> counts = write(dir, calls);
            out.printf("generated %s in %.1f s: %s%n", dir, (System.nanoTime() - t0) / 1e9, counts);
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
        try (Redis redis = Redis.connect(RedisSettings.embedded())) {
            long before = usedMemory(redis);
            HeapWatch heap = new HeapWatch();
            long cpu0 = jvmCpuNanos();
            Map<String, Long> threads0 = threadCpuTicks();
            double redisCpu0 = redisCpuSeconds(redis);
            long t0 = System.nanoTime();
            DayRebuild rebuild = new DayRebuild(redis, stats, clock, out);
            long records = 0;
            for (DayRebuild.Result r : rebuild.rebuild(List.of(DAY.minusDays(1), DAY), List.of(dir)).values()) {
                records += r.records();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (jvmCpuNanos() - cpu0) / 1e9;
            double redisCpu = redisCpuSeconds(redis) - redisCpu0;
            Map<String, Long> threads = threadCpuTicks();
            heap.stop();
            out.printf("stats rebuild of the day (UTC days %s and %s) from JSONL: %d records in %.1f s (%.0f/s); CPU %.1f s "
                    + "in this JVM (%.1f µs a record) and %.1f s in redis-server (%.1f µs); machine load average %.1f%n",
                    DAY.minusDays(1), DAY, records, seconds, records / seconds, cpu, cpu * 1e6 / records, redisCpu,
                    redisCpu * 1e6 / records, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.println("the rebuild's JVM CPU per record by thread: " + byThread(threads0, threads, cpu, records));
            out.printf("heap during the rebuild: limit (-Xmx) %d MB, %d MB in use after a full GC before it, so the "
                    + "rebuild's live data grew by at most %d MB; %d collections (%d full) took %.1f s of its %.1f s; in "
                    + "use right after a collection at most %d MB above the start (an upper bound: garbage a young "
                    + "collection leaves in the old generation counts); sampled every 50 ms with garbage %d MB; %d MB "
                    + "after a full GC at the end%n", heap.limit() >> 20, heap.base() >> 20,
                    (heap.limit() - heap.base()) >> 20, heap.collections(), heap.fullCollections(), heap.gcSeconds(),
                    seconds, heap.retainedPeak() >> 20, heap.peakGrowth() >> 20, heap.retained() >> 20);
            long after = usedMemory(redis);
            out.printf("Redis memory for the day: %.1f MB (used_memory %d → %d)%n", (after - before) / 1e6, before, after);
            out.println("the rebuilt keys' contents: " + contents(redis.jedis()));

            ZonedDateTime from = DAY.atStartOfDay(BEIJING);
            ReportQuery fullDay = query(from, from.plusDays(1), Interval.M15);
            ReportQuery daily = query(from, from.plusDays(1), Interval.DAY);
            Statistics first = new Statistics(redis, stats, clock);
            long f0 = System.nanoTime();
            ReportTable firstTable = first.queues(fullDay);
            out.printf("first request in this JVM (full-day 15-minute queue report): %d ms, %d rows%n",
                    (System.nanoTime() - f0) / 1_000_000, rows(firstTable));
            Statistics s = new Statistics(redis, stats, clock);
            time(out, "full-day 15-minute queue report, all queues", rounds, () -> s.queues(fullDay));
            time(out, "agent report, the day, all agents", rounds, () -> s.agents(daily));
            time(out, "topic report, the day", rounds, () -> s.topics(daily));
            time(out, "IVR funnel, the day", rounds, () -> s.ivrFunnel(daily));
            time(out, "31-day daily queue report", rounds, () -> s.queues(query(from.minusDays(30), from.plusDays(1),
                    Interval.DAY)));
        }
        return 0;
    }

    private static ReportQuery query(ZonedDateTime from, ZonedDateTime to, Interval interval) {
        return new ReportQuery(from, to, interval, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    private static void time(PrintStream out, String what, int rounds, java.util.function.Supplier<ReportTable> report) {
        long[] ms = new long[rounds];
        int rows = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            rows = rows(report.get());
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(ms);
        out.printf("%s: %d rows; %d runs: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n", what, rows, rounds,
                ms[(int) Math.ceil(0.50 * rounds) - 1], ms[(int) Math.ceil(0.95 * rounds) - 1],
                ms[(int) Math.ceil(0.99 * rounds) - 1], ms[rounds - 1]);
    }

    /** Walks the rows (some reports produce them lazily) and counts them. */
    private static int rows(ReportTable table) {
        int n = 0;
        for (List<Object> row : table.rows()) {
            n += row.isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** The day's records in the files of the Beijing day each was saved on, as the nodes write them. */
    private static Map<String, Long> write(Path dir, int calls) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> files = new HashMap<>();
        Map<String, Long> counts = new java.util.TreeMap<>();
        Function<String, String> prefix = stream -> switch (stream) {
            case CallRecords.STREAM -> "cdr-";
            case AgentStateSegment.STREAM -> "agent-states-";
            default -> "handling-";
        };
        try {
            BenchDay.generate(20261123L, DAY, calls, 23, (stream, json, savedAt) -> {
                String name = prefix.apply(stream) + savedAt.atZoneSameInstant(BEIJING).toLocalDate() + ".jsonl";
                try {
                    BufferedWriter w = files.get(name);
                    if (w == null) {
                        w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
                        files.put(name, w);
                    }
                    w.write(json);
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts.merge(stream, 1L, Long::sum);
            });
        } finally {
            for (BufferedWriter w : files.values()) {
                w.close();
            }
        }
        return counts;
    }

    /**
     * How many keys Redis holds after the rebuild, and a SHA-256 of every key's name and contents (hash fields,
     * set members and bins in sorted order): a rebuild that writes other figures gives another digest, so two
     * versions of the rebuild can be held to the same result on the same day.
     */
    static String contents(UnifiedJedis jedis) {
        List<String> keys = new ArrayList<>();
        ScanParams params = new ScanParams().count(10_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        Collections.sort(keys);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String key : keys) {
            sha.update((key + "\n").getBytes(StandardCharsets.UTF_8));
            switch (jedis.type(key)) {
                case "hash" -> new TreeMap<>(jedis.hgetAll(key)).forEach((f, v) ->
                        sha.update((f + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
                case "set" -> new TreeSet<>(jedis.smembers(key)).forEach(m ->
                        sha.update((m + "\n").getBytes(StandardCharsets.UTF_8)));
                case "string" -> sha.update(jedis.get(key.getBytes(StandardCharsets.UTF_8)));
                default -> sha.update(("(" + jedis.type(key) + ")\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return keys.size() + " keys, SHA-256 " + HexFormat.of().formatHex(sha.digest());
    }

    private static long usedMemory(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "memory"),
                StandardCharsets.UTF_8);
        return Long.parseLong(info.lines().filter(l -> l.startsWith("used_memory:")).findFirst()
                .orElse("used_memory:0").substring(12).trim());
    }

    /** This JVM's CPU time so far, all threads. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU ticks (1/100 s) of this JVM's live threads so far, grouped by what they do in a rebuild, from /proc (Linux;
     * empty elsewhere): the summing thread (this main thread, named after the launcher), the C2 and C1 compilers, the
     * garbage collector with the VM thread, the rest. The JVM's own threads are not Java threads, so the management
     * beans do not see them. The parser threads have ended when the rebuild returns: they are what the JVM's CPU
     * holds beyond these.
     */
    private static Map<String, Long> threadCpuTicks() {
        return ThreadTicks.read(List.of("summing", "C2", "C1", "GC", "other"), name -> name.equals("java") ? "summing"
                : name.startsWith("C2 Compiler") ? "C2" : name.startsWith("C1 Compiler") ? "C1"
                : ThreadTicks.collector(name) ? "GC" : "other");
    }

    /** The CPU of each group between two readings, and the parser threads' as the rest of {@code cpu} seconds. */
    private static String byThread(Map<String, Long> before, Map<String, Long> after, double cpu, long records) {
        if (after.isEmpty()) {
            return "not available (no /proc)";
        }
        StringBuilder b = new StringBuilder();
        double rest = cpu;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            double seconds = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 100.0;
            rest -= seconds;
            b.append(String.format(", %s %.1f µs (%.1f s)", e.getKey(), seconds * 1e6 / Math.max(1, records), seconds));
        }
        return String.format("parsers %.1f µs (%.1f s)", rest * 1e6 / Math.max(1, records), rest) + b
                + " (GC includes the VM thread)";
    }

    private static double redisCpuSeconds(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "cpu"), StandardCharsets.UTF_8);
        return info.lines().filter(l -> l.startsWith("used_cpu_sys:") || l.startsWith("used_cpu_user:"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim())).sum();
    }

    /**
     * The rebuild's heap: sampled used heap (garbage included), and the heap in use right after each garbage
     * collection (told by the collectors' notifications), both above the heap after a full GC at the start.
     */
    private static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long base;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong afterGc = new AtomicLong();
        private final AtomicLong gcs = new AtomicLong();
        private final AtomicLong fullGcs = new AtomicLong();
        private final AtomicLong gcMillis = new AtomicLong();
        private final List<Runnable> unsubscribe = new java.util.ArrayList<>();
        private final Thread sampler;
        private volatile boolean running = true;

        HeapWatch() {
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            System.gc();
            base = memory.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            sampler.setDaemon(true);
            sampler.start();
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    javax.management.NotificationListener listener = (n, hb) -> {
                        if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo
                                .GARBAGE_COLLECTION_NOTIFICATION)) {
                            com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management
                                    .GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
                            // the heap's pools only: the map also holds Metaspace and the code cache
                            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                    .filter(e -> heapPools.contains(e.getKey()))
                                    .mapToLong(e -> e.getValue().getUsed()).sum();
                            afterGc.accumulateAndGet(used, Math::max);
                            gcs.incrementAndGet();
                            gcMillis.addAndGet(info.getGcInfo().getDuration());
                            // G1 and Parallel name their whole-heap collections so ("end of major GC")
                            if (info.getGcAction().contains("major")) {
                                fullGcs.incrementAndGet();
                            }
                        }
                    };
                    emitter.addNotificationListener(listener, null, null);
                    unsubscribe.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (javax.management.ListenerNotFoundException e) {
                            // already gone
                        }
                    });
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
            unsubscribe.forEach(Runnable::run);
        }

        /** The heap's limit: at most {@link #base} + 256 MB, a rebuild that finishes grew by less than 256 MB. */
        long limit() {
            return Runtime.getRuntime().maxMemory();
        }

        long base() {
            return base;
        }

        long fullCollections() {
            return fullGcs.get();
        }

        double gcSeconds() {
            return gcMillis.get() / 1e3;
        }

        long retainedPeak() {
            return Math.max(0, afterGc.get() - base);
        }

        long collections() {
            return gcs.get();
        }

        long peakGrowth() {
            return Math.max(0, peak.get() - base);
        }

        long retained() {
            System.gc();
            return Math.max(0, memory.getHeapMemoryUsage().getUsed() - base);
        }
    }
}
