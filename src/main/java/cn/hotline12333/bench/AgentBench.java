package cn.hotline12333.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.WrapUp;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.sim.AmiCaller;
import cn.hotline12333.sim.AmiChannel;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/hotline-bench.jar bench agent}: the agent desk's AMI side against the AMI emulator, each
 * part on a fresh desk (an embedded Redis, the call log writing segments and handling records):
 * <ol>
 * <li>load: ring-all bursts on {@code --members} ready agents at {@code --rate} AMI events/s (every event the
 *     emulator publishes, the desk's own pause confirmations included) for {@code --seconds}: age of AgentCalled
 *     and AgentConnect at apply (from the bench's publish to the floor's listener), pops and withdrawals counted
 *     against those due, the floor's queue sampled;</li>
 * <li>link: socket closed, half-open socket, Asterisk restarted with every member lost, on the same desk with
 *     half the agents not ready;</li>
 * <li>history: {@link HistoryBench};</li>
 * <li>pop: {@code --agents} agents logged in and ready, rings paced at {@code --pop-rate}/s for
 *     {@code --pop-seconds}: AgentCalled published → pop at the DeskListener.</li>
 * </ol>
 * Not a test: run it by hand (docs/benchmarks.md, "Agent desk").
 */
final class AgentBench {
    static final String USAGE = "usage: hotline-bench.jar bench agent [--rate 3000] [--seconds 60] [--members 50]"
            + " [--agents 1000] [--pop-rate 200] [--pop-seconds 30] [--repeats 3] [--parts load,link,history,pop]"
            + " [--segments on|off]";
    private static final String QUEUE = "hotline-general";
    private static final AtomicLong IDS = new AtomicLong();
    private static final java.util.concurrent.atomic.AtomicBoolean SEGMENTS_OFF =
            new java.util.concurrent.atomic.AtomicBoolean();

    private AgentBench() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Flags f;
        String parts;
        try {
            f = Flags.parse(argv, List.of("rate", "seconds", "members", "agents", "pop-rate", "pop-seconds",
                    "repeats", "parts", "segments"));
            f.number("rate", 3000, 10, 100_000);
            f.number("seconds", 60, 1, 3600);
            f.number("members", 50, 2, 500);
            f.number("agents", 1000, 1, 5000);
            f.number("pop-rate", 200, 1, 10_000);
            f.number("pop-seconds", 30, 1, 3600);
            f.number("repeats", 3, 1, 20);
            parts = f.given().getOrDefault("parts", "load,link,history,pop");
            SEGMENTS_OFF.set("off".equals(f.given().get("segments")));
        } catch (IllegalArgumentException e) {
            err.println("bench agent: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.asteriskjava")).setLevel(Level.ERROR);
        try (EmbeddedRedis embedded = EmbeddedRedis.start(); Redis redis = Redis.connect(embedded.url())) {
            Path journal = Files.createTempDirectory("bench-agent-journal");
            try (CallLog log = new CallLog(redis, journal)) {
                out.printf(Locale.ROOT, "bench agent: cpus=%d parts=%s%n", Runtime.getRuntime().availableProcessors(),
                        parts);
                if (parts.contains("load") || parts.contains("link")) {
                    loadAndLink(redis, log, f, parts, out);
                }
                if (parts.contains("history")) {
                    HistoryBench.run(redis, out);
                }
                if (parts.contains("pop")) {
                    pops(redis, log, f, out);
                }
            }
            return 0;
        } catch (Exception e) {
            err.println("bench agent: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static AmiEmulator box(String strategy) {
        return AmiEmulator.start(AmiSettings.defaults().withTimestampEvents(true)
                .withQueues(List.of(new AmiSettings.Queue(QUEUE, strategy, List.of())))
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting")));
    }

    private static AgentDesk desk(Redis redis, CallLog log, AmiEmulator box, AgentFloorWatch watch) {
        // heartbeats off: the bench has no desktops to send them
        AgentSettings settings = new AgentSettings("127.0.0.1", box.port(), "desk", "desk-secret", List.of(QUEUE),
                "PJSIP/%s", Duration.ofSeconds(60), Map.of(), false, Duration.ZERO,
                AgentSettings.parsePauses(AgentSettings.DEFAULT_PAUSES, "bench"));
        // --segments off: agent-state segments are not written (to see what writing them costs the floor)
        java.util.function.Consumer<cn.hotline12333.calllog.AgentStateSegment> segments = SEGMENTS_OFF.get()
                ? s -> { } : log::submit;
        AgentDesk desk = AgentDesk.start(redis, settings, segments, log::submit, Clock.systemUTC(), "bench");
        desk.addListener(watch);
        await("AMI link up", Duration.ofSeconds(20), () -> watch.up);
        return desk;
    }

    /** Agents {@code prefix}0001… on extensions from {@code firstExtension}, logged in and ready. */
    private static List<String> logIn(AgentDesk desk, AgentFloorWatch watch, String prefix, int count,
                                      int firstExtension) {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String agent = String.format(Locale.ROOT, "%s%04d", prefix, i + 1);
            agents.add(agent);
            desk.login(agent, Integer.toString(firstExtension + i), "bench-" + agent, "bench", false).join();
        }
        await("logged in (paused)", Duration.ofSeconds(60), () -> watch.count(AgentState.NOT_READY) >= count);
        agents.forEach(a -> desk.ready(a).join());
        await("ready", Duration.ofSeconds(60), () -> watch.count(AgentState.READY) >= count);
        return agents;
    }

    private static String iface(int extension) {
        return "PJSIP/" + extension;
    }

    private static AmiCaller caller(AmiEmulator box) {
        String uid = "1796000000." + IDS.incrementAndGet();
        return box.callerJoins(QUEUE, AmiChannel.caller("PJSIP/trunk-" + uid, "13800138000", "hotline", "12333", 5,
                uid, uid));
    }

    private static AmiChannel leg(AmiCaller c, String iface) {
        long n = IDS.incrementAndGet();
        return AmiChannel.memberLeg(iface + "-" + Long.toHexString(n), "13800138000", "hotline-agents", "s",
                "1796000000." + n, c.uniqueId());
    }

    private static void loadAndLink(Redis redis, CallLog log, Flags f, String parts, PrintStream out)
            throws Exception {
        int members = f.number("members", 50, 2, 500);
        AgentFloorWatch watch = new AgentFloorWatch();
        try (AmiEmulator box = box("ringall"); AgentDesk desk = desk(redis, log, box, watch)) {
            List<String> agents = logIn(desk, watch, "r", members, 7001);
            Thread wrapper = wrapUps(desk, watch.wrapUpsDue);
            try {
                if (parts.contains("load")) {
                    load(box, desk, watch, agents, f, out);
                }
                if (parts.contains("link")) {
                    AgentLinkBench.run(box, desk, watch, agents, agent -> iface(7001 + agents.indexOf(agent)),
                            f.number("repeats", 3, 1, 20), out);
                }
            } finally {
                wrapper.interrupt();
            }
        }
    }

    /** The bench's own thread sending each wrap-up due, as an agent would at once. */
    static Thread wrapUps(AgentDesk desk, java.util.concurrent.BlockingQueue<String> due) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    String agent = due.take();
                    desk.wrapUp(agent, WrapUp.of("general.other", HandlingRecord.Resolution.ANSWERED));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-wrapups");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void load(AmiEmulator box, AgentDesk desk, AgentFloorWatch watch, List<String> agents, Flags f,
                             PrintStream out) {
        int rate = f.number("rate", 3000, 10, 100_000);
        int seconds = f.number("seconds", 60, 1, 3600);
        // Asterisk's view decides who rings: every member not paused, as app_queue would. The losers of a burst
        // may ring again before the floor has applied their withdrawal (it applies in order). The winner is left
        // out until the floor has seen its wrap-up through (our QueuePause for the wrap-up may still be on its way).
        Map<String, Integer> busy = new ConcurrentHashMap<>();
        long popsDue = 0;
        long withdrawalsDue = 0;
        long bursts = 0;
        long stalls = 0;
        int maxBacklog = 0;
        long pops0 = watch.popCount.get();
        long withdrawals0 = watch.withdrawalCount.get();
        long published0 = box.published();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextSample = start;
        for (long now = start; now < end; now = System.nanoTime()) {
            if (now >= nextSample) {
                maxBacklog = Math.max(maxBacklog, desk.backlog());
                nextSample = now + TimeUnit.MILLISECONDS.toNanos(50);
            }
            long due = (long) ((now - start) / 1e9 * rate);
            if (box.published() - published0 >= due) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            busy.entrySet().removeIf(e -> watch.wrapUps.getOrDefault(e.getKey(), 0) > e.getValue()
                    && watch.states.get(e.getKey()) == AgentState.READY);
            Map<String, Boolean> members = box.members(QUEUE);
            List<String> ready = new ArrayList<>();
            for (String a : agents) {
                if (Boolean.FALSE.equals(members.get(iface(7001 + agents.indexOf(a)))) && !busy.containsKey(a)) {
                    ready.add(a);
                }
            }
            if (ready.size() < 2) {
                stalls++;
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            AmiCaller c = caller(box);
            // app_queue's order: the member met last rings first
            for (int i = ready.size() - 1; i >= 0; i--) {
                String a = ready.get(i);
                String iface = iface(7001 + agents.indexOf(a));
                watch.rungAt.put(a + "|" + c.uniqueId(), System.nanoTime());
                c.ring(iface, leg(c, iface));
            }
            String winner = ready.get((int) (bursts % ready.size()));
            busy.put(winner, watch.wrapUps.getOrDefault(winner, 0));
            watch.answeredAt.put(c.uniqueId(), System.nanoTime());
            c.connect(iface(7001 + agents.indexOf(winner)), 0, 1);
            c.complete("agent", 0, 1);
            popsDue += ready.size();
            withdrawalsDue += ready.size() - 1;
            bursts++;
        }
        long elapsed = System.nanoTime() - start;
        long published = box.published() - published0;
        long popsWanted = pops0 + popsDue;
        long withdrawalsWanted = withdrawals0 + withdrawalsDue;
        awaitQuietly(Duration.ofSeconds(60), () -> watch.popCount.get() >= popsWanted
                && watch.withdrawalCount.get() >= withdrawalsWanted);
        long drainNanos = System.nanoTime() - start - elapsed;
        out.printf(Locale.ROOT, "load: %d members, ring-all bursts=%d, AMI events published=%d in %.1f s = %.0f/s "
                        + "(target %d/s), stalls (fewer than 2 ready)=%d%n", agents.size(), bursts, published,
                elapsed / 1e9, published / (elapsed / 1e9), rate, stalls);
        out.printf(Locale.ROOT, "load: AgentCalled publish -> applied (pop): %s%n", watch.pops.summary());
        out.printf(Locale.ROOT, "load: AgentConnect publish -> applied (others' pops withdrawn): %s%n",
                watch.withdrawals.summary());
        out.printf(Locale.ROOT, "load: pops %d of %d due, withdrawals %d of %d due (dropped: %d); floor queue max %d"
                        + " of 50000 (sampled every 50 ms); drained %.1f s after the last burst%n",
                watch.popCount.get() - pops0, popsDue, watch.withdrawalCount.get() - withdrawals0, withdrawalsDue,
                (popsDue - (watch.popCount.get() - pops0)) + (withdrawalsDue - (watch.withdrawalCount.get()
                        - withdrawals0)), maxBacklog, drainNanos / 1e9);
        awaitQuietly(Duration.ofSeconds(30), () -> watch.count(AgentState.READY) >= agents.size());
    }

    private static void pops(Redis redis, CallLog log, Flags f, PrintStream out) throws Exception {
        int count = f.number("agents", 1000, 1, 5000);
        int rate = f.number("pop-rate", 200, 1, 10_000);
        int seconds = f.number("pop-seconds", 30, 1, 3600);
        AgentFloorWatch watch = new AgentFloorWatch();
        try (AmiEmulator box = box("leastrecent"); AgentDesk desk = desk(redis, log, box, watch)) {
            long t0 = System.nanoTime();
            List<String> agents = logIn(desk, watch, "p", count, 10000);
            out.printf(Locale.ROOT, "pop: %d agents logged in and ready in %.1f s%n", count,
                    (System.nanoTime() - t0) / 1e9);
            long start = System.nanoTime();
            long rings = 0;
            int next = 0;
            for (long now = start; now < start + TimeUnit.SECONDS.toNanos(seconds); now = System.nanoTime()) {
                long due = (long) ((now - start) / 1e9 * rate);
                if (rings >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                String agent = agents.get(next);
                next = (next + 1) % agents.size();
                if (watch.states.get(agent) != AgentState.READY) {
                    continue; // still applying its last ring
                }
                String iface = iface(10000 + agents.indexOf(agent));
                AmiCaller c = caller(box);
                watch.rungAt.put(agent + "|" + c.uniqueId(), System.nanoTime());
                c.ring(iface, leg(c, iface));
                c.ringNoAnswer(iface, 1000);
                c.abandon(1);
                rings++;
            }
            long wanted = rings;
            awaitQuietly(Duration.ofSeconds(30), () -> watch.popCount.get() >= wanted);
            out.printf(Locale.ROOT, "pop: %d agents, %d rings at %d/s (ring, no answer, caller leaves: 5 events each):"
                            + " AgentCalled publish -> DeskListener.pop %s; pops %d of %d%n", count, rings, rate,
                    watch.pops.summary(), watch.popCount.get(), rings);
        }
    }

    static void await(String what, Duration limit, BooleanSupplier done) {
        if (!awaitQuietly(limit, done)) {
            throw new IllegalStateException("not " + what + " within " + limit.toSeconds() + " s");
        }
    }

    static boolean awaitQuietly(Duration limit, BooleanSupplier done) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }
}
