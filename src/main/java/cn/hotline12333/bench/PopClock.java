package cn.hotline12333.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two stamps of {@code bench agent-desktop} on the server: each AgentCalled as Asterisk-Java's reader took it off
 * the AMI socket (agent.RingProbe), and each pop frame when its write to the agent's socket completed
 * (AgentHub.FrameProbe). Both in one JVM: the reader's stamp is epoch ms (its {@code dateReceived}), compared with the
 * write's epoch ms; our listener's nanoTime is compared with the write's nanoTime for the sub-millisecond view.
 */
final class PopClock {
    private static final Pattern UNIQUE_ID = Pattern.compile("\"uniqueId\":\"([^\"]+)\"");

    /** the socket desktops' agents (d0001…); the browser pages' are b01… */
    static final String DESKTOP_PREFIX = "d";

    private record Read(long millis, long nanos, long pumpMillis) {
    }

    /** agent|uniqueId → nanoTime the floor told its listeners of the pop (DeskListener.pop) */
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    /** agent|uniqueId → nanoTime the pop frame was written */
    final Map<String, Long> writtenNanos = new ConcurrentHashMap<>();
    /** our listener → the floor's pop (AMI link hand-off, the floor's queue and the transition) */
    final AgentFloorWatch.Latencies heardToApplied = new AgentFloorWatch.Latencies();
    /** the floor's pop → frame written (AgentHub: its queue, the Redis work, the channel's event loop) */
    final AgentFloorWatch.Latencies appliedToWritten = new AgentFloorWatch.Latencies();

    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    /** agent|uniqueId → epoch ms the pop frame was written (the browser's render is related to the read) */
    final Map<String, Long> writtenAt = new ConcurrentHashMap<>();
    final Map<String, Long> readAt = new ConcurrentHashMap<>();
    /** AgentCalled read (reader's epoch ms) → pop frame written (epoch ms): 1 ms resolution */
    final AgentFloorWatch.Latencies readToWritten = new AgentFloorWatch.Latencies();
    /** our listener's first nanoTime → pop frame written (nanoTime): what follows Asterisk-Java's event pump */
    final AgentFloorWatch.Latencies heardToWritten = new AgentFloorWatch.Latencies();
    /** the reader's stamp → our listener (ms): Asterisk-Java's event pump queue */
    final AgentFloorWatch.Latencies pumpWait = new AgentFloorWatch.Latencies();
    /**
     * One socket desktop's pop, every leg of it: read and written in epoch ms (to lay it beside a GC pause or a phase
     * of the run), the legs in ns; {@code heardToApplied} and {@code appliedToWritten} -1 when the floor's stamp is
     * missing, {@code pump} (reader → our listener, ms resolution) -1 without the reader's stamp.
     */
    record Ring(long readAt, long writtenAt, long readToWritten, long pump, long heardToApplied,
                long appliedToWritten) {
    }

    /** the socket desktops' pops, in the order their frames were written */
    final List<Ring> rings = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong agentCalled = new AtomicLong();
    final AtomicLong popsWritten = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();

    /** Asterisk-Java's event thread. */
    void read(String member, String uniqueId, long readAtMillis, long heardAtNanos) {
        long nowMillis = System.currentTimeMillis();
        String key = member + "|" + uniqueId;
        long pump = readAtMillis > 0 ? Math.max(0, nowMillis - readAtMillis) : -1;
        reads.put(key, new Read(readAtMillis, heardAtNanos, pump));
        readAt.put(key, readAtMillis);
        agentCalled.incrementAndGet();
        if (pump >= 0) {
            pumpWait.add(pump * 1_000_000L);
        }
    }

    /** The floor's thread (DeskListener.pop). */
    void applied(String agent, String uniqueId) {
        applied.put(agent + "|" + uniqueId, System.nanoTime());
    }

    /** The desktop channel's event loop. */
    void written(String agent, String frame, long atNanos, long atMillis) {
        if (!frame.contains("\"type\":\"pop\"")) {
            return;
        }
        String uniqueId = uniqueId(frame);
        Read r = uniqueId == null ? null : reads.remove(agent + "|" + uniqueId);
        if (r == null) {
            unmatched.incrementAndGet();
            return;
        }
        popsWritten.incrementAndGet();
        writtenAt.put(agent + "|" + uniqueId, atMillis);
        if (!agent.startsWith(DESKTOP_PREFIX)) {
            return; // a browser page's: reported with its render
        }
        writtenNanos.put(agent + "|" + uniqueId, atNanos);
        long total = Math.max(0, atMillis - r.millis) * 1_000_000L;
        readToWritten.add(total);
        heardToWritten.add(atNanos - r.nanos);
        Long at = applied.remove(agent + "|" + uniqueId);
        if (at != null) {
            heardToApplied.add(at - r.nanos);
            appliedToWritten.add(atNanos - at);
        }
        rings.add(new Ring(r.millis, atMillis, total, r.pumpMillis, at == null ? -1 : at - r.nanos,
                at == null ? -1 : atNanos - at));
    }

    static String uniqueId(String frame) {
        Matcher m = UNIQUE_ID.matcher(frame);
        return m.find() ? m.group(1) : null;
    }
}
