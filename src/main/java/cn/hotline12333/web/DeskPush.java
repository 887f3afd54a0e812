package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices for agent desktops that do not come from the agent's own state: supervisor broadcasts, work orders
 * falling due, tasks claimed by someone else. A notice is published on the Redis Pub/Sub channel
 * {@value #CHANNEL} so that every node delivers it to the desktops connected there (a desktop may be on any
 * node); each node hands it to its local subscribers. While Redis is away a notice still reaches the desktops of
 * this node. Delivery is best effort, as for any push: a page that reconnects reloads what it shows.
 */
public final class DeskPush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskPush.class);
    public static final String CHANNEL = "desk";
    /** The addressee of a notice meant for every desktop. */
    public static final String EVERYONE = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One notice: to an agent id or {@link #EVERYONE}, a kind ("broadcast", "work_order_due", …) and a body;
     * {@code id} tells the nodes that hear the same notice that it is one (null for a relayed frame).
     */
    public record Notice(String to, String kind, JsonNode body, String id) {
    }

    private final Redis redis;
    private final Executor io;
    private final ExecutorService ownPublisher;
    private final Map<String, List<Consumer<Notice>>> listeners = new ConcurrentHashMap<>();
    private final ChannelListener subscription;

    /**
     * Publishing runs on a thread of this push's own (a blocking Redis call), with a backlog of 10,000 notices
     * past which the oldest is dropped; another thread listens on the channel.
     */
    public DeskPush(Redis redis) {
        this(redis, null);
    }

    /** As above, publishing on {@code io} instead (tests), which the caller shuts down. */
    DeskPush(Redis redis, Executor io) {
        this.redis = redis;
        this.ownPublisher = io == null ? publisher() : null;
        this.io = io == null ? ownPublisher : io;
        this.subscription = new ChannelListener(redis, CHANNEL, "desk_push", this::received, () -> { });
    }

    /** Sends a notice to one agent's desktops (or everyone's) on every node. Returns at once. */
    public void publish(String to, String kind, Object body) {
        Notice notice = new Notice(to, kind, JSON.valueToTree(body), java.util.UUID.randomUUID().toString());
        String message = encode(notice);
        io.execute(() -> {
            try {
                redis.jedis().publish(CHANNEL, message);
            } catch (RuntimeException e) {
                log.warn("event=desk_push_local_only kind={} error=\"{}\"", kind, e.getMessage());
                deliver(notice);
            }
        });
    }

    /** Notices for this agent (and those for everyone) go to {@code listener} until the returned handle closes. */
    public AutoCloseable subscribe(String agent, Consumer<Notice> listener) {
        listeners.computeIfAbsent(agent, a -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(agent, (a, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    private void deliver(Notice notice) {
        if (EVERYONE.equals(notice.to())) {
            listeners.values().forEach(list -> list.forEach(l -> l.accept(notice)));
        } else {
            List<Consumer<Notice>> list = listeners.get(notice.to());
            if (list != null) {
                list.forEach(l -> l.accept(notice));
            }
        }
    }

    static String encode(Notice notice) {
        ObjectNode n = JSON.createObjectNode();
        n.put("to", notice.to());
        n.put("kind", notice.kind());
        n.set("body", notice.body());
        if (notice.id() != null) {
            n.put("id", notice.id());
        }
        return n.toString();
    }

    static Notice decode(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            return new Notice(n.path("to").asText(), n.path("kind").asText(), n.path("body"),
                    n.hasNonNull("id") ? n.get("id").asText() : null);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static ExecutorService publisher() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "desk-push-publish");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy());
    }

    private void received(String message) {
        try {
            deliver(decode(message));
        } catch (RuntimeException e) {
            log.warn("event=desk_push_unreadable error=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void close() {
        subscription.close();
        if (ownPublisher != null) {
            ownPublisher.shutdown();
        }
    }
}
