package cn.hotline12333.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.cli.HotlineNode;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.config.Settings;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.web.Role;
import cn.hotline12333.web.Sessions;
import cn.hotline12333.web.User;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/hotline-bench.jar bench agent-desktop [--desktops 1000] [--browsers 20] …}: the desktop's
 * latencies on a real node (HotlineNode: web server, /ws/agent, AgentHub, the agent floor with its AMI link on
 * Asterisk-Java, the knowledge base, an embedded Redis) against the AMI emulator, with {@code --calls} callers
 * waiting in the queue and {@code --desktops} agents logged in, ready and rung at {@code --ring-rate}/s:
 * <ol>
 * <li>AgentCalled read off the AMI socket → the pop frame written to the agent's socket (PopClock), over every
 *     ring of the run;</li>
 * <li>with {@code --browsers} pages of /agent in headless Chromium rung meanwhile: the same read → the pop in the
 *     page's DOM;</li>
 * <li>示忙 / 就绪 clicked on every page: click → QueuePause → QueueMemberPause → the page shows it confirmed;</li>
 * <li>the page's knowledge-base search: submit → /api/kb/search → results listed, all pages in the same instant
 *     and then spread over the second, each split into the server's part (Server-Timing), the knowledge base's
 *     tookMs and the page's own (performance marks).</li>
 * </ol>
 * Not a test: run it by hand (docs/benchmarks.md, "Agent desk").
 */
final class AgentDesktopBench {
    static final String USAGE = "usage: hotline-bench.jar bench agent-desktop [--desktops 1000] [--calls 10000]"
            + " [--ring-rate 20] [--talk-seconds 5] [--seconds 60] [--browsers 20] [--browser-pops 30]"
            + " [--toggles 10] [--kb-searches 20] [--kb-hybrid true|false] [--chromium /usr/bin/chromium]"
            + " [--browser-nice 0-19]";

    private AgentDesktopBench() {
    }

