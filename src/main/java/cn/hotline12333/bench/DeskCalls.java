package cn.hotline12333.bench;

import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskListener;
import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.sim.AmiCaller;
import cn.hotline12333.sim.AmiChannel;
import cn.hotline12333.sim.AmiEmulator;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls of {@code bench agent-desktop}, all on one thread of the bench ({@code bench-calls}: the emulator is
 * driven from it alone). {@code --calls} callers wait in the queue, each with the screen-pop context the IVR stores
 * before {@code Queue()}; ready desktop agents are rung at {@code --ring-rate}/s (the longest waiting caller): the
 * member answers after a second, talks {@code --talk-seconds}, the wrap-up is sent at once (the bench's own thread),
 * and a new caller joins for each one answered, so the queue stays full. The browser agents are rung on their own
 * rhythm, and the caller hangs up after a second's ring (the pop comes and goes; the agent stays ready).
 */
final class DeskCalls implements DeskListener, AutoCloseable {
    static final String QUEUE = "hotline-general";
    static final String SYSTEM = "bench-pbx";
    private static final AtomicLong IDS = new AtomicLong();

    private final AmiEmulator box;
    private final CallContexts contexts;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-calls");
        t.setDaemon(true);
        return t;
    });
    final Map<String, AgentState> states = new ConcurrentHashMap<>();
    final BlockingQueue<String> wrapUpsDue = new LinkedBlockingQueue<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, String> extensions = new ConcurrentHashMap<>();
    // bench-calls thread only
    private final ArrayDeque<AmiCaller> waiting = new ArrayDeque<>();
    private volatile List<String> desktopAgents = List.of();
    private volatile List<String> browserAgents = List.of();
    private int next;
    private long started;
    private long rung;
    private int ringRate;
    private int talkSeconds;
    private int browserPops;
    private final Map<String, Integer> browserRings = new ConcurrentHashMap<>();
    private final Map<String, Long> browserNext = new ConcurrentHashMap<>();
    final AtomicLong desktopRings = new AtomicLong();
    final AtomicLong browserRingCount = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    volatile boolean ringing;
    volatile boolean ringBrowsers;

    /** told of each pop the floor applies (the bench's stamp between the AMI link and the hub) */
    volatile PopClock clock;

    @Override
    public void pop(String agent, Pop pop) {
        PopClock c = clock;
        if (c != null) {
            c.applied(agent, pop.uniqueId());
        }
    }

    /** the AMI link went down during the run (a figure taken across a drop says so) */
    final AtomicLong linkDowns = new AtomicLong();

    @Override
    public void linkChanged(boolean up) {
        if (!up) {
            linkDowns.incrementAndGet();
        }
    }

    DeskCalls(AmiEmulator box, CallContexts contexts) {
        this.box = box;
        this.contexts = contexts;
    }

    void extension(String agent, String extension) {
        extensions.put(agent, extension);
    }

    @Override
    public void changed(AgentSnapshot s) {
        AgentState before = states.put(s.agent(), s.state());
        if (s.state() == AgentState.WRAP_UP && before != AgentState.WRAP_UP) {
            wrapUpsDue.add(s.agent());
        }
        if (s.state() == AgentState.READY && before != AgentState.READY) {
            inFlight.remove(s.agent());
        }
    }

    long count(AgentState state) {
        return states.values().stream().filter(s -> s == state).count();
    }

    /** {@code n} callers in the queue, each with its IVR context in Redis. Blocks until they are. */
    void fillQueue(int n) throws Exception {
        thread.submit(() -> {
            for (int i = 0; i < n; i++) {
                join();
            }
        }).get(10, TimeUnit.MINUTES);
    }

    int waiting() throws Exception {
        return thread.submit(waiting::size).get(10, TimeUnit.SECONDS);
    }

    /** Starts ringing: desktop agents at {@code rate}/s, browser agents each {@code browserPops} times. */
    void start(List<String> desktops, List<String> browsers, int rate, int talk, int pops) {
        thread.execute(() -> {
            desktopAgents = desktops;
            browserAgents = browsers;
            ringRate = rate;
            talkSeconds = talk;
            browserPops = pops;
            started = System.nanoTime();
            ringing = true;
        });
        thread.scheduleAtFixedRate(this::pace, 10, 10, TimeUnit.MILLISECONDS);
    }

    /** Each browser agent is rung {@code pops} times more (the bench's second, niced pass). */
    void moreBrowserRings(int pops) throws Exception {
        thread.submit(() -> browserPops += pops).get(10, TimeUnit.SECONDS);
    }

    boolean browsersDone() {
        return browserAgents.stream().allMatch(a -> browserRings.getOrDefault(a, 0) >= browserPops
                && !inFlight.contains(a));
    }

    /** bench-calls thread, every 10 ms. */
    private void pace() {
        if (!ringing) {
            return;
        }
        long now = System.nanoTime();
        long due = (long) ((now - started) / 1e9 * ringRate);
        int tried = 0;
        while (rung < due && tried < desktopAgents.size()) {
            String agent = desktopAgents.get(next);
            next = (next + 1) % desktopAgents.size();
            tried++;
            if (states.get(agent) == AgentState.READY && inFlight.add(agent)) {
                ring(agent, true);
                rung++;
                desktopRings.incrementAndGet();
            }
        }
        if (rung < due) {
            rung = due; // no agent free: the rate is what the floor can take, not a debt to pay later
        }
        if (!ringBrowsers) {
            return;
        }
        for (String agent : browserAgents) {
            if (browserRings.getOrDefault(agent, 0) < browserPops && states.get(agent) == AgentState.READY
                    && now >= browserNext.getOrDefault(agent, 0L) && inFlight.add(agent)) {
                browserRings.merge(agent, 1, Integer::sum);
                // the next ring of this page no sooner than 1.5 s after this one ends
                browserNext.put(agent, now + TimeUnit.MILLISECONDS.toNanos(2_500));
                ring(agent, false);
                browserRingCount.incrementAndGet();
            }
        }
    }

    private void ring(String agent, boolean answer) {
        AmiCaller c = waiting.pollFirst();
        if (c == null) {
            c = join();
            waiting.pollLast();
        }
        String iface = "PJSIP/" + extensions.get(agent);
        long n = IDS.incrementAndGet();
        c.ring(iface, AmiChannel.memberLeg(iface + "-" + Long.toHexString(n), "13800138000", "hotline-agents", "s",
                "1796200000." + n, c.uniqueId()));
        AmiCaller call = c;
        if (answer) {
            thread.schedule(() -> {
                call.connect(iface, 30, 1);
                answered.incrementAndGet();
                join();
                thread.schedule(() -> call.complete("caller", 30, talkSeconds), talkSeconds, TimeUnit.SECONDS);
            }, 1, TimeUnit.SECONDS);
        } else {
            thread.schedule(() -> {
                call.ringNoAnswer(iface, 1000);
                call.abandon(31);
                join();
            }, 1, TimeUnit.SECONDS);
        }
    }

    /** A caller walks through the IVR (its context stored as the FastAGI side does) and joins the queue. */
    private AmiCaller join() {
        long n = IDS.incrementAndGet();
        String uid = "1796100000." + n;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        contexts.store(new CallContext(CallContext.VERSION, CallContexts.callId(SYSTEM, uid), SYSTEM, uid, null,
                "138****" + String.format("%04d", n % 10_000), "main", List.of("主菜单", "社会保险", "养老保险",
                "养老金发放查询"), List.of("pension"), List.of(new CallContext.Service("pension_status", true,
                "养老金到账查询：成功")), "1101**********0010", QUEUE, now.minusMinutes(2), now.minusSeconds(30)));
        AmiCaller c = box.callerJoins(QUEUE, AmiChannel.caller("PJSIP/trunk-" + n, "13800138000", "hotline", "12333",
                5, uid, uid));
        waiting.addLast(c);
        return c;
    }

    /** No new rings; the calls under way finish. */
    void stopRinging() {
        ringing = false;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
