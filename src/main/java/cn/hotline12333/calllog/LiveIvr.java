package cn.hotline12333.calllog;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The wallboard's "calls in the IVR now": the sorted set {@value #KEY} (member call id, score start epoch ms),
 * shared by every node. Calls are noted from any thread without I/O ({@link #started}, {@link #ended}); the
 * call log's writer thread sends what changed in one ZADD and one ZREM per batch, sweeps entries older than
 * the maximum age (a node that died leaves its calls behind), and publishes {@value #KEY} on {@value #CHANNEL}
 * after each change. A start and an end that meet before a flush cancel out and never reach Redis.
 * See docs/call-record.md, "Live keys".
 */
final class LiveIvr {
    private static final Logger log = LoggerFactory.getLogger(LiveIvr.class);
    static final String KEY = "live:ivr";
    /** The Pub/Sub channel every writer of a live key publishes the key's name on after a change. */
    static final String CHANNEL = "live";
    static final long SWEEP_EVERY_MS = 60_000;
    // ends kept for Redis during an outage; beyond this they are dropped and the sweep removes their calls
    private static final int MAX_WAITING_ENDS = 100_000;
    private static final long FIRST_RETRY = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_RETRY = TimeUnit.SECONDS.toNanos(5);

    /** A call noted as started (score ≥ 0) or ended (score −1), in the order the call's thread noted them. */
    private record Change(String callId, long score) {
    }

    private final UnifiedJedis jedis;
    private final Clock clock;
    private final long maxAgeMs;
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();

    // Writer thread only.
    private final Map<String, Long> adds = new HashMap<>();
    private final Set<String> removes = new HashSet<>();
    private long nextSweep;
    private long retryAt = System.nanoTime();
    private long retryDelay = FIRST_RETRY;
    private boolean dropLogged;

    LiveIvr(UnifiedJedis jedis, Clock clock, Duration maxAge) {
        this.jedis = jedis;
        this.clock = clock;
        this.maxAgeMs = maxAge.toMillis();
    }

    void started(String callId, long epochMs) {
        changes.add(new Change(callId, Math.max(0, epochMs)));
    }

    void ended(String callId) {
        changes.add(new Change(callId, -1));
    }

    /** Something to send or sweep, and no backoff running. */
    boolean due() {
        if (System.nanoTime() - retryAt < 0) {
            return false;
        }
        return !changes.isEmpty() || !adds.isEmpty() || !removes.isEmpty() || clock.millis() >= nextSweep;
    }

    /** Takes and sends what changed; on a Redis failure keeps it for the next try and backs off. Never throws. */
    void flush() {
        take();
        try {
            boolean changed = false;
            if (!adds.isEmpty()) {
                Map<String, Double> scores = new HashMap<>();
                adds.forEach((id, at) -> scores.put(id, (double) at));
                jedis.zadd(KEY, scores);
                adds.clear();
                changed = true;
            }
            if (!removes.isEmpty()) {
                jedis.zrem(KEY, removes.toArray(String[]::new));
                removes.clear();
                changed = true;
            }
            long now = clock.millis();
            if (now >= nextSweep) {
                changed |= jedis.zremrangeByScore(KEY, Double.NEGATIVE_INFINITY, now - maxAgeMs) > 0;
                nextSweep = now + SWEEP_EVERY_MS;
            }
            if (changed) {
                jedis.publish(CHANNEL, KEY);
            }
            retryDelay = FIRST_RETRY;
        } catch (RuntimeException e) {
            log.debug("event=live_ivr_failed error=\"{}\"", e.getMessage());
            retryAt = System.nanoTime() + retryDelay;
            retryDelay = Math.min(retryDelay * 2, MAX_RETRY);
        }
    }

    /** Takes the changes noted so far into what waits for Redis, coalesced per call; no I/O. */
    void take() {
        Change change;
        while ((change = changes.poll()) != null) {
            if (change.score() >= 0) {
                adds.put(change.callId(), change.score());
                removes.remove(change.callId());
            } else if (adds.remove(change.callId()) == null) {
                removes.add(change.callId()); // its start was sent already
            }
        }
        if (removes.size() > MAX_WAITING_ENDS) {
            if (!dropLogged) {
                dropLogged = true;
                log.warn("event=live_ivr_ends_dropped count={} reason=redis_unreachable action=sweep_by_age",
                        removes.size());
            }
            removes.clear();
        }
    }
}
