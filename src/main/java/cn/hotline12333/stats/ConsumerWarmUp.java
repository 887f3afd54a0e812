package cn.hotline12333.stats;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.stats.StatsConsumers.Sample;
import cn.hotline12333.stats.StatsConsumers.Warmed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.RedisInputStream;
import redis.clients.jedis.util.RedisOutputStream;

/**
 * A node's statistics consumers warming their code before they join the group: sample records are put through
 * what a consumer does with a batch — XREADGROUP's reply decoded from RESP bytes, each record's JSON read into its
 * contribution, the batch summed and its script call encoded — with Redis left out (the reply is made here, the
 * script call written to nothing). A JVM runs that code interpreted until its compilers have seen it often
 * enough, about ten times slower; a node started (or restarted) during a peak would otherwise meet its first
 * backlog with such code. Nothing is written, counted or kept: the samples go through their own {@link Ingest}.
 */
final class ConsumerWarmUp {
    /** Later than any sample's end, so that none is taken for a record from the future (Checks). */
    private static final Instant AS_OF = Instant.parse("9000-01-01T00:00:00Z");

    private ConsumerWarmUp() {
    }

    /**
     * Makes the samples, then runs rounds of one batch of each stream's samples (the calls' batch {@code batch} records, the others' at most
     * that) until {@code callRecords} call records went through, {@code limit} passed, or {@code stop} says so.
     */
    static Warmed run(Supplier<List<Sample>> made, StatsSettings settings, int callRecords, Duration limit,
                      BooleanSupplier stop) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        List<Sample> samples = made.get();
        Map<String, byte[]> replies = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String stream : StatsConsumers.STREAMS) {
            List<byte[]> jsons = samples.stream().filter(s -> s.stream().equals(stream)).map(Sample::json).toList();
            if (!jsons.isEmpty()) {
                // the others come at a quarter of the calls' rate, so in smaller batches
                int n = stream.equals(Contributions.CALLS) ? settings.batch() : Math.max(1, settings.batch() / 4);
                replies.put(stream, reply(stream, jsons, n));
                sizes.put(stream, n);
            }
        }
        Ingest ingest = new Ingest(settings);
        RedisOutputStream nowhere = new RedisOutputStream(OutputStream.nullOutputStream());
        long records = 0;
        long calls = 0;
        long problems = 0;
        long firstBatchNanos = 0;
        long lastBatchNanos = 0;
        String stopped = "records";
        while (calls < callRecords && !replies.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                stopped = "time_limit";
                break;
            }
            if (stop.getAsBoolean()) {
                stopped = "closed";
                break;
            }
            for (Map.Entry<String, byte[]> r : replies.entrySet()) {
                long b0 = cpu.getCurrentThreadCpuTime();
                List<StatsConsumers.Entry> entries = StatsConsumers.entries(
                        Protocol.read(new RedisInputStream(new ByteArrayInputStream(r.getValue()))));
                List<Contribution> batch = new ArrayList<>(entries.size());
                for (StatsConsumers.Entry e : entries) {
                    Ingest.Result result = ingest.read(r.getKey(), e.json(), 0, e.json().length, AS_OF);
                    if (result.problem() != null) {
                        problems++;
                    } else {
                        batch.add(result.contribution());
                    }
                }
                Applier.dryRun(batch, nowhere);
                records += entries.size();
                if (r.getKey().equals(Contributions.CALLS)) {
                    long took = (cpu.getCurrentThreadCpuTime() - b0) / entries.size();
                    firstBatchNanos = calls == 0 ? took : firstBatchNanos;
                    lastBatchNanos = took;
                    calls += entries.size();
                }
            }
        }
        return new Warmed(records, calls, problems, Duration.ofNanos(System.nanoTime() - t0),
                Duration.ofNanos(cpu.getCurrentThreadCpuTime() - cpu0), firstBatchNanos / 1000, lastBatchNanos / 1000,
                stopped);
    }

    /**
     * XREADGROUP's reply (RESP2) for {@code n} entries of {@code stream}, the samples in turn: ids from 1-0 on,
     * fields {@code id} and {@code json} as the call log writes them.
     */
    static byte[] reply(String stream, List<byte[]> jsons, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        array(out, 1);
        array(out, 2);
        bulk(out, stream.getBytes(StandardCharsets.UTF_8));
        array(out, n);
        for (int i = 0; i < n; i++) {
            array(out, 2);
            bulk(out, ("1-" + i).getBytes(StandardCharsets.US_ASCII));
            array(out, 4);
            bulk(out, ID);
            bulk(out, WARM);
            bulk(out, JSON);
            bulk(out, jsons.get(i % jsons.size()));
        }
        return out.toByteArray();
    }

    private static final byte[] ID = CallRecords.ID_FIELD.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = CallRecords.JSON_FIELD.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WARM = "warm-up".getBytes(StandardCharsets.US_ASCII);

    private static void array(ByteArrayOutputStream out, int n) {
        out.writeBytes(("*" + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void bulk(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
