package cn.hotline12333.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallboard feed: figures computed once per tick on one ticker thread, however many screens watch (a board
 * recomputed per viewer is the classic way such products fall over), and the same encoded frame sent to every
 * screen. A new screen, or one that saw a gap in the sequence numbers, gets the whole snapshot; the others get
 * only the paths that changed. Ticks come every {@link #TICK_MS} ms when a change was announced, at least once a
 * second otherwise, so a figure reaches the screens within a second and no screen gets more than four frames a
 * second. A screen that does not read (its outbound buffer is full) is dropped, never buffered without bound.
 *
 * <p>Messages (JSON text frames), each with the server's time so screens never trust their own clock:
 * {@code snapshot} (seq, figures), {@code delta} (seq, base, set, remove), {@code stale} (since),
 * {@code heartbeat} (seq) every 15 s.
 */
public final class Wallboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Wallboard.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final long TICK_MS = 250;
    static final long MAX_QUIET_MS = 1000;
    static final long HEARTBEAT_MS = 15_000;

    /** One watching screen; touched by the ticker thread, except {@code wantsSnapshot} set from its event loop. */
    private static final class Screen {
        final Channel channel;
        volatile boolean wantsSnapshot = true;
        boolean toldStale;

        Screen(Channel channel) {
            this.channel = channel;
        }
    }

    private final WallboardSource source;
    private final Clock clock;
    private final Map<Channel, Screen> screens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final AtomicLong computations = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    // Ticker thread only.
    private Map<String, Object> figures = Map.of();
    private long seq;
    private long lastComputed;
    private long lastHeartbeat;
    private long staleSince;

    public Wallboard(WallboardSource source, Clock clock) {
        this(source, clock, true);
    }

    /** {@code run = false}: no ticker thread; tests call {@link #tick()} themselves. */
    Wallboard(WallboardSource source, Clock clock, boolean run) {
        this.source = source;
        this.clock = clock;
        this.ticker = run ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wallboard-ticker");
            t.setDaemon(true);
            return t;
        }) : null;
        if (run) {
            ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Something the board shows has changed (a Pub/Sub notice): recompute on the next tick. Any thread. */
    public void changed() {
        changed.set(true);
    }

    void subscribe(Channel channel) {
        screens.put(channel, new Screen(channel));
        channel.closeFuture().addListener(f -> screens.remove(channel));
        changed.set(true);
    }

    /** The screen saw a gap in the sequence numbers: it gets the whole snapshot next tick. */
    void snapshotWanted(Channel channel) {
        Screen screen = screens.get(channel);
        if (screen != null) {
            screen.wantsSnapshot = true;
        }
    }

    int screens() {
        return screens.size();
    }

    /** How often the figures were computed since start: the same with 10 screens as with 200. */
    public long computations() {
        return computations.get();
    }

    long droppedScreens() {
        return dropped.get();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("event=wallboard_tick_failed", e);
        }
    }

    void tick() {
        long now = clock.millis();
        boolean due = changed.getAndSet(false) || now - lastComputed >= MAX_QUIET_MS;
        boolean someoneNew = screens.values().stream().anyMatch(s -> s.wantsSnapshot);
        if (screens.isEmpty()) {
            return;
        }
        if (due || someoneNew) {
            compute(now);
        }
        if (now - lastHeartbeat >= HEARTBEAT_MS) {
            lastHeartbeat = now;
            sendToAll(frame(Map.of("type", "heartbeat", "seq", seq, "serverTime", now)));
        }
    }

    private void compute(long now) {
        lastComputed = now;
        Map<String, Object> next;
        try {
            next = source.figures();
            computations.incrementAndGet();
        } catch (Exception e) {
            if (staleSince == 0) {
                staleSince = now;
                log.warn("event=wallboard_stale reason=\"{}\"", e.getMessage());
            }
            ByteBuf stale = frame(Map.of("type", "stale", "since", staleSince, "serverTime", now));
            for (Screen s : screens.values()) {
                if (!s.toldStale) {
                    s.toldStale = true;
                    write(s, stale.retainedDuplicate());
                }
            }
            stale.release();
            return;
        }
        boolean recovered = staleSince != 0;
        if (recovered) {
            log.info("event=wallboard_recovered stale_ms={}", now - staleSince);
            staleSince = 0;
            screens.values().forEach(s -> {
                s.toldStale = false;
                s.wantsSnapshot = true;
            });
        }
        Map<String, Object> set = new LinkedHashMap<>();
        next.forEach((k, v) -> {
            if (!Objects.equals(figures.get(k), v)) {
                set.put(k, v);
            }
        });
        List<String> removed = new ArrayList<>();
        figures.keySet().forEach(k -> {
            if (!next.containsKey(k)) {
                removed.add(k);
            }
        });
        boolean anyChange = !set.isEmpty() || !removed.isEmpty();
        long base = seq;
        if (anyChange) {
            seq++;
        }
        figures = Map.copyOf(next);
        ByteBuf delta = anyChange ? frame(Map.of("type", "delta", "seq", seq, "base", base, "serverTime", now,
                "set", set, "remove", removed)) : null;
        ByteBuf snapshot = null;
        for (Screen s : screens.values()) {
            if (s.wantsSnapshot) {
                if (snapshot == null) {
                    snapshot = frame(Map.of("type", "snapshot", "seq", seq, "serverTime", now, "figures", figures));
                }
                s.wantsSnapshot = false;
                write(s, snapshot.retainedDuplicate());
            } else if (delta != null) {
                write(s, delta.retainedDuplicate());
            }
        }
        if (snapshot != null) {
            snapshot.release();
        }
        if (delta != null) {
            delta.release();
        }
    }

    private void sendToAll(ByteBuf frame) {
        for (Screen s : screens.values()) {
            write(s, frame.retainedDuplicate());
        }
        frame.release();
    }

    /** A screen whose socket buffer is full is dropped: its page reconnects and gets a fresh snapshot. */
    private void write(Screen screen, ByteBuf frame) {
        Channel channel = screen.channel;
        if (!channel.isActive()) {
            frame.release();
            return;
        }
        if (!channel.isWritable()) {
            frame.release();
            dropped.incrementAndGet();
            screens.remove(channel);
            log.info("event=wallboard_screen_dropped reason=slow address={}", channel.remoteAddress());
            channel.close();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(frame));
    }

    private static ByteBuf frame(Map<String, Object> message) {
        try {
            return Unpooled.wrappedBuffer(JSON.writeValueAsBytes(message));
        } catch (Exception e) {
            throw new IllegalStateException("wallboard message cannot be written as JSON", e);
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        screens.keySet().forEach(Channel::close);
    }
}
