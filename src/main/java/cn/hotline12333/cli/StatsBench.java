package cn.hotline12333.cli;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.StatsConsumers;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.XAddParams;

/**
 * {@code hotline stats bench}: the ingest benchmark of issue 9. XADDs call records at {@code --rate} per second and
 * handling records and agent-state segments at {@code --side-rate} per second together, for {@code --seconds}, into
 * a fresh embedded Redis, while this node's consumers apply them (started as a node starts them, warm-up included,
 * the producer waiting until they are ready; {@code --warm-up 0} starts them cold); prints the rate applied, the lag from each
 * entry's XADD (its stream id) to its batch being acknowledged (p50, p99, max), the Redis memory the aggregates
 * take, and redis-benchmark's XADD rate on the same Redis for comparison. The records come from {@link BenchDay}:
 * a pool of one day's records replayed in time order, made new on each pass by rewriting their ids.
 */
final class StatsBench {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final int LAG_BINS = 120_000;

    private StatsBench() {
    }

    static int run(Map<String, String> options, Settings settings, PrintStream out, PrintStream err) throws Exception {
        int rate = Integer.parseInt(options.getOrDefault("rate", "20000"));
        int sideRate = Integer.parseInt(options.getOrDefault("side-rate", "5000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        // one hour at the density of a 1,000,000-call day, so that a batch holds a minute or two as it would live
        int poolCalls = Integer.parseInt(options.getOrDefault("pool", "42000"));
        int saturate = Integer.parseInt(options.getOrDefault("saturate", "20"));
        // seconds of the bench's own producer warming its code before the node starts (0: cold, as before 2026-12-07)
        int producerWarmUp = Integer.parseInt(options.getOrDefault("producer-warm-up", "5"));
        // the unpaced phase's window, in batches: records the consumers hold count as well as those still unread
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "4"));
        if (inFlight < 1) {
            err.println("stats bench: --in-flight must be at least 1 (batches of STATS_BATCH records)");
            return 2;
        }
        // as a node warms its consumers at start (STATS_WARM_UP); --warm-up 0 starts them cold, as before it
        StatsConsumers.WarmUp node = HotlineNode.statsWarmUp(settings);
        StatsConsumers.WarmUp warmUp = new StatsConsumers.WarmUp(node.samples(), Integer.parseInt(options.getOrDefault(
                "warm-up", Integer.toString(node.callRecords()))), node.limit());
        StatsSettings stats = StatsSettings.from(settings);
        List<String> calls = new ArrayList<>();
        List<Object[]> side = new ArrayList<>();
        BenchDay.generate(1, DAY, poolCalls, 1, (stream, json, savedAt) -> {
            if (stream.equals(CallRecords.STREAM)) {
                calls.add(json);
            } else {
                side.add(new Object[] {savedAt.toInstant(), stream, json});
            }
        });
        side.sort(Comparator.comparing(o -> (Instant) o[0]));
        out.printf("stats bench: pool of %d call records and %d handling records and agent-state segments (one hour of %s, %d queues, "
                + "%d agents, %d topics); %d calls/s and %d others/s for %d s, STATS_BATCH %d%n", calls.size(), side.size(),
                DAY, BenchDay.QUEUES, BenchDay.AGENTS, BenchDay.TOPICS, rate, sideRate, seconds, stats.batch());
        // the day ends 2026-11-23T16:00Z; a clock after it keeps every record out of quarantine
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
        try (Redis redis = Redis.connect(RedisSettings.embedded())) {
            if (producerWarmUp > 0) {
                long t = System.nanoTime();
                long n = warmProducer(redis, calls, side, rate, sideRate, producerWarmUp);
                out.printf("the bench's producer warmed before the node started: %d call records into a stream no "
                        + "consumer reads, in %.1f s, deleted%n", n, (System.nanoTime() - t) / 1e9);
            }
            long baseMemory = usedMemory(redis);
            Lags callLags = new Lags();
            Lags sideLags = new Lags();
            CpuWindows consumerCpu = new CpuWindows();
            long[] sent;
            double saturation = 0;
            Map<String, Long> beforeWarmUp = threadCpuTicks();
            long warmUpStart = System.nanoTime();
            try (StatsConsumers consumers = StatsConsumers.start(redis, stats, "bench", clock, (stream, added, n) -> {
                long now = System.currentTimeMillis();
                (stream.equals(CallRecords.STREAM) ? callLags : sideLags).add(added, now);
                consumerCpu.add(added.length, now);
            }, warmUp)) {
                // the producer starts when the node says it is ready, as a load balancer would
                StatsConsumers.Warmed w = consumers.ready().get(120, java.util.concurrent.TimeUnit.SECONDS);
                Map<String, Long> afterWarmUp = threadCpuTicks();
                out.printf("warm-up before the consumers joined: %s%n", w.stopped().equals("skipped")
                        ? "none (--warm-up 0): the consumers start with the JVM's code cold"
                        : String.format("%d call records and %d others of %d-call samples in %.2f s (stopped: %s), "
                        + "its thread's CPU %.2f s, the JVM's CPU by thread meanwhile (ms): %s; a call batch took %d "
                        + "µs of CPU a record at first, %d at last", w.callRecords(), w.records() - w.callRecords(),
                        StatsConsumers.WARM_UP_SAMPLE_CALLS, (System.nanoTime() - warmUpStart) / 1e9, w.stopped(),
                        w.cpu().toNanos() / 1e9, ticksMs(beforeWarmUp, afterWarmUp), w.firstBatchMicrosARecord(),
                        w.lastBatchMicrosARecord()));
                long t0 = System.nanoTime();
                double redisCpu0 = redisCpuSeconds(redis);
                Map<String, long[]> commands0 = commandStats(redis);
                double[] userSys0 = redisUserSys(redis);
                long jvmCpu0 = jvmCpuNanos();
                long consumerCpu0 = consumerCpuNanos();
                long consumerBytes0 = consumerAllocatedBytes();
                Map<String, Long> threads0 = threadCpuTicks();
                callLags.begin();
                sideLags.begin();
                consumerCpu.begin();
                JitWindows jit = JitWindows.start(redis);
                sent = produce(redis, calls, side, rate, sideRate, seconds);
                double sendSeconds = (System.nanoTime() - t0) / 1e9;
                long deadline = System.nanoTime() + 120_000_000_000L;
                while ((callLags.count() < sent[0] || sideLags.count() < sent[1]) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double allSeconds = (System.nanoTime() - t0) / 1e9;
                boolean all = callLags.count() >= sent[0] && sideLags.count() >= sent[1];
                out.printf("sent %d call records (%.0f/s) and %d others (%.0f/s) in %.1f s; %s after %.1f s%n",
                        sent[0], sent[0] / sendSeconds, sent[1], sent[1] / sendSeconds, sendSeconds,
                        all ? "all applied" : "NOT all applied 120 s after the last XADD, stopped", allSeconds);
                out.printf("call records applied: %d, %.0f/s over the run; lag XADD→applied p50 %d ms, p99 %d ms, max %d ms%n",
                        callLags.count(), callLags.count() / allSeconds, callLags.percentile(0.50),
                        callLags.percentile(0.99), callLags.max.get());
                Lags later = callLags.settled;
                out.printf("call records XADDed after the first %d s: %d; lag p50 %d ms, p99 %d ms, max %d ms%n",
                        Lags.SETTLED_MS / 1000, later.count(), later.percentile(0.50), later.percentile(0.99),
                        later.max.get());
                out.printf("handling records and segments applied: %d; lag p50 %d ms, p99 %d ms, max %d ms%n",
                        sideLags.count(), sideLags.percentile(0.50), sideLags.percentile(0.99), sideLags.max.get());
                out.printf("call records' largest lag by %d s of XADD time (ms), from the first XADD: %s%n",
                        Lags.WINDOW_MS / 1000, callLags.byWindow(seconds));
                out.printf("consumer threads' CPU a record applied, by %d s of apply time (µs): %s%n",
                        Lags.WINDOW_MS / 1000, consumerCpu.byWindow(allSeconds));
                out.printf("JIT compiler threads' CPU by %d s from the first XADD (ms): %s%n", Lags.WINDOW_MS / 1000,
                        jit.stop());
                out.printf("redis-server's CPU a record applied, by %d s (µs; XADDs of the window included): %s%n",
                        Lags.WINDOW_MS / 1000, jit.redisPerRecord(consumerCpu));
                double pacedRate = (callLags.count() + sideLags.count()) / allSeconds;
                double consumerSeconds = (consumerCpuNanos() - consumerCpu0) / 1e9;
                double redisCpu = redisCpuSeconds(redis) - redisCpu0;
                double jvmCpu = (jvmCpuNanos() - jvmCpu0) / 1e9;
                long records = callLags.count() + sideLags.count();
                out.printf("CPU per record applied (all kinds, %d): redis-server %.1f µs (XADDs of records not yet applied "
                        + "included), consumer threads %.1f µs, this JVM %.1f µs (producer, consumers, GC, JIT); the "
                        + "machine's load average meanwhile %.1f%n", records,
                        redisCpu * 1e6 / records, consumerSeconds * 1e6 / records, jvmCpu * 1e6 / records, ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
                out.println("this JVM's CPU per record by thread (from the first XADD; the warm-up's above): "
                        + byThread(threads0, threadCpuTicks(), records));
                out.printf("consumer threads allocated %.1f kB a record%n",
                        (consumerAllocatedBytes() - consumerBytes0) / 1e3 / records);
                out.println("paced phase, redis-server per record: " + phaseLine(redis, commands0, userSys0, records,
                        allSeconds));
                // with a backlog left (a loaded box), the phase starts by applying it: still as fast as they go
                if (saturate > 0) {
                    saturation = saturate(redis, calls, side, rate, sideRate, saturate, inFlight, sent, callLags, sideLags,
                            stats, out);
                }
                out.printf("ours, paced: %.0f records/s of all kinds applied over the run%n", pacedRate);
            }
            out.println("redis-server time per record by command (both phases): "
                    + commandTimes(redis, callLags.count() + sideLags.count()));
            redis.jedis().del(CallRecords.STREAM, "handling", "agent-states");
            long aggregates = usedMemory(redis) - baseMemory;
            out.printf("aggregates in Redis (streams deleted): %.1f MB, %.0f bytes per call record applied%n",
                    aggregates / 1e6, (double) aggregates / Math.max(1, callLags.count()));
            double unpipelined = xaddBaseline(redis, calls.get(calls.size() / 2), out);
            if (saturation > 0 && unpipelined > 0) {
                out.printf("ours against redis-benchmark: saturation %.0f records/s applied = %.0f %% of its unpipelined "
                        + "XADD rate (target ≥ 50 %%)%n", saturation, 100 * saturation / unpipelined);
            }
        }
        return 0;
    }

    /**
     * The unpaced phase: offers records (calls and others in the paced ratio) as fast as the consumers apply them,
     * keeping at most {@code window} unapplied in the streams, for {@code seconds}; prints and returns the records
     * of all kinds applied per second, with the CPU each took. This is the rate to hold against redis-benchmark's
     * XADD rate, which is also a saturation figure; the paced run only shows that the offered rate is held.
     */
    private static double saturate(Redis redis, List<String> calls, List<Object[]> side, int rate, int sideRate,
                                   int seconds, int batches, long[] sent, Lags callLags, Lags sideLags, StatsSettings stats,
                                   PrintStream out) throws InterruptedException {
        long window = (long) batches * stats.batch();
        long applied0 = callLags.count() + sideLags.count();
        double redisCpu0 = redisCpuSeconds(redis);
        Map<String, long[]> commands0 = commandStats(redis);
        double[] userSys0 = redisUserSys(redis);
        long consumerCpu0 = consumerCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        XAddParams params = XAddParams.xAddParams();
        long sentBefore = sent[0] + sent[1];
        while (System.nanoTime() < end) {
            long inFlight = sent[0] + sent[1] - callLags.count() - sideLags.count();
            long room = Math.min(2000, window - inFlight);
            if (room <= 0) {
                Thread.sleep(1);
                continue;
            }
            try (PipelineBase p = redis.jedis().pipelined()) {
                for (long i = 0; i < room; i++) {
                    // calls and others in the paced run's ratio
                    boolean call = (sent[0] + 1) * sideRate <= (sent[1] + 1) * (long) rate;
                    if (call) {
                        String json = fresh(calls.get((int) (sent[0] % calls.size())), sent[0] / calls.size() + 1000);
                        p.xadd(CallRecords.STREAM, params, Map.of(CallRecords.ID_FIELD, "b", CallRecords.JSON_FIELD, json));
                        sent[0]++;
                    } else {
                        Object[] s = side.get((int) (sent[1] % side.size()));
                        String json = fresh((String) s[2], sent[1] / side.size() + 1000);
                        p.xadd((String) s[1], params, Map.of(CallRecords.ID_FIELD, "b", CallRecords.JSON_FIELD, json));
                        sent[1]++;
                    }
                }
                p.sync();
            }
        }
        double secondsRun = (System.nanoTime() - t0) / 1e9;
        long applied = callLags.count() + sideLags.count() - applied0;
        double redisCpu = redisCpuSeconds(redis) - redisCpu0;
        double consumerCpu = (consumerCpuNanos() - consumerCpu0) / 1e9;
        String phase = phaseLine(redis, commands0, userSys0, applied, secondsRun);
        long drainUntil = System.nanoTime() + 60_000_000_000L;
        while (callLags.count() + sideLags.count() < sent[0] + sent[1] && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        double perSecond = applied / secondsRun;
        out.printf("saturation (unpaced, at most %d records unapplied, %d s): %d offered, %d applied, %.0f records/s of "
                + "all kinds; CPU per record redis-server %.1f µs (XADD included), consumer threads %.1f µs%n", window,
                seconds, sent[0] + sent[1] - sentBefore, applied, perSecond, redisCpu * 1e6 / Math.max(1, applied),
                consumerCpu * 1e6 / Math.max(1, applied));
        out.println("saturation phase, redis-server per record: " + phase);
        return perSecond;
    }

    /** XADDs at the two paces, pipelined per 5 ms tick; returns how many of each were sent. */
    private static long[] produce(Redis redis, List<String> calls, List<Object[]> side, int rate, int sideRate,
                                  int seconds) throws InterruptedException {
        return produce(redis, calls, side, rate, sideRate, seconds, "");
    }

    /**
     * The producer's loop with every stream name prefixed by {@code prefix}: with a prefix, into streams no consumer
     * reads ({@link #warmProducer}).
     */
    private static long[] produce(Redis redis, List<String> calls, List<Object[]> side, int rate, int sideRate,
                                  int seconds, String prefix) throws InterruptedException {
        String callStream = prefix + CallRecords.STREAM;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long sentCalls = 0;
        long sentSide = 0;
        XAddParams params = XAddParams.xAddParams();
        while (true) {
            long now = System.nanoTime();
            long elapsed = Math.min(now, end) - start;
            long dueCalls = elapsed * rate / 1_000_000_000L;
            long dueSide = elapsed * sideRate / 1_000_000_000L;
            if (dueCalls > sentCalls || dueSide > sentSide) {
                try (PipelineBase p = redis.jedis().pipelined()) {
                    for (; sentCalls < dueCalls; sentCalls++) {
                        String json = fresh(calls.get((int) (sentCalls % calls.size())), sentCalls / calls.size());
                        p.xadd(callStream, params, Map.of(CallRecords.ID_FIELD, "b", CallRecords.JSON_FIELD, json));
                    }
                    for (; sentSide < dueSide; sentSide++) {
                        Object[] s = side.get((int) (sentSide % side.size()));
                        String json = fresh((String) s[2], sentSide / side.size());
                        p.xadd(prefix + s[1], params, Map.of(CallRecords.ID_FIELD, "b", CallRecords.JSON_FIELD, json));
                    }
                    p.sync();
                }
            }
            if (now >= end) {
                return new long[] {sentCalls, sentSide};
            }
            Thread.sleep(5);
        }
    }

    /**
     * The producer stands in for the nodes that XADD the records, which in production have been up for hours: its
     * code (the loop, the ids rewritten, Jedis's pipelined XADD) is compiled here, into streams of other names that
     * are deleted after, before the node's consumers start, so that the run's first seconds measure the node's
     * consumers and not this JVM compiling the bench's own producer. Returns the call records sent.
     */
    private static long warmProducer(Redis redis, List<String> calls, List<Object[]> side, int rate, int sideRate,
                                     int seconds) throws InterruptedException {
        String prefix = "bench-producer-warm-up:";
        long[] sent = produce(redis, calls, side, rate, sideRate, seconds, prefix);
        redis.jedis().del(prefix + CallRecords.STREAM);
        side.stream().map(s -> prefix + s[1]).distinct().forEach(k -> redis.jedis().del(k));
        return sent[0];
    }

    /** The pool's record with ids of pass {@code pass}, so that each pass is new to the consumers. */
    private static String fresh(String json, long pass) {
        return pass == 0 ? json : json.replace("\"bc-", "\"bc" + pass + "-").replace("\"bs-", "\"bs" + pass + "-");
    }

    /**
     * redis-benchmark's XADD rate on the same server, or, without it, our own pipelined loop, said so; returns the
     * unpipelined rate (0 when redis-benchmark is missing).
     */
    private static double xaddBaseline(Redis redis, String json, PrintStream out) throws Exception {
        int port = redis.embedded().port();
        String bin = findOnPath("redis-benchmark");
        double unpipelined = 0;
        if (bin != null) {
            // Unpipelined three times, the median kept: one 2-3 s run of it swung from 47,000 to 92,000/s on this
            // machine within minutes, more than anything the ingest changes.
            List<Double> rates = new ArrayList<>();
            for (String pipeline : new String[] {"1", "1", "1", "16"}) {
                Process p = new ProcessBuilder(bin, "-h", "127.0.0.1", "-p", Integer.toString(port), "-n", "200000",
                        "-P", pipeline, "-q", "XADD", "rb-bench", "*", "id", "b", "json", json)
                        .redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                String line = text.lines().map(String::strip).filter(l -> l.contains("requests per second"))
                        .reduce((a, b) -> b).orElse(text.strip());
                out.printf("redis-benchmark XADD (50 clients, pipeline %s, this call record as payload): %s%n", pipeline,
                        line.replaceAll("^.*: ", "").replaceAll("\\s+", " "));
                Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(line);
                if (pipeline.equals("1") && m.find()) {
                    rates.add(Double.parseDouble(m.group(1)));
                }
                redis.jedis().del("rb-bench");
            }
            if (!rates.isEmpty()) {
                Collections.sort(rates);
                unpipelined = rates.get(rates.size() / 2);
                out.printf("redis-benchmark XADD unpipelined, the median of %d runs: %.0f requests per second%n",
                        rates.size(), unpipelined);
            }
            return unpipelined;
        }
        int n = 200_000;
        long t0 = System.nanoTime();
        try (PipelineBase p = redis.jedis().pipelined()) {
            for (int i = 0; i < n; i++) {
                p.xadd("rb-bench", XAddParams.xAddParams(), Map.of("id", "b", "json", json));
                if (i % 1000 == 999) {
                    p.sync();
                }
            }
            p.sync();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("no redis-benchmark on PATH: our own pipelined Jedis XADD loop (one connection, 1,000 a sync, this "
                + "call record as payload) instead: %.0f XADD/s%n", n / s);
        redis.jedis().del("rb-bench");
        return 0;
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** INFO commandstats as command → {calls, µs}, in INFO's order. */
    private static Map<String, long[]> commandStats(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "commandstats"),
                StandardCharsets.UTF_8);
        Map<String, long[]> stats = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("cmdstat_([^:]+):calls=(\\d+),usec=(\\d+)").matcher(info);
        while (m.find()) {
            stats.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return stats;
    }

    /** used_cpu_user and used_cpu_sys of INFO cpu, in seconds. */
    private static double[] redisUserSys(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "cpu"), StandardCharsets.UTF_8);
        double[] us = new double[2];
        for (String l : info.lines().toList()) {
            if (l.startsWith("used_cpu_user:")) {
                us[0] = Double.parseDouble(l.substring(14).trim());
            } else if (l.startsWith("used_cpu_sys:")) {
                us[1] = Double.parseDouble(l.substring(13).trim());
            }
        }
        return us;
    }

    /**
     * One phase's redis-server work per record since {@code commands0} and {@code userSys0}: its CPU split into user
     * and kernel time (the kernel's is mostly the sockets and the page faults of a growing stream), the share of one
     * core it used, and each command's time and calls per record (INFO commandstats; those a script calls included in
     * its own and in the script's; per 1,000 records, as a batch's commands are rare), so that two phases or two jars can be compared by count as well as by time.
     */
    private static String phaseLine(Redis redis, Map<String, long[]> commands0, double[] userSys0, long records,
                                    double seconds) {
        double[] us = redisUserSys(redis);
        long n = Math.max(1, records);
        StringBuilder b = new StringBuilder(String.format("CPU %.1f µs (user %.1f, kernel %.1f; %.0f %% of one core); "
                + "by command, its time and calls per 1,000 records: ",
                (us[0] + us[1] - userSys0[0] - userSys0[1]) * 1e6 / n, (us[0] - userSys0[0]) * 1e6 / n,
                (us[1] - userSys0[1]) * 1e6 / n, 100 * (us[0] + us[1] - userSys0[0] - userSys0[1]) / seconds));
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : commandStats(redis).entrySet()) {
            long[] before = commands0.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - before[0], e.getValue()[1] - before[1]};
            if (d[0] > 0 && (double) d[1] / n >= 0.05) {
                rows.add(Map.entry(e.getKey(), d));
            }
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        for (Map.Entry<String, long[]> r : rows) {
            b.append(String.format("%s %.1f µs (%.1f calls), ", r.getKey(), (double) r.getValue()[1] / n,
                    1000.0 * r.getValue()[0] / n));
        }
        return b.substring(0, b.length() - 2);
    }

    /** INFO commandstats: µs per record spent in each command (those the script calls included), wall time. */
    private static String commandTimes(Redis redis, long records) {
        StringBuilder out = new StringBuilder();
        commandStats(redis).forEach((cmd, cu) -> out.append(String.format("%s %.1f µs (%d calls) ", cmd,
                (double) cu[1] / records, cu[0])));
        return out.toString().strip();
    }

    private static double redisCpuSeconds(Redis redis) {
        double[] us = redisUserSys(redis);
        return us[0] + us[1];
    }

    /** Bytes the consumer threads have allocated so far: a count the machine's load does not change. */
    private static long consumerAllocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("stats-consumer")) {
                sum += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
            }
        }
        return sum;
    }

    private static long consumerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("stats-consumer")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /**
     * CPU ticks (1/100 s) of this JVM's threads so far, grouped by what they do, from /proc (Linux; empty
     * elsewhere): the consumers, the producer (this main thread, named after the launcher), the JIT compilers, the garbage collector, the
     * rest. The JVM's own threads are not Java threads, so the management beans do not see them.
     */
    private static Map<String, Long> threadCpuTicks() {
        return ThreadTicks.read(List.of("consumers", "producer", "JIT", "GC", "other"),
                name -> name.equals("stats-consumer") ? "consumers" : name.equals("java") ? "producer"
                        : name.contains("CompilerThre") ? "JIT" : ThreadTicks.collector(name) ? "GC" : "other");
    }

    private static String byThread(Map<String, Long> before, Map<String, Long> after, long records) {
        if (after.isEmpty()) {
            return "not available (no /proc)";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            b.append(String.format("%s %.1f µs, ", e.getKey(), ticks * 1e4 / Math.max(1, records)));
        }
        return b.substring(0, b.length() - 2) + " (the GC group includes the VM thread; threads that ended are missing)";
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedMemory(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "memory"), StandardCharsets.UTF_8);
        return Long.parseLong(info.lines().filter(l -> l.startsWith("used_memory:")).findFirst()
                .orElse("used_memory:0").substring(12).trim());
    }

    /** Per-thread CPU ticks by group between two readings of {@link #threadCpuTicks}, in ms. */
    private static String ticksMs(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(10 * (e.getValue() - before.getOrDefault(e.getKey(), 0L)));
        }
        return b.length() == 0 ? "not available (no /proc)" : b.toString();
    }

    /**
     * The consumer threads' CPU a record, per {@value Lags#WINDOW_MS} ms of apply time: each batch's CPU is the
     * thread's CPU since its previous batch (read on the consumer thread when the batch is acknowledged), so code
     * that runs interpreted or waits for its compilation shows as dear records in the first windows.
     */
    private static final class CpuWindows {
        final AtomicLongArray nanos = new AtomicLongArray(1000);
        final AtomicLongArray records = new AtomicLongArray(1000);
        final ThreadLocal<long[]> last = new ThreadLocal<>();
        // each consumer thread's CPU when the producer started (the warming thread's includes its warm-up)
        final Map<Long, Long> beforeFirstBatch = new java.util.concurrent.ConcurrentHashMap<>();
        volatile long start = System.currentTimeMillis();

        void begin() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("stats-consumer")) {
                    beforeFirstBatch.put(t.getId(), Math.max(0, threads.getThreadCpuTime(t.getId())));
                }
            }
            start = System.currentTimeMillis();
        }

        void add(int n, long now) {
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long[] l = last.get();
            if (l == null) {
                // the thread's first batch: its CPU since it started, the warm-up (if it ran it) left out
                l = new long[] {beforeFirstBatch.getOrDefault(Thread.currentThread().getId(), 0L)};
                last.set(l);
            }
            int w = (int) Math.min(nanos.length() - 1, Math.max(0, now - start) / Lags.WINDOW_MS);
            nanos.addAndGet(w, cpu - l[0]);
            records.addAndGet(w, n);
            l[0] = cpu;
        }


        String byWindow(double seconds) {
            StringBuilder b = new StringBuilder();
            int windows = (int) Math.min(nanos.length(), Math.ceil(seconds * 1000 / Lags.WINDOW_MS));
            for (int w = 0; w < windows; w++) {
                long n = records.get(w);
                b.append(w == 0 ? "" : " ").append(n == 0 ? "-" : String.format("%.1f", nanos.get(w) / 1e3 / n));
            }
            return b.toString();
        }
    }

    /**
     * The JIT compiler threads' CPU (from /proc) and redis-server's (INFO cpu) per {@value Lags#WINDOW_MS} ms,
     * sampled on a thread of its own.
     */
    private static final class JitWindows {
        final List<Long> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Double> redisSeconds = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Redis redis;
        final Thread sampler;
        volatile boolean running = true;

        private JitWindows(Redis redis) {
            this.redis = redis;
            sampler = new Thread(() -> {
                long next = System.nanoTime();
                while (running) {
                    ticks.add(threadCpuTicks().getOrDefault("JIT", 0L));
                    redisSeconds.add(redisCpuSeconds(redis));
                    next += Lags.WINDOW_MS * 1_000_000L;
                    try {
                        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-jit-sampler");
            sampler.setDaemon(true);
        }

        static JitWindows start(Redis redis) {
            JitWindows j = new JitWindows(redis);
            j.sampler.start();
            return j;
        }

        /** Stops sampling; returns the JIT's ms per window. */
        String stop() {
            running = false;
            sampler.interrupt();
            try {
                sampler.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Long> t = new ArrayList<>(ticks);
            t.add(threadCpuTicks().getOrDefault("JIT", 0L));
            redisSeconds.add(redisCpuSeconds(redis));
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < t.size(); i++) {
                b.append(i == 1 ? "" : " ").append(10 * (t.get(i) - t.get(i - 1)));
            }
            return b.toString();
        }

        /** redis-server's CPU a record applied in each window (µs), the records from {@code applied}. */
        String redisPerRecord(CpuWindows applied) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < redisSeconds.size(); i++) {
                long n = applied.records.get(i - 1);
                b.append(i == 1 ? "" : " ").append(n == 0 ? "-"
                        : String.format("%.1f", (redisSeconds.get(i) - redisSeconds.get(i - 1)) * 1e6 / n));
            }
            return b.toString();
        }
    }

    /**
     * Lags in 1 ms bins to two minutes (more counts as two minutes), filled from the consumer threads; and the
     * largest lag of the entries added in each {@value #WINDOW_MS} ms of the run, to tell a backlog while the JVM
     * warms up from one that builds later.
     */
    private static final class Lags {
        static final int WINDOW_MS = 5000;
        final AtomicLongArray bins = new AtomicLongArray(LAG_BINS + 1);
        final AtomicLong total = new AtomicLong();
        final AtomicLong max = new AtomicLong();
        volatile long start = System.currentTimeMillis();
        final AtomicLongArray windows = new AtomicLongArray(1000);

        /** Windows count from now: the first XADD (after the warm-up). */
        void begin() {
            start = System.currentTimeMillis();
        }

        /** The lags of the entries added after the first {@value #SETTLED_MS} ms of the run (null in that one). */
        final Lags settled;
        static final int SETTLED_MS = 10_000;

        Lags() {
            this(true);
        }

        private Lags(boolean withSettled) {
            settled = withSettled ? new Lags(false) : null;
        }

        void add(long[] addedAt, long now) {
            for (long a : addedAt) {
                long lag = Math.max(0, now - a);
                if (settled != null && a - start >= SETTLED_MS) {
                    settled.add(lag);
                }
                bins.incrementAndGet((int) Math.min(LAG_BINS, lag));
                max.accumulateAndGet(lag, Math::max);
                int w = (int) Math.min(windows.length() - 1, Math.max(0, a - start) / WINDOW_MS);
                if (lag > windows.get(w)) {
                    windows.accumulateAndGet(w, lag, Math::max);
                }
            }
            total.addAndGet(addedAt.length);
        }

        private void add(long lag) {
            bins.incrementAndGet((int) Math.min(LAG_BINS, lag));
            max.accumulateAndGet(lag, Math::max);
            total.incrementAndGet();
        }

        /** The largest lag in each window of the first {@code seconds}, in ms, space-separated. */
        String byWindow(int seconds) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < Math.min(windows.length(), (seconds * 1000 + WINDOW_MS - 1) / WINDOW_MS); w++) {
                b.append(w == 0 ? "" : " ").append(windows.get(w));
            }
            return b.toString();
        }

        long count() {
            return total.get();
        }

        long percentile(double q) {
            long want = (long) Math.ceil(q * total.get());
            long seen = 0;
            for (int i = 0; i <= LAG_BINS; i++) {
                seen += bins.get(i);
                if (seen >= want && want > 0) {
                    return i;
                }
            }
            return 0;
        }
    }
}
