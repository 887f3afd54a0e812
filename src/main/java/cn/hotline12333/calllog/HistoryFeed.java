package cn.hotline12333.calllog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Keeps {@link CallerHistory} from the record streams: one consumer per stream ({@code calls}, {@code handling})
 * in the group {@value #GROUP}, on two threads of this node (never a Netty loop), like the statistics consumers.
 * Each batch is applied, then acknowledged; entries another node took and left pending for {@link #CLAIM_IDLE}
 * are taken over. Applying is idempotent, so an entry applied twice (a node died before its XACK) counts once.
 * A new group starts at the beginning of the streams, so a first start indexes the stored records (only the last
 * 90 days are kept).
 */
public final class HistoryFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryFeed.class);
    public static final String GROUP = "history";
    static final List<String> STREAMS = List.of(CallRecords.STREAM, HandlingRecord.STREAM);
    static final Duration CLAIM_IDLE = Duration.ofSeconds(30);
    private static final int BATCH = 200;
    private static final int BLOCK_MS = 1000;
    private static final StreamEntryID ZERO = new StreamEntryID(0, 0);

    private final UnifiedJedis jedis;
    private final CallerHistory history;
    private final String consumer;
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private HistoryFeed(UnifiedJedis jedis, CallerHistory history, String consumer) {
        this.jedis = jedis;
        this.history = history;
        this.consumer = consumer;
        this.threads = Executors.newFixedThreadPool(STREAMS.size(), r -> {
            Thread t = new Thread(r, "history-feed");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the consumers; {@code consumer} names this node in the group (HOTLINE_NODE). */
    public static HistoryFeed start(UnifiedJedis jedis, CallerHistory history, String consumer) {
        HistoryFeed feed = new HistoryFeed(jedis, history, consumer);
        for (String stream : STREAMS) {
            feed.threads.execute(() -> feed.run(stream));
        }
        log.info("event=history_feed_started consumer={} group={}", consumer, GROUP);
        return feed;
    }

    private void run(String stream) {
        boolean failing = false;
        boolean groupReady = false;
        boolean ownPendingDone = false;
        long nextClaim = 0;
        while (running.get()) {
            try {
                if (!groupReady) {
                    ensureGroup(stream);
                    groupReady = true;
                }
                if (!ownPendingDone) {
                    ownPendingDone = read(stream, ZERO) == 0; // taken before a restart, never acknowledged
                    continue;
                }
                if (System.nanoTime() - nextClaim >= 0) {
                    claim(stream);
                    nextClaim = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
                read(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
                if (failing) {
                    log.info("event=history_feed_recovered stream={}", stream);
                    failing = false;
                }
            } catch (JedisException e) {
                groupReady = false; // the group may be gone with a flushed Redis
                if (!failing) {
                    log.warn("event=history_feed_redis_failed stream={} error=\"{}\"", stream,
                            String.valueOf(e.getMessage()).replace('"', '\''));
                    failing = true;
                }
                pause();
            } catch (RuntimeException e) {
                log.error("event=history_feed_bug stream={}", stream, e);
                pause();
            }
        }
    }

    private void ensureGroup(String stream) {
        try {
            jedis.xgroupCreate(stream, GROUP, ZERO, true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private int read(String stream, StreamEntryID from) {
        List<Map.Entry<String, List<StreamEntry>>> got = jedis.xreadGroup(GROUP, consumer,
                XReadGroupParams.xReadGroupParams().count(BATCH).block(BLOCK_MS), Map.of(stream, from));
        if (got == null || got.isEmpty() || got.get(0).getValue().isEmpty()) {
            return 0;
        }
        apply(stream, got.get(0).getValue());
        return got.get(0).getValue().size();
    }

    private void claim(String stream) {
        StreamEntryID start = ZERO;
        do {
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = jedis.xautoclaim(stream, GROUP, consumer,
                    CLAIM_IDLE.toMillis(), start, XAutoClaimParams.xAutoClaimParams().count(BATCH));
            List<StreamEntry> entries = new ArrayList<>();
            claimed.getValue().stream().filter(e -> e != null && e.getFields() != null).forEach(entries::add);
            if (!entries.isEmpty()) {
                apply(stream, entries);
            }
            start = claimed.getKey();
        } while (running.get() && !start.equals(ZERO));
    }

    private void apply(String stream, List<StreamEntry> entries) {
        for (StreamEntry e : entries) {
            String json = e.getFields() == null ? null : e.getFields().get(CallRecords.JSON_FIELD);
            if (json == null) {
                continue; // trimmed while pending
            }
            try {
                if (stream.equals(CallRecords.STREAM)) {
                    history.apply(CallRecords.parse(json));
                } else {
                    history.apply(CallRecords.parseHandling(json));
                }
            } catch (IllegalArgumentException notARecord) {
                // the statistics quarantine such entries; the history only leaves them out
                log.warn("event=history_record_skipped stream={} entry={} reason=\"{}\"", stream, e.getID(),
                        String.valueOf(notARecord.getMessage()).replace('"', '\''));
            }
        }
        jedis.xack(stream, GROUP, entries.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
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
