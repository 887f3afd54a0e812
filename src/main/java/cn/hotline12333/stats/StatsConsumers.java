package cn.hotline12333.stats;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Consumers of the record streams ({@code calls}, {@code handling}, {@code agent-states}) in the consumer group
 * {@value #GROUP}, on this node's own threads (never a Netty loop): {@value #CALL_CONSUMERS} for the calls, so
 * that one parses its batch while the other's script runs in Redis, and one for each of the others. Each reads a
 * batch with XREADGROUP (without a backlog, at most every {@value #COALESCE_MS} ms, so that batches stay large),
 * applies it with one script call per UTC day, then XACKs it; entries another node took and left pending for
 * {@code claimIdle} are taken over with XAUTOCLAIM, so a dead node's records are applied within about
 * {@code claimIdle} + 1 s. Applying is idempotent, so an entry applied by a node that died before its XACK counts
 * once. A record that cannot be aggregated is quarantined and acknowledged. Started with a {@link WarmUp}, they
 * first run their code on sample records without Redis ({@link ConsumerWarmUp}) and join the group after it.
 */
public final class StatsConsumers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsConsumers.class);
    public static final String GROUP = "stats";
    static final List<String> STREAMS = List.of(CallRecords.STREAM, Contributions.HANDLING, Contributions.STATES);
    private static final int BLOCK_MS = 1000;
    /**
     * Least time between the starts of two reads of one consumer while the last read did not fill a batch. The
     * fields a batch writes grow slower than its records (a quarter hour's calls share their queue, topic and
     * calls hashes), so Redis spends less a record on larger batches: without a backlog, a consumer would read
     * every few milliseconds and apply tiny batches, at the highest cost a record, until a backlog built up.
     * Under a backlog every read is full and nothing waits.
     */
    static final long COALESCE_MS = 200;
    static final int CALL_CONSUMERS = 2;
    /**
     * The first retention sweep after the consumers join: a node started or restarted at the peak first catches up
     * with the streams; every node sweeps hourly after that, and again a minute after a sweep Redis refused.
     */
    static final Duration FIRST_SWEEP = Duration.ofMinutes(1);
    static final Duration SWEEP_EVERY = Duration.ofHours(1);
    static final Duration SWEEP_RETRY = Duration.ofMinutes(1);
    /** Calls a node generates to warm its consumers on (with their handling records and state segments). */
    public static final int WARM_UP_SAMPLE_CALLS = 4000;
    /** Call records a warm-up puts through at most (in batches of STATS_BATCH; the samples over and over). */
    public static final int WARM_UP_CALL_RECORDS = 100_000;
    private static final StreamEntryID ZERO = new StreamEntryID(0, 0);
    private static final byte[] GROUP_ARG = SafeEncoder.encode("GROUP");
    private static final byte[] GROUP_NAME = SafeEncoder.encode(GROUP);
    private static final byte[] COUNT_ARG = SafeEncoder.encode("COUNT");
    private static final byte[] BLOCK_ARG = SafeEncoder.encode("BLOCK");
    private static final byte[] STREAMS_ARG = SafeEncoder.encode("STREAMS");
    private static final byte[] JSON_FIELD = SafeEncoder.encode(CallRecords.JSON_FIELD);

    private final UnifiedJedis jedis;
    private final StatsSettings settings;
    private final String consumer;
    private final Clock clock;
    private final Ingest ingest;
    private final Applier applier;
    private final Quarantine quarantine;
    private final ExecutorService threads;
    // the retention sweep (roll-ups, expired days): a day's roll-up reads every bucket of the day, seconds of work
    // that on a consumer's thread left half the calls' consumers idle meanwhile, at a node's start among others
    private final ScheduledExecutorService sweeper;
    private final Runnable sweep;
    private final Duration sweepRetry;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Applied listener;
    // completed once, by the first consumer thread, when the warm-up is done; the others wait for it (latch)
    private final CompletableFuture<Warmed> ready = new CompletableFuture<>();
    private final CountDownLatch warmed = new CountDownLatch(1);

    /**
     * Records to warm the consumers' code on at start, before they join the group (see {@link ConsumerWarmUp}):
     * at most {@code callRecords} call records' worth of rounds and at most {@code limit}, made on the warming
     * thread (so a node's start does not wait for them); {@link #NONE} skips it.
     */
    public record WarmUp(Supplier<List<Sample>> samples, int callRecords, Duration limit) {
        public static final WarmUp NONE = new WarmUp(List::of, 0, Duration.ZERO);
    }

    /** A sample record for the warm-up: its stream and its JSON as the call log writes it. */
    public record Sample(String stream, byte[] json) {
    }

    /**
     * What the warm-up did: records of all kinds and call records put through, those refused (a sample that does
     * not read: a bug), its time and this thread's CPU, the first and last call batch's CPU a record, and why it
     * stopped ({@code records}, {@code time_limit}, {@code closed}, {@code skipped}).
     */
    public record Warmed(long records, long callRecords, long problems, Duration took, Duration cpu,
                         long firstBatchMicrosARecord, long lastBatchMicrosARecord, String stopped) {
        static final Warmed SKIPPED = new Warmed(0, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0, "skipped");
    }

    /** Told after each batch is acknowledged, on a consumer thread: the stream and its entries' XADD times. */
    @FunctionalInterface
    public interface Applied {
        void applied(String stream, long[] addedAtMillis, int count);
    }

    private StatsConsumers(Redis redis, StatsSettings settings, String consumer, Clock clock, Applied listener,
                           Runnable sweep, Duration sweepRetry) {
        this.sweepRetry = sweepRetry;
        this.jedis = redis.jedis();
        this.listener = listener;
        this.settings = settings;
        this.consumer = consumer;
        this.clock = clock;
        this.ingest = new Ingest(settings);
        this.applier = new Applier(jedis);
        this.quarantine = new Quarantine(jedis);
        this.sweep = sweep != null ? sweep : () -> new Retention(jedis, settings.bucketDays(), settings.zone(),
                settings.rollupDays()).sweep(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stats-retention");
            t.setDaemon(true);
            return t;
        });
        this.threads = Executors.newFixedThreadPool(STREAMS.size() + CALL_CONSUMERS - 1, r -> {
            Thread t = new Thread(r, "stats-consumer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the three consumers; {@code consumer} names this node in the group (HOTLINE_NODE). */
    public static StatsConsumers start(Redis redis, StatsSettings settings, String consumer, Clock clock) {
        return start(redis, settings, consumer, clock, (stream, addedAt, count) -> { });
    }

    /** As above, telling {@code listener} of every batch applied (the ingest benchmark measures lag with it). */
    public static StatsConsumers start(Redis redis, StatsSettings settings, String consumer, Clock clock,
                                       Applied listener) {
        return start(redis, settings, consumer, clock, listener, WarmUp.NONE);
    }

    /**
     * As above, the consumers first warming their code on {@code warmUp}'s samples (on the first consumer's thread;
     * the others wait for it), so that a node started or restarted during a peak meets its backlog with compiled
     * code; {@link #ready()} completes when they join the group.
     */
    public static StatsConsumers start(Redis redis, StatsSettings settings, String consumer, Clock clock,
                                       Applied listener, WarmUp warmUp) {
        return start(redis, settings, consumer, clock, listener, warmUp, null, FIRST_SWEEP, SWEEP_RETRY);
    }

    /**
     * As above with the retention sweep given ({@code null}: {@link Retention}'s), its first run's delay and the
     * delay before a failed one is tried again.
     */
    static StatsConsumers start(Redis redis, StatsSettings settings, String consumer, Clock clock,
                                Applied listener, WarmUp warmUp, Runnable sweep, Duration firstSweep,
                                Duration sweepRetry) {
        StatsConsumers c = new StatsConsumers(redis, settings, consumer, clock, listener, sweep, sweepRetry);
        boolean first = true;
        for (String stream : STREAMS) {
            int n = stream.equals(CallRecords.STREAM) ? CALL_CONSUMERS : 1;
            for (int i = 0; i < n; i++) {
                // the first keeps the node's own name, so a restart still finds what it left pending
                String name = i == 0 ? consumer : consumer + "#" + i;
                boolean warms = first;
                first = false;
                c.threads.execute(() -> {
                    if (warms) {
                        c.warmUp(warmUp);
                    }
                    if (c.awaitWarmUp()) {
                        c.run(stream, name);
                    }
                });
            }
        }
        c.ready.thenRun(() -> c.scheduleSweep(firstSweep));
        log.info("event=stats_consumers_started consumer={} group={} streams={}", consumer, GROUP, STREAMS);
        Integer packed = packedHashLimit(c.jedis);
        if (packed != null && packed > 2 * EmbeddedRedis.HASH_MAX_PACKED_ENTRIES) {
            log.warn("event=stats_redis_packs_large_hashes hash_max_ziplist_entries={} recommended={} (every HINCRBY "
                    + "on a bigger statistics hash searches it field by field; deploy/redis/hotline.conf)", packed,
                    EmbeddedRedis.HASH_MAX_PACKED_ENTRIES);
        }
        return c;
    }

    /** Completes when the consumers have warmed up and are joining the group (at once without a warm-up). */
    public CompletableFuture<Warmed> ready() {
        return ready;
    }

    private void warmUp(WarmUp warmUp) {
        Warmed w = Warmed.SKIPPED;
        try {
            if (warmUp.callRecords() > 0 && !warmUp.limit().isZero() && !warmUp.limit().isNegative()) {
                w = ConsumerWarmUp.run(warmUp.samples(), settings, warmUp.callRecords(), warmUp.limit(),
                        () -> !running.get());
                log.info("event=stats_consumers_warmed records={} call_records={} problems={} ms={} cpu_ms={} "
                        + "first_batch_us_a_record={} last_batch_us_a_record={} stopped={}", w.records(),
                        w.callRecords(), w.problems(), w.took().toMillis(), w.cpu().toMillis(),
                        w.firstBatchMicrosARecord(), w.lastBatchMicrosARecord(), w.stopped());
            }
        } catch (RuntimeException | Error e) {
            // a warm-up that fails must not keep the node from aggregating
            log.error("event=stats_consumers_warm_up_failed", e);
        } finally {
            warmed.countDown();
            ready.complete(w);
        }
    }

    private boolean awaitWarmUp() {
        try {
            warmed.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The server's {@code hash-max-ziplist-entries} (Redis 7 answers for its alias hash-max-listpack-entries too),
     * or null when it cannot be read (a managed Redis may refuse CONFIG, or Redis is down): a hint, never a reason
     * not to start.
     */
    static Integer packedHashLimit(UnifiedJedis jedis) {
        try {
            Object reply = jedis.sendCommand(Protocol.Command.CONFIG, "GET", "hash-max-ziplist-entries");
            if (reply instanceof List<?> kv && kv.size() == 2 && kv.get(1) instanceof byte[] value) {
                return Integer.valueOf(new String(value, java.nio.charset.StandardCharsets.US_ASCII));
            }
        } catch (JedisException | NumberFormatException e) {
            log.debug("event=stats_redis_config_unreadable reason={}", e.toString());
        }
        return null;
    }

    private void scheduleSweep(Duration delay) {
        if (!running.get()) {
            return;
        }
        try {
            sweeper.schedule(this::sweepNow, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Every node sweeps (deleting and rolling up are idempotent); a sweep Redis refused is tried again soon. */
    private void sweepNow() {
        Duration next = SWEEP_EVERY;
        try {
            sweep.run();
        } catch (JedisException e) {
            log.warn("event=stats_retention_failed error=\"{}\"", e.getMessage());
            next = sweepRetry;
        } catch (RuntimeException e) {
            log.error("event=stats_retention_bug", e);
            next = sweepRetry;
        }
        scheduleSweep(next);
    }

    private void run(String stream, String consumer) {
        boolean failing = false;
        long nextClaim = 0;
        boolean ownPendingDone = false;
        boolean groupReady = false;
        long lastRead = System.nanoTime();
        int lastCount = 0;
        while (running.get()) {
            try {
                if (!groupReady) {
                    ensureGroup(stream);
                    groupReady = true;
                }
                if (!ownPendingDone) {
                    // entries this consumer took before a restart and never acknowledged
                    ownPendingDone = read(stream, consumer, ZERO) == 0;
                    continue;
                }
                if (System.nanoTime() >= nextClaim) {
                    claim(stream, consumer);
                    nextClaim = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                if (lastCount < settings.batch()) {
                    pauseNanos(lastRead + TimeUnit.MILLISECONDS.toNanos(COALESCE_MS) - System.nanoTime());
                }
                lastRead = System.nanoTime();
                lastCount = read(stream, consumer, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
                if (failing) {
                    log.info("event=stats_consumer_recovered stream={}", stream);
                    failing = false;
                }
            } catch (JedisException e) {
                // the group may be gone with the stream (a flushed Redis): create it again next time
                groupReady = false;
                if (!failing) {
                    log.warn("event=stats_consumer_redis_failed stream={} error=\"{}\"", stream, e.getMessage());
                    failing = true;
                }
                pause(1000);
            } catch (RuntimeException e) {
                log.error("event=stats_consumer_bug stream={}", stream, e);
                pause(1000);
            }
        }
    }

    private void ensureGroup(String stream) {
        try {
            jedis.xgroupCreate(stream, GROUP, new StreamEntryID(0, 0), true);
            log.info("event=stats_group_created stream={} group={}", stream, GROUP);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private int read(String stream, String consumer, StreamEntryID from) {
        byte[] key = SafeEncoder.encode(stream);
        Object reply = jedis.sendBlockingCommand(key, Protocol.Command.XREADGROUP, GROUP_ARG, GROUP_NAME,
                SafeEncoder.encode(consumer), COUNT_ARG, SafeEncoder.encode(Integer.toString(settings.batch())),
                BLOCK_ARG, SafeEncoder.encode(Integer.toString(BLOCK_MS)), STREAMS_ARG, key,
                SafeEncoder.encode(from.toString()));
        List<Entry> entries = entries(reply);
        if (entries.isEmpty()) {
            return 0;
        }
        handle(stream, entries);
        return entries.size();
    }

    /**
     * An entry as XREADGROUP gives it: its id and its record's JSON as bytes (null when it has no json field);
     * {@code gone} when it was trimmed from the stream while it was pending.
     */
    record Entry(byte[] id, byte[] json, boolean gone) {
        /** The entry's XADD time, the milliseconds before the '-' of its id. */
        long addedAt() {
            long t = 0;
            for (byte b : id) {
                if (b == '-') {
                    break;
                }
                t = t * 10 + (b - '0');
            }
            return t;
        }

        @Override
        public String toString() {
            return new String(id, StandardCharsets.US_ASCII);
        }
    }

    /**
     * XREADGROUP's reply for one stream, read as it came: [[stream, [[id, [field, value, …]], …]]] (RESP2), or null
     * when the block ran out. Taken raw rather than as Jedis's StreamEntry, which decodes every field and value
     * into Strings in a HashMap an entry, only for the record's JSON to be parsed from the String again.
     */
    static List<Entry> entries(Object reply) {
        if (!(reply instanceof List<?> streams) || streams.isEmpty()
                || !(streams.get(0) instanceof List<?> stream) || stream.size() < 2
                || !(stream.get(1) instanceof List<?> items)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>(items.size());
        for (Object item : items) {
            List<?> entry = (List<?>) item;
            byte[] json = null;
            boolean gone = entry.size() < 2 || !(entry.get(1) instanceof List<?>);
            if (!gone) {
                List<?> fields = (List<?>) entry.get(1);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if (Arrays.equals((byte[]) fields.get(i), JSON_FIELD)) {
                        json = (byte[]) fields.get(i + 1);
                        break;
                    }
                }
            }
            entries.add(new Entry((byte[]) entry.get(0), json, gone));
        }
        return entries;
    }

    private void claim(String stream, String consumer) {
        StreamEntryID start = ZERO;
        do {
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = jedis.xautoclaim(stream, GROUP, consumer,
                    settings.claimIdle().toMillis(), start, XAutoClaimParams.xAutoClaimParams().count(settings.batch()));
            List<Entry> entries = new ArrayList<>();
            for (StreamEntry e : claimed.getValue()) {
                if (e != null && e.getFields() != null) {
                    String json = e.getFields().get(CallRecords.JSON_FIELD);
                    entries.add(new Entry(SafeEncoder.encode(e.getID().toString()),
                            json == null ? null : json.getBytes(StandardCharsets.UTF_8), false));
                }
            }
            if (!entries.isEmpty()) {
                log.info("event=stats_entries_claimed stream={} count={}", stream, entries.size());
                handle(stream, entries);
            }
            start = claimed.getKey();
        } while (running.get() && !start.equals(ZERO));
    }

    private void handle(String stream, List<Entry> entries) {
        Instant now = clock.instant();
        List<Contribution> batch = new ArrayList<>(entries.size());
        String lastRecord = null;
        for (Entry e : entries) {
            if (e.gone()) {
                // trimmed from the stream while it was pending: nothing left to apply
                continue;
            }
            Ingest.Result r = e.json() == null ? ingest.read(stream, (String) null, now)
                    : ingest.read(stream, e.json(), 0, e.json().length, now);
            if (r.problem() != null) {
                quarantine.add(stream, e.toString(), r.recordId(), r.problem(), now);
                log.warn("event=stats_record_quarantined stream={} entry={} reason={}", stream, e, r.problem());
            } else {
                batch.add(r.contribution());
                lastRecord = r.recordId();
            }
        }
        applier.apply(batch);
        byte[][] ids = new byte[entries.size()][];
        long[] added = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = entries.get(i).id();
            added[i] = entries.get(i).addedAt();
        }
        try (PipelineBase p = jedis.pipelined()) {
            p.xack(SafeEncoder.encode(stream), GROUP_NAME, ids);
            if (lastRecord != null) {
                p.hset(Health.APPLIED, stream, now + " " + entries.get(ids.length - 1) + " " + lastRecord);
            }
            p.sync();
        }
        listener.applied(stream, added, batch.size());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        sweeper.shutdownNow();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(BLOCK_MS * 3L, TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
