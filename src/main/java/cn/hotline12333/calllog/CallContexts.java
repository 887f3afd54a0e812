package cn.hotline12333.calllog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Call contexts in Redis: one hash {@code callctx:<call id>} per queued call, kept {@link #TTL} (longer than any
 * wait, talk and wrap-up): field {@code json} the {@link CallContext}, {@code caller_hash} its caller hash, and
 * one {@code offered:<agent>} per agent the call rang (epoch ms), set by the agent side on {@code AgentCalled}.
 * Every method blocks on Redis: call it from a bounded executor (the FastAGI work pool, the agent side's own),
 * never from an event loop.
 *
 * <p>{@link #store} is on the caller's way to the queue, so it never throws and never makes a call fail: when
 * Redis fails it logs once, then skips Redis for {@link #QUIET_AFTER_FAILURE} (a Redis that times out would
 * otherwise hold every queued caller two seconds), and logs once more when a context is stored again. A call
 * whose context was not stored pops with {@link CallContext#NO_IVR}.
 */
public final class CallContexts {
    private static final Logger log = LoggerFactory.getLogger(CallContexts.class);
    public static final Duration TTL = Duration.ofHours(6);
    static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(5);
    static final String PREFIX = "callctx:";
    static final String RANG_PREFIX = "callctx:rang:";
    static final String JSON = "json";
    static final String CALLER_HASH = "caller_hash";
    /** The caller's full number, beside the context and never in its JSON (the pops show it masked). */
    static final String CALLER_NUMBER = "caller_number";
    static final String OFFERED = "offered:";
    /** {@code callctx:uid:<Uniqueid>} → call id: AMI's AgentCalled names the caller's Uniqueid, not the box. */
    static final String BY_UNIQUE_ID = "callctx:uid:";

    // One round trip, and the context never lives without its expiry.
    private static final String STORE = """
            redis.call('HSET', KEYS[1], 'json', ARGV[1])
            if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'caller_hash', ARGV[2]) end
            if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'caller_number', ARGV[5]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
            return 1""";
    /*
     * An offer: noted on the call (a call without context, a plain dialplan queue, still gets an expiry, but one is
     * never extended), the caller noted as rung for the agent, and the context read, in one round trip. KEYS: the
     * agent's rang set and, on a ring, Uniqueid → call id (the call id is then looked up here, else ARGV[1] is it).
     * The context's key is only known inside the script, which a Redis Cluster would refuse; the hotline runs one
     * Redis (or a Sentinel set), where it is fine. ARGV: call id (or the fallback), key prefix, offered field, now,
     * TTL ms, oldest rang score kept. Returns {call id, json or ''}.
     */
    private static final String OFFER = """
            local callId = (KEYS[2] and redis.call('GET', KEYS[2])) or ARGV[1]
            local key = ARGV[2] .. callId
            redis.call('HSET', key, ARGV[3], ARGV[4])
            if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[5]) end
            local f = redis.call('HMGET', key, 'json', 'caller_hash')
            if f[2] and f[2] ~= '' then
              redis.call('ZADD', KEYS[1], ARGV[4], f[2])
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[6])
              redis.call('PEXPIRE', KEYS[1], ARGV[5])
            end
            return {callId, f[1] or ''}""";

    private final UnifiedJedis jedis;
    private final Clock clock;
    // System.nanoTime() before which store() skips Redis after a failure
    private final AtomicLong quietUntil = new AtomicLong(System.nanoTime());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong skipped = new AtomicLong();

    private final long quietNanos;

    public CallContexts(UnifiedJedis jedis, Clock clock) {
        this(jedis, clock, QUIET_AFTER_FAILURE);
    }

    CallContexts(UnifiedJedis jedis, Clock clock, Duration quietAfterFailure) {
        this.jedis = jedis;
        this.clock = clock;
        this.quietNanos = quietAfterFailure.toNanos();
    }

    /** What is stored for a call: its context (null when the IVR wrote none) and the agents it was offered to. */
    public record Found(CallContext context, Map<String, Instant> offeredTo) {
        public Found {
            offeredTo = Map.copyOf(offeredTo);
        }

        public boolean offeredTo(String agent) {
            return agent != null && offeredTo.containsKey(agent);
        }
    }

    /** The call id the IVR and the call record use: {@code <asterisk system>/<uniqueid>}. */
    public static String callId(String asteriskSystem, String uniqueId) {
        return asteriskSystem + "/" + uniqueId;
    }

    static String key(String callId) {
        return PREFIX + callId;
    }

    /** Stores the context before the call enters its queue; true when it is in Redis. Never throws. */
    public boolean store(CallContext context) {
        return store(context, null);
    }

    /**
     * Stores the context and the caller's full number (null: unknown), which {@link #callerNumber} gives only to
     * those the routes allow; true when it is in Redis. Never throws.
     */
    public boolean store(CallContext context, String callerNumber) {
        long now = System.nanoTime();
        if (now - quietUntil.get() < 0) {
            skipped.incrementAndGet();
            return false;
        }
        try {
            jedis.eval(STORE, List.of(key(context.callId()), BY_UNIQUE_ID + context.uniqueId()),
                    List.of(CallRecords.toJson(context), context.callerHash() == null ? "" : context.callerHash(),
                            String.valueOf(TTL.toMillis()), context.callId(),
                            callerNumber == null || callerNumber.isBlank() ? "" : callerNumber));
            if (failing.compareAndSet(true, false)) {
                log.info("event=call_context_stored_again call={} skipped={}", context.callId(), skipped.getAndSet(0));
            }
            return true;
        } catch (RuntimeException e) {
            // Redis down, or our bug: the caller goes on to the queue either way, and the agent sees 无IVR信息.
            quietUntil.set(System.nanoTime() + quietNanos);
            if (failing.compareAndSet(false, true)) {
                log.warn("event=call_context_not_stored call={} reason=redis_down error=\"{}\"", context.callId(),
                        String.valueOf(e.getMessage()).replace('"', '\''));
            }
            skipped.incrementAndGet();
            return false;
        }
    }

    /**
     * The call id of the context stored for a caller channel's {@code Uniqueid}, or null (no IVR context, expired).
     * Two boxes may reuse a Uniqueid; the latest stored wins, which is the call ringing now. Redis errors go up.
     */
    public String callIdOf(String uniqueId) {
        return jedis.get(BY_UNIQUE_ID + uniqueId);
    }

    /** The stored context of a call and its offers; an empty Found when nothing is stored. Redis errors go up. */
    public Found read(String callId) {
        Map<String, String> fields = jedis.hgetAll(key(callId));
        CallContext context = null;
        String json = fields.get(JSON);
        if (json != null) {
            try {
                context = CallRecords.parseContext(json);
            } catch (IllegalArgumentException e) {
                log.warn("event=call_context_unreadable call={} error=\"{}\"", callId, e.getMessage());
            }
        }
        Map<String, Instant> offers = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(OFFERED)) {
                try {
                    offers.put(field.substring(OFFERED.length()), Instant.ofEpochMilli(Long.parseLong(value)));
                } catch (NumberFormatException ignored) {
                    // not ours to interpret; the offer still counts
                    offers.put(field.substring(OFFERED.length()), Instant.EPOCH);
                }
            }
        });
        return new Found(context, offers);
    }

    /**
     * The caller's full number as the IVR stored it with the context, or null (unknown, expired, no IVR). Only for
     * a route that checked the reader may see it and audits the reveal. Redis errors go up.
     */
    public String callerNumber(String callId) {
        return jedis.hget(key(callId), CALLER_NUMBER);
    }

    /** The topic the IVR routed the call under: the last topic its context carries, or null. Redis errors go up. */
    public String ivrTopic(String callId) {
        String json = jedis.hget(key(callId), JSON);
        if (json == null) {
            return null;
        }
        try {
            List<String> topics = CallRecords.parseContext(json).topics();
            return topics.isEmpty() ? null : topics.get(topics.size() - 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The agent side, on {@code AgentCalled}: the call rang {@code agent} (the login name the desktop knows). The
     * context notes the offer, and the agent may read the caller's history while it lasts ({@link #rang}).
     */
    public void offered(String callId, String agent) {
        offer(List.of(RANG_PREFIX + agent), callId, agent);
    }

    /**
     * The agent side, on {@code AgentCalled}: {@link #callIdOf}, {@link #offered} and {@link #pop} in one round trip
     * (the pop is on the way to the agent's screen). A call with no context under its Uniqueid is
     * {@code <fallbackSystem>/<uniqueId>} and pops with {@link CallContext#NO_IVR}. Redis errors go up.
     */
    public ScreenPop offer(String fallbackSystem, String uniqueId, String callerNumber, String queue, String agent) {
        List<?> found = offer(List.of(RANG_PREFIX + agent, BY_UNIQUE_ID + uniqueId), callId(fallbackSystem, uniqueId),
                agent);
        String callId = String.valueOf(found.get(0));
        String json = String.valueOf(found.get(1));
        CallContext context = null;
        if (!json.isEmpty()) {
            try {
                context = CallRecords.parseContext(json);
            } catch (IllegalArgumentException e) {
                log.warn("event=call_context_unreadable call={} error=\"{}\"", callId, e.getMessage());
            }
        }
        return ScreenPop.of(callId, context, callerNumber, queue);
    }

    private List<?> offer(List<String> keys, String callId, String agent) {
        long now = clock.millis();
        return (List<?>) jedis.eval(OFFER, keys, List.of(callId, PREFIX, OFFERED + agent, String.valueOf(now),
                String.valueOf(TTL.toMillis()), String.valueOf(now - TTL.toMillis())));
    }

    /** True when a call of this caller rang {@code agent} within the last {@link #TTL}. */
    public boolean rang(String agent, String callerHash) {
        Double at = jedis.zscore(RANG_PREFIX + agent, callerHash);
        return at != null && at >= clock.millis() - TTL.toMillis();
    }

    /**
     * The pop for an {@code AgentCalled}: the IVR's context for the caller's {@code Uniqueid} on that Asterisk
     * box, or, when there is none (or Redis cannot say), only the number and queue with {@link CallContext#NO_IVR}.
     * Never throws for Redis.
     */
    public ScreenPop pop(String asteriskSystem, String uniqueId, String callerNumber, String queue) {
        String callId = callId(asteriskSystem, uniqueId);
        CallContext context = null;
        try {
            context = read(callId).context();
        } catch (RuntimeException e) {
            log.warn("event=call_context_unread call={} error=\"{}\"", callId,
                    String.valueOf(e.getMessage()).replace('"', '\''));
        }
        return ScreenPop.of(callId, context, callerNumber, queue);
    }

    /** The pop's view of a call: what an agent sees on ring. */
    public record ScreenPop(String callId, String callerNumber, String queue, String path, List<String> topics,
                            List<String> selfService, String citizenId, String callerHash, Instant enteredAt,
                            boolean fromIvr) {
        static ScreenPop of(String callId, CallContext c, String callerNumber, String queue) {
            if (c == null) {
                return new ScreenPop(callId, callerNumber, queue, CallContext.NO_IVR, List.of(), List.of(), null,
                        null, null, false);
            }
            List<String> services = new ArrayList<>();
            c.selfService().forEach(s -> services.add(s.text()));
            return new ScreenPop(callId, callerNumber, queue != null ? queue : c.queue(), c.pathInWords(), c.topics(),
                    services, c.citizenId(), c.callerHash(), c.enteredAt() == null ? null : c.enteredAt().toInstant(),
                    true);
        }
    }
}
