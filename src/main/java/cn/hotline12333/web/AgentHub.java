package cn.hotline12333.web;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskListener;
import cn.hotline12333.agent.Request;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.store.Redis;
import cn.hotline12333.wrapup.WrapupCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /ws/agent} pushes: the agent's state changes, pops (with the IVR's context), pop withdrawals,
 * refusals, take-overs, the phone system's link and {@link DeskPush} notices, each a JSON frame with a per-agent
 * sequence number and the server's time. Every sequenced frame is also kept in a short per-agent ring in Redis
 * ({@code desk:ring:<agent>}, the last {@link #RING} frames for {@link #RING_TTL_MS}), so a page that reconnects,
 * to this node or another, resumes from its last number; a page whose gap the ring no longer covers gets a fresh
 * snapshot. {@link #LANES} threads of its own ({@code agent-hub-<n>}) number, store and send; each agent's frames
 * go through one lane, always the same, so they stay in the floor's order for that agent (the only order a page
 * reads: the sequence is per agent), while one agent's Redis round trips do not hold up another's pop. The floor's
 * listener only queues onto the lanes. A desktop that stops reading (its channel unwritable past the server's
 * high-water mark) is closed, never buffered without bound.
 */
public final class AgentHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int RING = 100;
    /**
     * Lanes: each blocks on Redis for most of a frame, so a few more than the cores keep Redis and the CPU busy
     * while one waits; the per-agent order needs no more than one lane per agent.
     */
    static final int LANES = 8;
    /** frames queued over all lanes before a desktop is left to resync by snapshot */
    static final int QUEUED = 50_000;
    static final long RING_TTL_MS = 10 * 60_000;
    static final long HEARTBEAT_MS = 15_000;
    static final String SEQ = "desk:seq:";
    static final String RING_KEY = "desk:ring:";
    static final String NOTICE_ONCE = "desk:notice:";
    /** the DeskPush kind of a frame relayed from the node that numbered it */
    static final String RELAY = "frame";

    /** One open desktop page: its socket, agent and desk id (its session's). */
    record Desktop(Channel channel, String agent, String desk) {
    }

    private final AgentDesk desk;
    private final Redis redis;
    private final CallContexts contexts;
    private final WrapupCodes codes;
    private final String fallbackSystem;
    private final ThreadPoolExecutor[] lanes = new ThreadPoolExecutor[LANES];
    private final ScheduledExecutorService heartbeat;
    private final Map<String, Set<Desktop>> open = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> notices = new ConcurrentHashMap<>();
    private final DeskPush push;
    // an agent's entry is read and written only on that agent's lane
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    /** set and cleared by every lane: each change logged once, by the lane that made it */
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    /** this hub's name in relayed frames, so that it does not send its own twice */
    private final String origin = java.util.UUID.randomUUID().toString();
    /** a benchmark's look at each frame written to a desktop's socket (null in production) */
    private volatile FrameProbe probe;

    /**
     * Told when a frame has been written to a desktop's socket (its write future done), on that channel's event
     * loop: return at once. For {@code bench agent-desktop}; unset in production.
     */
    public interface FrameProbe {
        void written(String agent, String frame, long atNanos, long atMillis);
    }

    public void probe(FrameProbe p) {
        probe = p;
    }

    /**
     * {@code fallbackSystem}: the Asterisk system name of calls that reached the queue without IVR context (plain
     * dialplan), for their call id.
     */
    public AgentHub(AgentDesk desk, DeskPush push, Redis redis, CallContexts contexts, WrapupCodes codes,
                    String fallbackSystem) {
        this.desk = desk;
        this.push = push;
        this.redis = redis;
        this.contexts = contexts;
        this.codes = codes;
        this.fallbackSystem = fallbackSystem;
        for (int i = 0; i < LANES; i++) {
            String name = "agent-hub-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED / LANES),
                    r -> {
                        Thread t = new Thread(r, name);
                        t.setDaemon(true);
                        return t;
                    });
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-hub-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        desk.addListener(new DeskListener() {
            @Override
            public void changed(AgentSnapshot s) {
                later(s.agent(), () -> emit(s.agent(), "state", Map.of("agent", DeskFrames.agent(s))));
                if (s.state() == AgentState.LOGGED_OUT && s.request() == null) {
                    later(s.agent(), () -> forgetNotices(s.agent()));
                }
            }

            @Override
            public void pop(String agent, Pop pop) {
                later(agent, () -> emit(agent, "pop", Map.of("pop", popJson(agent, pop.uniqueId(),
                        pop.callerNumber(), pop.queue(), pop.offeredAt(), true))));
            }

            @Override
            public void withdrawn(String agent, String uniqueId) {
                later(agent, () -> emit(agent, "withdrawn", Map.of("uniqueId", uniqueId)));
            }

            @Override
            public void refused(String agent, Request request, String asteriskSays) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("request", request == null ? null : request.kind().name());
                body.put("reason", request == null ? null : request.reason());
                body.put("says", asteriskSays);
                later(agent, () -> emit(agent, "refused", body));
            }

            @Override
            public void closed(String agent, String deskId, String why) {
                later(agent, () -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("desk", deskId);
                    body.put("why", why);
                    emit(agent, "closed", body, null, deskId == null ? "*" : deskId);
                    for (Desktop d : open.getOrDefault(agent, Set.of())) {
                        if (deskId == null || deskId.equals(d.desk())) {
                            d.channel().writeAndFlush(new CloseWebSocketFrame(4000, "会话已在其他位置登录"));
                            d.channel().close();
                        }
                    }
                });
            }

            @Override
            public void linkChanged(boolean up) {
                open.keySet().forEach(agent -> later(agent, () -> emit(agent, "link", Map.of("up", up))));
            }
        });
    }

    /** A page's socket is open: it gets the frames after {@code since} from the ring, or a snapshot. Any thread. */
    void connected(Desktop d, Long since) {
        open.computeIfAbsent(d.agent(), a -> new CopyOnWriteArraySet<>()).add(d);
        notices.computeIfAbsent(d.agent(), a -> push.subscribe(a, n -> {
            if (RELAY.equals(n.kind())) {
                relayed(a, n.body());
            } else {
                // every node where the agent's page is or was open hears the notice; the first numbers it
                later(a, () -> emit(a, "notice", Map.of("kind", n.kind(), "body", n.body()),
                        n.id() == null ? null : NOTICE_ONCE + n.id() + ":" + a, null));
            }
        }));
        d.channel().closeFuture().addListener(f -> disconnected(d));
        later(d.agent(), () -> catchUp(d, since));
    }

    private void disconnected(Desktop d) {
        Set<Desktop> mine = open.get(d.agent());
        if (mine != null) {
            mine.remove(d);
            if (mine.isEmpty()) {
                open.remove(d.agent());
            }
        }
    }

    /**
     * Notices keep coming into the agent's ring while his page reconnects (so a resumed page misses none); they
     * stop once he has logged out and no page of his is open here. The agent's lane.
     */
    private void forgetNotices(String agent) {
        if (open.containsKey(agent)) {
            return;
        }
        AutoCloseable sub = notices.remove(agent);
        if (sub != null) {
            try {
                sub.close();
            } catch (Exception e) {
                log.debug("event=agent_hub_unsubscribe_failed agent={}", agent);
            }
        }
    }

    /** The page asked for a whole snapshot (it saw a gap). Any thread. */
    void snapshotWanted(Desktop d) {
        later(d.agent(), () -> catchUp(d, null));
    }

    void heartbeatFrom(Desktop d) {
        desk.heartbeat(d.agent());
    }

    int desktops() {
        return open.values().stream().mapToInt(Set::size).sum();
    }

    long droppedDesktops() {
        return dropped.get();
    }

    /** Runs {@code work} on the agent's lane, after the work queued for him before. */
    private void later(String agent, Runnable work) {
        try {
            lanes[Math.floorMod(agent.hashCode(), LANES)].execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("event=agent_hub_error", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=agent_hub_full dropped=1 (desktops resync by snapshot)");
        }
    }

    // the agent's lane
    private void catchUp(Desktop d, Long since) {
        if (since != null) {
            List<String> frames = ring(d.agent());
            List<String> after = new ArrayList<>();
            long first = Long.MAX_VALUE;
            for (String f : frames) {
                long seq = seqOf(f);
                first = Math.min(first, seq);
                if (seq > since) {
                    after.add(f);
                }
            }
            long last = currentSeq(d.agent());
            boolean covered = since >= last || (first <= since + 1 && !frames.isEmpty());
            if (covered) {
                after.forEach(f -> send(d, f));
                send(d, encode(frame(-1, "resumed", Map.of("from", since, "frames", after.size()))));
                return;
            }
        }
        AgentSnapshot s = desk.snapshot(d.agent()).join();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent", DeskFrames.agent(s));
        body.put("phoneSystemUp", desk.phoneSystemUp());
        body.put("pop", s.callUniqueId() == null ? null : popJson(d.agent(), s.callUniqueId(), null, null, 0, false));
        long seq = currentSeq(d.agent());
        send(d, encode(frame(seq, "snapshot", body)));
    }

    private List<String> ring(String agent) {
        try {
            List<String> frames = redis.jedis().lrange(RING_KEY + agent, 0, -1);
            redisDown.set(false);
            return frames;
        } catch (RuntimeException e) {
            redisDown.set(true);
            return List.of();
        }
    }

    private long currentSeq(String agent) {
        long local = lastSeq.getOrDefault(agent, 0L);
        try {
            String v = redis.jedis().get(SEQ + agent);
            redisDown.set(false);
            long stored = v == null ? 0 : Long.parseLong(v);
            lastSeq.put(agent, Math.max(local, stored));
            return Math.max(local, stored);
        } catch (RuntimeException e) {
            redisDown.set(true);
            return local;
        }
    }

    private void emit(String agent, String type, Map<String, Object> body) {
        emit(agent, type, body, null, null);
    }

    /**
     * Numbers the frame, keeps it in the agent's ring and tells the other nodes (a {@link DeskPush} "frame" notice
     * their desktops of this agent get as it is), in one script: one round trip, and the ring in sequence order
     * whichever node appends. {@code once}: a key that only the first node to emit this frame may set (a notice
     * every node hears); {@code close}: the desk whose page must close ({@code "*"}: all of the agent's), or null.
     * False when another node emitted it first. The agent's lane.
     */
    private boolean emit(String agent, String type, Map<String, Object> body, String once, String close) {
        long local = lastSeq.getOrDefault(agent, 0L);
        String text;
        try {
            String unnumbered = encode(frame(-1, type, body));
            List<String> keys = once == null ? List.of(SEQ + agent, RING_KEY + agent)
                    : List.of(SEQ + agent, RING_KEY + agent, once);
            Object r = redis.jedis().eval(APPEND, keys, List.of(unnumbered, Long.toString(local),
                    Integer.toString(RING), Long.toString(RING_TTL_MS), DeskPush.CHANNEL, relayHead(agent, close)));
            if (r == null) {
                return false;
            }
            text = r.toString();
            lastSeq.put(agent, seqOf(text));
            if (redisDown.getAndSet(false)) {
                log.info("event=agent_hub_ring_saved_again agent={}", agent);
            }
        } catch (RuntimeException e) {
            if (!redisDown.getAndSet(true)) {
                log.warn("event=agent_hub_ring_unsaved agent={} error=\"{}\"", agent, e.getMessage());
            }
            lastSeq.put(agent, local + 1);
            text = encode(frame(local + 1, type, body));
        }
        for (Desktop d : open.getOrDefault(agent, Set.of())) {
            send(d, text);
        }
        return true;
    }

    /**
     * INCR, RPUSH, LTRIM, PEXPIRE and the relay PUBLISH as one script. KEYS: sequence, ring, [once]; ARGV: the frame
     * without its number, this node's last number for the agent (the counter never goes back after Redis lost
     * it), ring length, ring expiry, channel, and the relay message up to the frame text (closed by the script).
     */
    static final String APPEND = """
            if KEYS[3] and not redis.call('SET', KEYS[3], '1', 'NX', 'PX', 600000) then
              return false
            end
            local seq = redis.call('INCR', KEYS[1])
            local floor = tonumber(ARGV[2])
            if seq <= floor then
              seq = floor + 1
              redis.call('SET', KEYS[1], seq)
            end
            local text = '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
            redis.call('RPUSH', KEYS[2], text)
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 6)
            redis.call('PUBLISH', ARGV[5], ARGV[6] .. cjson.encode(text) .. '}}')
            return text
            """;

    /** {"to":agent,"kind":"frame","body":{"origin":…,"close":…,"text": — the script appends the text and closes. */
    private String relayHead(String agent, String close) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("to", agent);
        head.put("kind", RELAY);
        String json = encode(head);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("origin", origin);
        b.put("close", close);
        String inner = encode(b);
        return json.substring(0, json.length() - 1) + ",\"body\":" + inner.substring(0, inner.length() - 1)
                + ",\"text\":";
    }

    /** A frame another node numbered and stored: to this node's desktops of the agent as it is. Any thread. */
    private void relayed(String agent, com.fasterxml.jackson.databind.JsonNode body) {
        if (origin.equals(body.path("origin").asText())) {
            return;
        }
        String text = body.path("text").asText();
        String close = body.path("close").isTextual() ? body.path("close").asText() : null;
        later(agent, () -> {
            long seq = seqOf(text);
            lastSeq.merge(agent, seq, Math::max);
            for (Desktop d : open.getOrDefault(agent, Set.of())) {
                send(d, text);
                if (close != null && ("*".equals(close) || close.equals(d.desk()))) {
                    d.channel().writeAndFlush(new CloseWebSocketFrame(4000, "会话已在其他位置登录"));
                    d.channel().close();
                }
            }
        });
    }

    private Map<String, Object> frame(long seq, String type, Map<String, Object> body) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (seq >= 0) {
            f.put("seq", seq);
        }
        f.put("type", type);
        f.put("serverTime", System.currentTimeMillis());
        f.put("dataService", !redisDown.get());
        f.putAll(body);
        return f;
    }

    private void send(Desktop d, String text) {
        Channel c = d.channel();
        if (!c.isActive()) {
            return;
        }
        if (!c.isWritable()) {
            dropped.incrementAndGet();
            log.info("event=agent_desktop_dropped agent={} reason=not_reading", d.agent());
            c.close();
            return;
        }
        io.netty.channel.ChannelFuture written = c.writeAndFlush(new TextWebSocketFrame(text));
        FrameProbe p = probe;
        if (p != null) {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    p.written(d.agent(), text, System.nanoTime(), System.currentTimeMillis());
                }
            });
        }
    }

    private void beat() {
        String text = encode(frame(-1, "heartbeat", Map.of()));
        open.values().forEach(set -> set.forEach(d -> {
            if (d.channel().isActive()) {
                d.channel().writeAndFlush(new TextWebSocketFrame(text));
            }
        }));
    }

    /**
     * The pop as the page shows it, from the IVR's context when the caller's Uniqueid has one (and noted as offered
     * to the agent, so he may read the call and the caller's history), else number and queue with 无IVR信息. The
     * caller number leaves only masked, the citizen ID only as the IVR masked it.
     */
    private Map<String, Object> popJson(String agent, String uniqueId, String callerNumber, String queue,
                                        long offeredAt, boolean offer) {
        CallContexts.ScreenPop p;
        try {
            if (offer) {
                p = contexts.offer(fallbackSystem, uniqueId, callerNumber, queue, agent);
            } else {
                String callId = contexts.callIdOf(uniqueId);
                String system = callId == null ? fallbackSystem
                        : callId.substring(0, callId.length() - uniqueId.length() - 1);
                p = contexts.pop(system, uniqueId, callerNumber, queue);
            }
        } catch (RuntimeException e) {
            redisDown.set(true);
            p = new CallContexts.ScreenPop(fallbackSystem + "/" + uniqueId, callerNumber, queue,
                    cn.hotline12333.calllog.CallContext.NO_IVR, List.of(), List.of(), null, null, null, false);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uniqueId", uniqueId);
        out.put("callId", p.callId().replace('/', '~'));
        out.put("fromIvr", p.fromIvr());
        out.put("caller", p.callerNumber() == null ? null : Redaction.mask(p.callerNumber()));
        out.put("queue", p.queue());
        out.put("pathText", p.path());
        List<Map<String, String>> topics = new ArrayList<>();
        for (String id : p.topics()) {
            String name = codes == null ? null : codes.topicName(id);
            topics.add(Map.of("id", id, "name", name == null ? id : name));
        }
        out.put("topics", topics);
        out.put("selfService", p.selfService());
        out.put("citizenId", DeskRoutes.masked(p.citizenId()));
        out.put("callerHash", p.callerHash());
        out.put("enteredAt", p.enteredAt() == null ? null : p.enteredAt().toEpochMilli());
        out.put("offeredAt", offeredAt == 0 ? null : offeredAt);
        return out;
    }

    private static long seqOf(String frame) {
        int i = frame.indexOf("\"seq\":");
        if (i < 0) {
            return -1;
        }
        int end = i + 6;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return Long.parseLong(frame.substring(i + 6, end));
    }

    private static String encode(Map<String, Object> frame) {
        try {
            return JSON.writeValueAsString(frame);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("frame not encodable", e);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        notices.values().forEach(n -> {
            try {
                n.close();
            } catch (Exception e) {
                log.debug("event=agent_hub_unsubscribe_failed");
            }
        });
    }
}
