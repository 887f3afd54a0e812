package cn.hotline12333.calllog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A caller's calls of the last {@link #WINDOW}, for the agent's pop: one hash {@code history:{<caller hash>}} (field:
 * call id; value: the call's summary and the latest revision of each of its handling records) and one sorted set
 * {@code history:{<caller hash>}:calls} (member: call id; score: when the call started, epoch ms) that orders, ages
 * and caps it at {@link #CAP} calls. Both keys carry the caller hash as their hash tag, so one script updates
 * them on Redis Cluster too, and both expire {@link #WINDOW} after the caller's last call. Reading a caller is
 * one {@code HGETALL}. Applying a record is idempotent: the same record twice changes nothing, and an older
 * revision of a handling record never replaces a newer one. Every method blocks on Redis.
 *
 * <p>A handling record names its call, not its caller: the caller hash comes from the call's context (kept 6 h
 * from the queue) or from the note {@code history:caller-of:<call id>} that applying the call record leaves for
 * {@link #CALLER_NOTE}. A handling record of a call known to neither waits for its call record under
 * {@code history:waiting:<call id>} for as long; one whose call never comes (queued without the IVR) is not indexed.
 */
public final class CallerHistory {
    private static final Logger log = LoggerFactory.getLogger(CallerHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WINDOW = Duration.ofDays(90);
    public static final int CAP = 200;
    static final Duration CALLER_NOTE = Duration.ofDays(2);
    static final String CALLER_OF = "history:caller-of:";
    static final String WAITING = "history:waiting:";
    public static final Pattern CALLER_HASH = Pattern.compile("[0-9a-f]{32}");

    // KEYS: the hash, the sorted set. ARGV: call id, part ('call' or a handling id), part JSON, revision (0 for the
    // call), score ms, cutoff ms, cap, expiry ms, '1' when the score is the call's own start.
    private static final String APPLY = """
            if tonumber(ARGV[5]) < tonumber(ARGV[6]) then return 0 end
            local entry = {}
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then entry = cjson.decode(old) end
            if ARGV[2] == 'call' then
              entry['call'] = ARGV[3]
            else
              entry['h'] = entry['h'] or {}
              entry['r'] = entry['r'] or {}
              if tonumber(entry['r'][ARGV[2]] or 0) > tonumber(ARGV[4]) then return 0 end
              entry['h'][ARGV[2]] = ARGV[3]
              entry['r'][ARGV[2]] = tonumber(ARGV[4])
            end
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
            if ARGV[9] == '1' or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
              redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
            end
            local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
            local extra = redis.call('ZCARD', KEYS[2]) - #gone - tonumber(ARGV[7])
            if extra > 0 then
              for _, m in ipairs(redis.call('ZRANGE', KEYS[2], #gone, #gone + extra - 1)) do table.insert(gone, m) end
            end
            for _, m in ipairs(gone) do
              redis.call('HDEL', KEYS[1], m)
              redis.call('ZREM', KEYS[2], m)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[8])
            redis.call('PEXPIRE', KEYS[2], ARGV[8])
            return 1""";

    /** One call of the caller: the call record's summary (null until it is in) and its agents' wrap-ups. */
    public record Entry(String callId, OffsetDateTime at, List<String> topics, String outcome, String queue,
                        String agent, Integer surveyScore, List<Handling> handlings) {
    }

    /** The latest revision of one handling record of the call. */
    public record Handling(String handlingId, int revision, String agent, String queue, String wrapupCode,
                           String resolution, OffsetDateTime answeredAt, OffsetDateTime writtenAt) {
    }

    private final UnifiedJedis jedis;
    private final Clock clock;

    public CallerHistory(UnifiedJedis jedis, Clock clock) {
        this.jedis = jedis;
        this.clock = clock;
    }

    static String hashKey(String callerHash) {
        return "history:{" + callerHash + "}";
    }

    static String callsKey(String callerHash) {
        return "history:{" + callerHash + "}:calls";
    }

    /** Indexes a call record under its caller; a record without caller hash or start is skipped (false). */
    public boolean apply(CallRecord r) {
        if (r.callerHash() == null || !CALLER_HASH.matcher(r.callerHash()).matches() || r.startedAt() == null) {
            return false;
        }
        ObjectNode part = JSON.createObjectNode();
        part.put("call_id", r.callId());
        part.put("at", r.startedAt().toString());
        ArrayNode topics = part.putArray("topics");
        r.topics().forEach(topics::add);
        part.put("outcome", r.outcome() == null ? null : r.outcome().wireName());
        part.put("queue", r.queue());
        String agent = null;
        for (CallRecord.QueueStint s : r.queueStints()) {
            agent = s.agent() != null ? s.agent() : agent;
        }
        part.put("agent", agent);
        part.put("survey_score", r.surveyScore());
        if (r.queueStints().isEmpty()) { // only a call that reached a queue gets handling records
            return run(r.callerHash(), r.callId(), "call", part.toString(), 0,
                    r.startedAt().toInstant().toEpochMilli(), true);
        }
        jedis.set(CALLER_OF + r.callId(), r.callerHash(), SetParams.setParams().px(CALLER_NOTE.toMillis()));
        boolean added = run(r.callerHash(), r.callId(), "call", part.toString(), 0,
                r.startedAt().toInstant().toEpochMilli(), true);
        applyWaiting(r.callerHash(), r.callId());
        return added;
    }

    /**
     * Indexes one revision of a handling record under its call's caller. When the caller is not known yet (the
     * call record is still on its way and the call has no context), the record waits under its call for
     * {@link #CALLER_NOTE} and is applied with the call record; false then.
     */
    public boolean apply(HandlingRecord h) {
        if (h.callId() == null) {
            log.info("event=history_handling_unlinked handling={} call=-", h.recordId());
            return false;
        }
        String caller = callerOf(h.callId());
        if (caller == null) {
            String waiting = WAITING + h.callId();
            jedis.hset(waiting, h.recordId(), CallRecords.toJson(h));
            jedis.pexpire(waiting, CALLER_NOTE.toMillis());
            // Parked first, then asked again: a call record applied in between either sees this record waiting
            // or left its caller for this second look (it notes the caller before it reads what waits).
            caller = callerOf(h.callId());
            if (caller == null) {
                log.info("event=history_handling_waiting handling={} call={}", h.recordId(), h.callId());
                return false;
            }
        }
        return applyKnown(caller, h);
    }

    private boolean applyKnown(String caller, HandlingRecord h) {
        ObjectNode part = JSON.createObjectNode();
        part.put("handling_id", h.handlingId());
        part.put("revision", h.revision());
        part.put("agent", h.agent());
        part.put("queue", h.queue());
        part.put("wrapup_code", h.wrapupCode());
        part.put("resolution", h.resolution() == null ? null : h.resolution().name().toLowerCase(java.util.Locale.ROOT));
        part.put("answered_at", h.answeredAt() == null ? null : h.answeredAt().toString());
        part.put("written_at", h.writtenAt() == null ? null : h.writtenAt().toString());
        OffsetDateTime at = h.offeredAt() != null ? h.offeredAt() : h.writtenAt();
        long score = at == null ? clock.millis() : at.toInstant().toEpochMilli();
        return run(caller, h.callId(), h.handlingId(), part.toString(), h.revision(), score, false);
    }

    /** Handling records of this call that came before its caller was known. */
    private void applyWaiting(String caller, String callId) {
        String waiting = WAITING + callId;
        Map<String, String> parked = jedis.hgetAll(waiting);
        if (parked.isEmpty()) {
            return;
        }
        for (String json : parked.values()) {
            try {
                applyKnown(caller, CallRecords.parseHandling(json));
            } catch (IllegalArgumentException e) {
                log.warn("event=history_waiting_unreadable call={}", callId);
            }
        }
        jedis.hdel(waiting, parked.keySet().toArray(String[]::new));
    }

    private boolean run(String caller, String callId, String part, String json, int revision, long score,
                        boolean callsOwnTime) {
        long now = clock.millis();
        Object done = jedis.eval(APPLY, List.of(hashKey(caller), callsKey(caller)), List.of(callId, part, json,
                String.valueOf(revision), String.valueOf(score), String.valueOf(now - WINDOW.toMillis()),
                String.valueOf(CAP), String.valueOf(WINDOW.toMillis()), callsOwnTime ? "1" : "0"));
        return Long.valueOf(1).equals(done);
    }

    private String callerOf(String callId) {
        String fromContext = jedis.hget(CallContexts.key(callId), CallContexts.CALLER_HASH);
        return fromContext != null ? fromContext : jedis.get(CALLER_OF + callId);
    }

    /** The caller's calls of the last {@link #WINDOW}, newest first; one round trip. */
    public List<Entry> read(String callerHash) {
        Map<String, String> fields = jedis.hgetAll(hashKey(callerHash));
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(WINDOW);
        List<Entry> entries = new ArrayList<>(fields.size());
        fields.forEach((callId, value) -> {
            try {
                Entry e = entry(callId, JSON.readTree(value));
                if (e.at() == null || !e.at().isBefore(cutoff)) {
                    entries.add(e);
                }
            } catch (Exception bad) {
                log.warn("event=history_entry_unreadable call={} error=\"{}\"", callId,
                        String.valueOf(bad.getMessage()).lines().findFirst().orElse("").replace('"', '\''));
            }
        });
        entries.sort(Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return entries;
    }

    private static Entry entry(String callId, JsonNode stored) throws Exception {
        List<Handling> handlings = new ArrayList<>();
        JsonNode h = stored.get("h");
        OffsetDateTime firstOffer = null;
        if (h != null && h.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                JsonNode p = JSON.readTree(it.next().getValue().asText());
                Handling one = new Handling(text(p, "handling_id"), p.path("revision").asInt(), text(p, "agent"),
                        text(p, "queue"), text(p, "wrapup_code"), text(p, "resolution"), time(p, "answered_at"),
                        time(p, "written_at"));
                handlings.add(one);
                OffsetDateTime t = one.answeredAt() != null ? one.answeredAt() : one.writtenAt();
                firstOffer = firstOffer == null || (t != null && t.isBefore(firstOffer)) ? t : firstOffer;
            }
        }
        handlings.sort(Comparator.comparing(Handling::handlingId));
        JsonNode callNode = stored.get("call");
        if (callNode == null || !callNode.isTextual()) {
            return new Entry(callId, firstOffer, List.of(), null, handlings.isEmpty() ? null : handlings.get(0).queue(),
                    handlings.isEmpty() ? null : handlings.get(0).agent(), null, handlings);
        }
        JsonNode c = JSON.readTree(callNode.asText());
        List<String> topics = new ArrayList<>();
        c.path("topics").forEach(t -> topics.add(t.asText()));
        JsonNode score = c.get("survey_score");
        return new Entry(callId, time(c, "at"), topics, text(c, "outcome"), text(c, "queue"), text(c, "agent"),
                score == null || score.isNull() ? null : score.asInt(), handlings);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static OffsetDateTime time(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : OffsetDateTime.parse(t);
    }
}