    record Options(int desktops, int calls, int ringRate, int talkSeconds, int seconds, int browsers, int browserPops,
                   int toggles, int kbSearches, boolean kbHybrid, String chromium, int browserNice) {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Options o;
        try {
            Flags f = Flags.parse(argv, List.of("desktops", "calls", "ring-rate", "talk-seconds", "seconds",
                    "browsers", "browser-pops", "toggles", "kb-searches", "kb-hybrid", "chromium", "browser-nice"));
            String hybrid = f.given().getOrDefault("kb-hybrid", "true");
            if (!hybrid.equals("true") && !hybrid.equals("false")) {
                throw new IllegalArgumentException("--kb-hybrid must be true or false");
            }
            o = new Options(f.number("desktops", 1000, 1, 5000), f.number("calls", 10_000, 0, 100_000),
                    f.number("ring-rate", 20, 1, 1000), f.number("talk-seconds", 5, 1, 600),
                    f.number("seconds", 60, 1, 3600), f.number("browsers", 20, 0, 50),
                    f.number("browser-pops", 30, 1, 1000), f.number("toggles", 10, 1, 1000),
                    f.number("kb-searches", 20, 1, 1000), hybrid.equals("true"),
                    f.given().getOrDefault("chromium", "/usr/bin/chromium"), f.number("browser-nice", 0, 0, 19));
        } catch (IllegalArgumentException e) {
            err.println("bench agent-desktop: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o.browsers() > 0 && !Files.isExecutable(Path.of(o.chromium()))) {
            err.println("bench agent-desktop: no Chromium at " + o.chromium() + ": the browser figures (pop rendered,"
                    + " ready/not-ready click, KB search) cannot be taken. Install Debian's chromium"
                    + " (src/test/install-browser.sh) or run with --browsers 0 for the socket figures alone.");
            return 1;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.asteriskjava")).setLevel(Level.ERROR);
        try {
            return measure(o, out);
        } catch (Exception e) {
            err.println("bench agent-desktop: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    static int measure(Options o, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("bench-agent-desktop");
        AmiSettings ami = AmiSettings.defaults().withTimestampEvents(true)
                .withQueues(List.of(new AmiSettings.Queue(DeskCalls.QUEUE, "leastrecent", List.of())))
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting"));
        try (AmiEmulator box = AmiEmulator.start(ami)) {
            Map<String, String> env = new HashMap<>(Map.of("AGI_PORT", "0", "AGI_BIND", "127.0.0.1",
                    "EMBEDDED_REDIS_PORT", "0", "HOTLINE_JOURNAL", dir.resolve("journal").toString(),
                    "HOTLINE_NODE", "desktop-bench", "WEB_PORT", "0", "WEB_BIND", "127.0.0.1",
                    "HOTLINE_LOG_DIR", dir.resolve("logs").toString(), "AMI_HOST", "127.0.0.1",
                    "AMI_PORT", String.valueOf(box.port())));
            env.putAll(Map.of("AMI_USER", "desk", "AMI_SECRET", "desk-secret", "AGENT_QUEUES", DeskCalls.QUEUE,
                    "KB_HYBRID", String.valueOf(o.kbHybrid())));
            long t0 = System.nanoTime();
            try (HotlineNode node = HotlineNode.start(Settings.of(env), Clock.systemUTC());
                 DeskCalls calls = new DeskCalls(box, new CallContexts(node.redis().jedis(), Clock.systemUTC()))) {
                // the statistics consumers' warm-up (up to STATS_WARM_UP of a core) is over before anything is timed
                node.statsReady().get(2, TimeUnit.MINUTES);
                out.printf(Locale.ROOT, "bench agent-desktop: cpus=%d node started and its statistics consumers warmed"
                        + " in %.1f s (kb hybrid=%s)%n",
                        Runtime.getRuntime().availableProcessors(), (System.nanoTime() - t0) / 1e9, o.kbHybrid());
                return run(o, node, box, calls, out);
            }
        }
    }

    /**
     * The browser legs: every page rung {@code --browser-pops} times, the clicks, the searches. {@code earlier}: pops
     * shown by an earlier pass ({@link DesktopPages.Shown#ring}), left out of this one's figures.
     */
    private static void browserLegs(Options o, HotlineNode node, DeskCalls calls, DesktopPages pages,
                                    DesktopReport report, java.util.Set<String> earlier) throws Exception {
        calls.ringBrowsers = true;
        whileLoaded(Duration.ofSeconds(60L + 5L * o.browserPops()), calls::browsersDone);
        // the last pops reach the DOM
        long due = calls.browserRingCount.get() - earlier.size();
        List<DesktopPages.Shown> shown = pass(pages.shown(), earlier);
        for (long end = System.nanoTime() + 5_000_000_000L; shown.size() < due && System.nanoTime() < end;
             shown = pass(pages.shown(), earlier)) {
            Thread.sleep(200);
        }
        report.shown(shown);
        List<String> toggleFailures = new ArrayList<>();
        report.toggles(pages.toggles(o.toggles(), toggleFailures), toggleFailures);
        // lock-step (every page in the same instant, the figure kept since the first runs), then spread
        // over the second as agents typing at their own pace would; each with its query vectors
        List<String> questions = DesktopPages.typed(Path.of("knowledge-base", "eval"));
        for (boolean spread : new boolean[] {false, true}) {
            KnowledgeBase.QueryEmbedding before = node.kb().queryEmbedding();
            List<String> failures = new ArrayList<>();
            List<DesktopPages.Search> done = pages.searches(o.kbSearches(), spread, questions, failures);
            KnowledgeBase.QueryEmbedding after = node.kb().queryEmbedding();
            report.searches(String.format(Locale.ROOT, "%s (query vectors: %d embedded, %d cached, %d"
                            + " late)", spread ? "spread over the second" : "all pages in the same instant",
                    after.embedded() - before.embedded(), after.cached() - before.cached(),
                    after.late() - before.late()), done, failures);
        }
    }

    /**
     * Waits while the load runs, looking every 20 ms: AgentBench.awaitQuietly's 1 ms (right for the link's timings)
     * woke this thread a thousand times a second for minutes, 2-3 s of CPU on the node's two cores.
     */
    private static void whileLoaded(Duration limit, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    private static List<DesktopPages.Shown> pass(List<DesktopPages.Shown> all, java.util.Set<String> earlier) {
        return all.stream().filter(s -> !earlier.contains(s.ring())).toList();
    }

    private static int run(Options o, HotlineNode node, AmiEmulator box, DeskCalls calls, PrintStream out)
            throws Exception {
        AgentDesk desk = node.agentDesk();
        desk.addListener(calls);
        AgentBench.await("AMI link up", Duration.ofSeconds(30), desk::phoneSystemUp);
        PopClock clock = new PopClock();
        desk.probeRings(clock::read);
        calls.clock = clock;
        node.agentHub().probe(clock::written);
        String base = "http://127.0.0.1:" + node.webPort();
        Sessions sessions = new Sessions(node.redis(), Duration.ofHours(8));
        List<String> desktops = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        for (int i = 0; i < o.desktops(); i++) {
            String agent = String.format(Locale.ROOT, "d%04d", i + 1);
            desktops.add(agent);
            tokens.add(sessions.open(new User(agent, Role.AGENT, "")));
            extensions.add(Integer.toString(20_000 + i));
            calls.extension(agent, extensions.get(i));
        }
        long t = System.nanoTime();
        calls.fillQueue(o.calls());
        out.printf(Locale.ROOT, "queue: %d callers waiting, each with its IVR context (%.1f s)%n", calls.waiting(),
                (System.nanoTime() - t) / 1e9);
        Thread wrapper = AgentBench.wrapUps(desk, calls.wrapUpsDue);
        try (SocketDesktops sockets = new SocketDesktops(base); GcPauses gc = new GcPauses()) {
            t = System.nanoTime();
            sockets.open(desktops, tokens, extensions);
            AgentBench.await("desktop agents logged in", Duration.ofSeconds(120),
                    () -> calls.count(AgentState.NOT_READY) >= o.desktops());
            sockets.ready(tokens);
            AgentBench.await("desktop agents ready", Duration.ofSeconds(120),
                    () -> calls.count(AgentState.READY) >= o.desktops());
            out.printf(Locale.ROOT, "desktops: %d WebSocket desktops open (JDK client in this JVM), agents logged in"
                    + " and ready in %.1f s%n", o.desktops(), (System.nanoTime() - t) / 1e9);
            List<String> browserAgents = new ArrayList<>();
            List<String> browserTokens = new ArrayList<>();
            List<String> browserExtensions = new ArrayList<>();
            for (int i = 0; i < o.browsers(); i++) {
                String agent = String.format(Locale.ROOT, "b%02d", i + 1);
                browserAgents.add(agent);
                browserTokens.add(sessions.open(new User(agent, Role.AGENT, "")));
                browserExtensions.add(Integer.toString(30_000 + i));
                calls.extension(agent, browserExtensions.get(i));
            }
            AgentBench.await("AMI link up before the calls", Duration.ofSeconds(60), desk::phoneSystemUp);
            long started = System.nanoTime();
            DesktopReport report = new DesktopReport(o, clock, sockets, calls, gc);
            report.window(o.browsers() > 0 ? "Chromium starts and its pages log in" : "the run");
            calls.start(desktops, browserAgents, o.ringRate(), o.talkSeconds(), o.browserPops());
            if (o.browsers() > 0) {
                t = System.nanoTime();
                try (DesktopPages pages = DesktopPages.open(o.chromium(), base, browserAgents, browserTokens,
                        browserExtensions)) {
                    out.printf(Locale.ROOT, "browsers: %d pages of /agent in one headless Chromium, logged in and"
                            + " ready in %.1f s (with the floor already ringing)%n", o.browsers(),
                            (System.nanoTime() - t) / 1e9);
                    report.window("the browser legs, Chromium at its normal priority");
                    report.pass("Chromium at its normal priority", o.browsers() * (long) o.browserPops());
                    browserLegs(o, node, calls, pages, report, java.util.Set.of());
                    if (o.browserNice() > 0) {
                        // In a hall the browsers run on the agents' PCs: here they share the node's 2 cores. Niced,
                        // they leave the node the CPU it would have; both passes are reported, this one second.
                        java.util.Set<String> before = new java.util.HashSet<>();
                        pages.shown().forEach(s -> before.add(s.ring()));
                        int niced = pages.nice(o.browserNice());
                        out.printf(Locale.ROOT, "browsers: %d Chromium processes reniced to %d for the second pass%n",
                                niced, o.browserNice());
                        report.window("the browser legs, Chromium reniced to " + o.browserNice());
                        report.pass("Chromium reniced to " + o.browserNice() + " (" + niced + " processes; the node"
                                + " at 0)", o.browsers() * (long) o.browserPops());
                        calls.moreBrowserRings(o.browserPops());
                        browserLegs(o, node, calls, pages, report, before);
                    }
                }
                report.window("the browsers closed");
            }
            whileLoaded(Duration.ofSeconds(o.seconds()).minusNanos(System.nanoTime() - started), () -> false);
            calls.stopRinging();
            double ranFor = (System.nanoTime() - started) / 1e9;
            // every ring's pop written and, on the socket desktops, received (at most 10 s more)
            long rings = calls.desktopRings.get() + calls.browserRingCount.get();
            AgentBench.awaitQuietly(Duration.ofSeconds(10), () -> clock.popsWritten.get() >= rings
                    && sockets.popsReceived.size() >= calls.desktopRings.get());
            report.print(ranFor, out);
            // The page's searches: how many embedded their question, found it cached, or answered lexical (KB_DENSE_WAIT).
            KnowledgeBase.QueryEmbedding q = node.kb().queryEmbedding();
            out.printf(Locale.ROOT, "KB search query vectors: %d embedded, %d from the cache of recent queries, %d late "
                    + "(answered by the text search alone)%n", q.embedded(), q.cached(), q.late());
            return 0;
        } finally {
            wrapper.interrupt();
        }
    }
}
