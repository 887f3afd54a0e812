package cn.hotline12333.workorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Work orders in Redis. Every key carries the hash tag {@code {wo}}, so each script's keys share one Redis Cluster
 * slot. A change is compare-and-set on the order's {@code version} in one script that also appends the history
 * entry and moves the order between the indexes, so two managers clicking at once change it once and the loser
 * is told (a stale version). Every method blocks: call it from a worker, never an event loop.
 *
 * <p>Keys: {@code {wo}:doc:<id>} (the order as JSON), {@code {wo}:history:<id>} (a list of changes),
 * {@code {wo}:seq:<yyyyMMdd>} (the day's sequence), {@code {wo}:idem:<user>:<key>} (the id a client key made),
 * sorted sets {@code {wo}:all} and {@code {wo}:status:<status>} and {@code {wo}:caller:<hash>} (by creation ms),
 * {@code {wo}:open} and {@code {wo}:assignee:<user>} (open orders only, by the due day's epoch day).
 */
final class OrderStore {
    static final String PREFIX = "{wo}:";
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    // One id per client key, whichever node gets the retry: the first request reserves it, a retry finds it.
    private static final String RESERVE = """
            local id = redis.call('GET', KEYS[1])
            if id then return {id, 'old'} end
            local n = redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], 259200)
            id = ARGV[1] .. string.format('%06d', n)
            redis.call('SET', KEYS[1], id, 'EX', ARGV[2])
            return {id, 'new'}
            """;
    // KEYS: doc, history, then one key per index operation; ARGV: expected version ('new' for a creation),
    // the new doc, the history entry, then (op, score, member) per index operation.
    private static final String CHANGE = """
            local cur = redis.call('GET', KEYS[1])
            if ARGV[1] == 'new' then
              if cur then return 'exists' end
            else
              if not cur then return 'missing' end
              if tostring(cjson.decode(cur)['version']) ~= ARGV[1] then return 'stale' end
            end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('RPUSH', KEYS[2], ARGV[3])
            local k = 3
            for i = 4, #ARGV, 3 do
              if ARGV[i] == 'add' then redis.call('ZADD', KEYS[k], ARGV[i + 1], ARGV[i + 2])
              else redis.call('ZREM', KEYS[k], ARGV[i + 2]) end
              k = k + 1
            end
            return 'ok'
            """;

    enum Outcome { OK, EXISTS, MISSING, STALE }

    private final UnifiedJedis jedis;
    private final java.time.Duration idempotencyFor;

    OrderStore(UnifiedJedis jedis, java.time.Duration idempotencyFor) {
        this.jedis = jedis;
        this.idempotencyFor = idempotencyFor;
    }

    /** The id for {@code clientKey} of {@code user}: a new one of the day, or the one an earlier try reserved. */
    Reserved reserve(String user, String clientKey, LocalDate day) {
        String date = day.toString().replace("-", "");
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) jedis.eval(RESERVE,
                List.of(PREFIX + "idem:" + user + ":" + clientKey, PREFIX + "seq:" + date),
                List.of("GD" + date, Long.toString(idempotencyFor.toSeconds())));
        return new Reserved(String.valueOf(r.get(0)), "new".equals(String.valueOf(r.get(1))));
    }

    /** The id an earlier request with this client key reserved (its order may not be stored yet), or null. */
    String reservedFor(String user, String clientKey) {
        return jedis.get(PREFIX + "idem:" + user + ":" + clientKey);
    }

    record Reserved(String id, boolean fresh) {
    }

    Outcome create(WorkOrder order, WorkOrder.Change first) {
        return run(null, order, first);
    }

    /** Stores {@code next} if the stored order is still {@code before} (same version). */
    Outcome change(WorkOrder before, WorkOrder next, WorkOrder.Change change) {
        return run(before, next, change);
    }

    private Outcome run(WorkOrder before, WorkOrder next, WorkOrder.Change change) {
        List<String> keys = new ArrayList<>(List.of(doc(next.id()), history(next.id())));
        List<String> args = new ArrayList<>(List.of(before == null ? "new" : Integer.toString(before.version()),
                write(next), write(change)));
        if (before != null) {
            indexes(before).forEach((key, score) -> {
                keys.add(key);
                args.addAll(List.of("rem", "0", next.id()));
            });
        }
        indexes(next).forEach((key, score) -> {
            keys.add(key);
            args.addAll(List.of("add", Long.toString(score), next.id()));
        });
        Object r = jedis.eval(CHANGE, keys, args);
        return Outcome.valueOf(String.valueOf(r).toUpperCase(java.util.Locale.ROOT));
    }

    /** The sorted sets an order belongs to, with its score in each. */
    static Map<String, Long> indexes(WorkOrder o) {
        Map<String, Long> m = new LinkedHashMap<>();
        long created = o.createdAt().toInstant().toEpochMilli();
        m.put(PREFIX + "all", created);
        m.put(PREFIX + "status:" + o.status().wireName(), created);
        if (o.callerHash() != null) {
            m.put(PREFIX + "caller:" + o.callerHash(), created);
        }
        if (o.status().open()) {
            m.put(PREFIX + "open", o.due().toEpochDay());
            if (o.assignee() != null) {
                m.put(PREFIX + "assignee:" + o.assignee(), o.due().toEpochDay());
            }
        }
        return m;
    }

    WorkOrder get(String id) {
        String json = jedis.get(doc(id));
        return json == null ? null : read(json, WorkOrder.class);
    }

    /** The orders of these ids that exist, in the given order. */
    List<WorkOrder> get(List<String> ids) {
        List<WorkOrder> found = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i += 500) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            List<String> jsons = jedis.mget(chunk.stream().map(OrderStore::doc).toArray(String[]::new));
            for (String json : jsons) {
                if (json != null) {
                    found.add(read(json, WorkOrder.class));
                }
            }
        }
        return found;
    }

    List<WorkOrder.Change> history(String id, int limit) {
        return jedis.lrange(history(id), 0, limit - 1L).stream().map(j -> read(j, WorkOrder.Change.class)).toList();
    }

    /** Ids of an index by score, lowest first ({@code reverse}: highest first), at most {@code limit}. */
    List<String> ids(String index, double min, double max, boolean reverse, int offset, int limit) {
        ZRangeParams p = reverse ? ZRangeParams.zrangeByScoreParams(max, min).rev() : ZRangeParams.zrangeByScoreParams(min, max);
        return jedis.zrange(PREFIX + index, p.limit(offset, limit));
    }

    static String doc(String id) {
        return PREFIX + "doc:" + id;
    }

    static String history(String id) {
        return PREFIX + "history:" + id;
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable", e);
        }
    }
}
