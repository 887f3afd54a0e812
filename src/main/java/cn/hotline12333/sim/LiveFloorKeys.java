package cn.hotline12333.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The live keys the simulated floor keeps, as the agent side will (docs/call-record.md, "Live keys"): callers
 * waiting per queue, each agent's state, open tasks; each change followed by the key's name on {@code live}.
 * Runs only on the floor's own thread. Live keys are best effort: a failed write is logged once per outage
 * and the next change of the same key puts it right.
 */
final class LiveFloorKeys {

    static final String CHANNEL = "live";
    static final String AGENTS = "live:agents";
    static final String PENDING = "live:pending";
    private static final Logger log = LoggerFactory.getLogger(LiveFloorKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnifiedJedis redis;
    private boolean failing;

    LiveFloorKeys(UnifiedJedis redis) {
        this.redis = redis;
    }

    static String queueKey(String queue) {
        return "live:queue:" + queue;
    }

    void callerWaiting(String queue, String uniqueId, long since) {
        change(queueKey(queue), r -> r.zadd(queueKey(queue), since, uniqueId));
    }

    /** ZREM of the last member deletes the set, as the emptied set must be. */
    void callerGone(String queue, String uniqueId) {
        change(queueKey(queue), r -> r.zrem(queueKey(queue), uniqueId));
    }

    void agent(String agent, String state, String reason, long since, List<String> queues) {
        ObjectNode value = JSON.createObjectNode();
        value.put("state", state);
        value.put("reason", reason);
        value.put("since", since);
        queues.forEach(value.putArray("queues")::add);
        value.putNull("extension");
        value.put("phone", "ok");
        change(AGENTS, r -> r.hset(AGENTS, agent, value.toString()));
    }

    void pending(String kind, long by) {
        change(PENDING, r -> r.hincrBy(PENDING, kind, by));
    }

    private void change(String key, Consumer<UnifiedJedis> write) {
        try {
            write.accept(redis);
            redis.publish(CHANNEL, key);
            if (failing) {
                failing = false;
                log.info("event=floor_live_keys_back");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("event=floor_live_keys_failed key={} reason={}", key, e.toString());
            }
        }
    }
}
