package cn.hotline12333.agent;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' views in Redis ({@code agent:views}: agent → JSON of the whole view, the intent included) and the
 * displayed state in {@code live:agents} (docs/call-record.md "Live keys"), written by a thread of its own: the
 * floor only leaves the latest JSON in a map, so a slow or stopped Redis never stalls AMI events and the map holds
 * at most one entry per agent. The caller's number is not stored.
 */
final class RedisViews implements ViewStore, AutoCloseable {
    static final String VIEWS = "agent:views";
    static final String LIVE = "live:agents";
    private static final Logger log = LoggerFactory.getLogger(RedisViews.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Redis redis;
    /** agent → {Stored, Live}: copies taken on the floor's thread, turned into JSON on the writer's */
    private final Map<String, Object[]> dirty = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread writer;
    private volatile boolean failing;
    private volatile boolean closed;

    RedisViews(Redis redis) {
        this.redis = redis;
        this.writer = new Thread(this::writeLoop, "agent-views-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void save(AgentView v) {
        dirty.put(v.agent, new Object[] {Stored.of(v), Live.of(v)});
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public boolean unsaved(String agent) {
        return failing && dirty.containsKey(agent);
    }

    @Override
    public Collection<AgentView> loadAll() {
        List<AgentView> out = new ArrayList<>();
        for (String json : redis.jedis().hgetAll(VIEWS).values()) {
            try {
                out.add(JSON.readValue(json, Stored.class).view());
            } catch (JsonProcessingException | RuntimeException e) {
                log.warn("event=agent_view_unreadable reason=\"{}\"", e.getMessage());
            }
        }
        return out;
    }

    /** One agent's stored view, or null: what a node that does not hold the floor shows. */
    AgentView load(String agent) {
        String json = redis.jedis().hget(VIEWS, agent);
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, Stored.class).view();
        } catch (JsonProcessingException e) {
            log.warn("event=agent_view_unreadable agent={} reason=\"{}\"", agent, e.getMessage());
            return null;
        }
    }

    /** Writes what is waiting now; true when Redis took it. Tests call it instead of waiting for the thread. */
    boolean flush() {
        if (dirty.isEmpty()) {
            return true;
        }
        Map<String, Object[]> batch = new HashMap<>(dirty);
        Map<String, String> views = new HashMap<>();
        Map<String, String> live = new HashMap<>();
        batch.forEach((agent, pair) -> {
            views.put(agent, json(pair[0]));
            live.put(agent, json(pair[1]));
        });
        try {
            redis.jedis().hset(VIEWS, views);
            redis.jedis().hset(LIVE, live);
            redis.jedis().publish("live", LIVE);
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("event=agent_views_unsaved agents={} reason=\"{}\"", batch.size(), e.getMessage());
            }
            failing = true;
            return false;
        }
        batch.forEach(dirty::remove); // only entries not replaced meanwhile
        if (failing) {
            log.info("event=agent_views_saved_again agents={}", batch.size());
        }
        failing = false;
        return true;
    }

    private void writeLoop() {
        long backoff = 100;
        while (!closed) {
            try {
                synchronized (signal) {
                    if (dirty.isEmpty()) {
                        signal.wait(1000);
                    }
                }
                if (flush()) {
                    backoff = 100;
                    Thread.sleep(20); // coalesce a burst into one write
                } else {
                    Thread.sleep(backoff);
                    backoff = Math.min(2000, backoff * 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        flush();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON of {@code live:agents}. */
    record Live(String state, String reason, long since, List<String> queues, String extension, String phone) {
        static Live of(AgentView v) {
            return new Live(v.state.wire(), v.state == AgentState.NOT_READY ? v.reason : null, v.since, v.queues,
                    v.extension, v.phoneOffline ? "offline" : "ok");
        }
    }

    /** The JSON of {@code agent:views}. */
    record Stored(String agent, String extension, String iface, List<String> queues, List<String> memberOf,
                  AgentState state, String reason, long since, Request request, String pendingNotReady,
                  boolean pendingLogout, boolean phoneOffline, boolean removedByPbx, boolean overdue,
                  long heartbeatAt, Call call) {

        static Stored of(AgentView v) {
            AgentView.CallLeg c = v.call;
            return new Stored(v.agent, v.extension, v.iface, v.queues, new ArrayList<>(v.memberOf), v.state, v.reason,
                    v.since, v.request, v.pendingNotReady, v.pendingLogout, v.phoneOffline, v.removedByPbx,
                    v.overdue, v.heartbeatAt, c == null ? null : new Call(c.uniqueId, c.queue, c.offeredAt,
                    c.answeredAt, c.endedAt, c.holdMs, c.holdSince, c.talkSeconds, c.wrapupDeadline, c.wrapupEndedAt,
                    c.leaveDeadline, c.handlingWritten));
        }

        AgentView view() {
            AgentView v = new AgentView(agent);
            v.extension = extension;
            v.iface = iface;
            v.queues = queues == null ? List.of() : List.copyOf(queues);
            if (memberOf != null) {
                v.memberOf.addAll(memberOf);
            }
            v.state = state;
            v.reason = reason;
            v.since = since;
            v.request = request;
            v.pendingNotReady = pendingNotReady;
            v.pendingLogout = pendingLogout;
            v.phoneOffline = phoneOffline;
            v.removedByPbx = removedByPbx;
            v.overdue = overdue;
            v.heartbeatAt = heartbeatAt;
            if (call != null) {
                AgentView.CallLeg c = new AgentView.CallLeg(call.uniqueId, call.queue, null, call.offeredAt);
                c.answeredAt = call.answeredAt;
                c.endedAt = call.endedAt;
                c.holdMs = call.holdMs;
                c.holdSince = call.holdSince;
                c.talkSeconds = call.talkSeconds;
                c.wrapupDeadline = call.wrapupDeadline;
                c.wrapupEndedAt = call.wrapupEndedAt;
                c.leaveDeadline = call.leaveDeadline;
                c.handlingWritten = call.handlingWritten;
                v.call = c;
            }
            return v;
        }
    }

    record Call(String uniqueId, String queue, long offeredAt, long answeredAt, long endedAt, long holdMs,
                long holdSince, long talkSeconds, long wrapupDeadline, long wrapupEndedAt, long leaveDeadline,
                boolean handlingWritten) {
    }
}
