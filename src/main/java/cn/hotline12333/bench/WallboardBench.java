package cn.hotline12333.bench;

import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.cli.HotlineNode;
import cn.hotline12333.config.Settings;
import cn.hotline12333.web.LiveNotices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code hotline-bench.jar bench wallboard [--clients 200] [--calls 10000] [--agents 1000] [--seconds 30]
 * [--rate 55] [--burst 500]}: a node in this JVM (embedded Redis, the shipped flows), {@code --calls} calls open
 * in the IVR, {@code --agents} agents in {@code live:agents}, and call records of about 3-minute calls ending at
 * {@code --rate} a second with one second of {@code --burst} ends half-way; watched by 10 wallboard WebSocket
 * screens, then by {@code --clients}. For each screen it replays snapshots and deltas as the page does and notes
 * when today's offered count covers a record: the time from handing the record to the call log (its XADD follows
 * on the writer thread) to the first frame that counts it. Records are applied in about the order they are
 * written, so "the first n records are in" is read from the count n. Prints the latency, the figures computed
 * per second by the node (the same for 10 screens as for 200, since the board is computed once per tick), frames
 * and screens dropped, and the heap after a full collection. A measurement, not a test.
 */
final class WallboardBench {
    static final String USAGE = "usage: hotline bench wallboard [--clients 200] [--calls 10000] [--agents 1000]"
            + " [--seconds 30] [--rate 55] [--burst 500]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFERED = "total.today.offered";
    /**
     * The Asterisk queues the shipped flows transfer to: what agents are members of and calls wait in. The
     * task-pool-only request queue (hotline-accessibility) never holds an agent or a waiting call.
     */
    static final List<String> QUEUES = List.of("hotline-general", "hotline-pension", "labour-inspection");

    record Round(int screens, long records, double p50Ms, double p99Ms, double maxMs, long uncounted,
                 double computationsPerSecond, long frames, long offeredBefore, long offeredAfter, long heapMb,
                 long floorChanges) {
    }

    private WallboardBench() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Flags flags;
        int clients;
        int calls;
        int agents;
        int seconds;
        int rate;
        int burst;
        try {
            flags = Flags.parse(args, List.of("clients", "calls", "agents", "seconds", "rate", "burst"));
            clients = flags.number("clients", 200, 1, 5_000);
            calls = flags.number("calls", 10_000, 0, 200_000);
            agents = flags.number("agents", 1_000, 0, 20_000);
            seconds = flags.number("seconds", 30, 1, 3_600);
            rate = flags.number("rate", 55, 1, 10_000);
            burst = flags.number("burst", 500, 0, 100_000);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin");
        try {
            List<Round> results = new ArrayList<>();
            int[] rounds = clients > 10 ? new int[] {10, clients} : new int[] {clients};
            for (int screens : rounds) {
                Round r = round(screens, calls, agents, seconds, rate, burst, out);
                results.add(r);
                out.printf("screens=%d records=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f uncounted=%d"
                                + " computations_per_s=%.2f frames=%d offered_on_first_screen=%d..%d"
                                + " heap_after_gc_mb=%d live_key_changes=%d%n",
                        r.screens, r.records, r.p50Ms, r.p99Ms, r.maxMs, r.uncounted, r.computationsPerSecond,
                        r.frames, r.offeredBefore, r.offeredAfter, r.heapMb, r.floorChanges);
            }
            out.print("computations per second:");
            results.forEach(r -> out.printf(" %.2f with %d screens;", r.computationsPerSecond, r.screens));
            out.println();
            return 0;
        } catch (Exception e) {
            err.println("wallboard benchmark failed: " + e);
            return 1;
        }
    }

    /** One screen: replays the feed, and records how long each record took to be counted on it. */
    private static final class Screen implements WebSocket.Listener {
        final long[] submittedNanos;
        final AtomicLong submittedCount;
        final long baseline;
        final List<Long> latenciesNanos = new ArrayList<>();
        final Map<String, JsonNode> figures = new HashMap<>();
        final StringBuilder partial = new StringBuilder();
        long counted;
        long frames;

        Screen(long[] submittedNanos, AtomicLong submittedCount, long baseline) {
            this.submittedNanos = submittedNanos;
            this.submittedCount = submittedCount;
            this.baseline = baseline;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                frame(partial.toString(), now);
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private synchronized void frame(String text, long now) {
            frames++;
            try {
                JsonNode m = JSON.readTree(text);
                switch (m.path("type").asText()) {
                    case "snapshot" -> {
                        figures.clear();
                        m.path("figures").fields().forEachRemaining(e -> figures.put(e.getKey(), e.getValue()));
                    }
                    case "delta" -> {
                        m.path("set").fields().forEachRemaining(e -> figures.put(e.getKey(), e.getValue()));
                        m.path("remove").forEach(k -> figures.remove(k.asText()));
                    }
                    default -> {
                        return;
                    }
                }
            } catch (Exception e) {
                return;
            }
            JsonNode offered = figures.get(OFFERED);
            long in = offered == null ? 0 : offered.asLong() - baseline;
            long submitted = submittedCount.get();
            for (; counted < Math.min(in, submitted); counted++) {
                latenciesNanos.add(now - submittedNanos[(int) counted]);
            }
        }

        synchronized List<Long> latencies() {
            return new ArrayList<>(latenciesNanos);
        }
    }

    private static Round round(int screens, int calls, int agents, int seconds, int rate, int burst, PrintStream out)
            throws Exception {
        Path journal = Files.createTempDirectory("wallboard-bench");
        Map<String, String> env = new HashMap<>(Map.of("AGI_PORT", "0", "AGI_BIND", "127.0.0.1",
                "EMBEDDED_REDIS_PORT", "0", "HOTLINE_JOURNAL", journal.toString(), "HOTLINE_NODE", "wallboard-bench",
                "WEB_PORT", "0", "WEB_BIND", "127.0.0.1"));
        try (HotlineNode node = HotlineNode.start(Settings.of(env), Clock.systemUTC())) {
            // the statistics consumers' warm-up (up to STATS_WARM_UP of a core) is over before anything is timed
            node.statsReady().get(2, TimeUnit.MINUTES);
            CallLog callLog = node.callLog();
            long nowMs = System.currentTimeMillis();
            for (int i = 0; i < calls; i++) {
                callLog.callStarted(callId(screens, i), Instant.ofEpochMilli(nowMs - (i % 180) * 1000L));
            }
            for (int a = 0; a < agents; a++) {
                node.redis().jedis().hset("live:agents", "agent-" + a, "{\"state\":\"" + (a % 3 == 0 ? "ready" : "on_call")
                        + "\",\"reason\":null,\"since\":" + nowMs + ",\"queues\":[\"" + QUEUES.get(a % QUEUES.size())
                        + "\"],\"extension\":null,\"phone\":\"ok\"}");
            }
            String origin = "http://127.0.0.1:" + node.webPort();
            HttpClient http = HttpClient.newHttpClient();
            String cookie = DemoLogin.managerCookie(http, origin);

            int total = seconds * rate + burst;
            long[] submittedNanos = new long[total];
            AtomicLong submitted = new AtomicLong();
            // The board's count before this round's records, read by a probe screen, is every screen's zero.
            Screen probe = new Screen(submittedNanos, submitted, 0);
            WebSocket probeSocket = open(http, cookie, origin, node.webPort(), probe);
            awaitSnapshot(List.of(probe));
            long baseline = offeredOn(probe);
            probeSocket.abort();
            List<Screen> listeners = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < screens; i++) {
                Screen screen = new Screen(submittedNanos, submitted, baseline);
                sockets.add(open(http, cookie, origin, node.webPort(), screen));
                listeners.add(screen);
            }
            awaitSnapshot(listeners);
            // The floor moves with the calls: per call end, its agent goes to wrap-up, another agent answers a
            // waiting caller, and a new caller starts waiting — live-key writes with their notices, as the agent
            // desktop and the simulator make them, on a thread of their own so they do not slow the pacing.
            ExecutorService floor = Executors.newSingleThreadExecutor();
            AtomicLong floorChanges = new AtomicLong();
            long computationsBefore = node.wallboardComputations();
            long started = System.nanoTime();
            int next = 0;
            for (int second = 0; second < seconds; second++) {
                int thisSecond = second == seconds / 2 ? rate + burst : rate;
                long secondStart = started + second * 1_000_000_000L;
                for (int k = 0; k < thisSecond && next < total; k++, next++) {
                    LockSupport.parkNanos(secondStart + k * (1_000_000_000L / thisSecond) - System.nanoTime());
                    submittedNanos[next] = System.nanoTime();
                    submitted.set(next + 1);
                    callLog.submit(record(screens, next, calls));
                    int n = next;
                    floor.execute(() -> floorMoves(node, n, agents, floorChanges));
                }
            }
            long elapsed = System.nanoTime() - started;
            long computations = node.wallboardComputations() - computationsBefore;
            floor.shutdown();
            floor.awaitTermination(30, TimeUnit.SECONDS);
            int written = next;
            // the last records get up to 5 s to reach every screen
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until && listeners.stream().anyMatch(l -> l.latencies().size() < written)) {
                Thread.sleep(50);
            }
            List<Long> all = new ArrayList<>();
            long frames = 0;
            long uncounted = 0;
            for (Screen s : listeners) {
                List<Long> l = s.latencies();
                all.addAll(l);
                uncounted += next - l.size();
                synchronized (s) {
                    frames += s.frames;
                }
            }
            all.sort(null);
            long offeredAfter = offeredOn(listeners.get(0));
            sockets.forEach(WebSocket::abort);
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            return new Round(screens, next, pct(all, 0.50), pct(all, 0.99), all.isEmpty() ? 0 : all.get(all.size() - 1)
                    / 1e6, uncounted, computations * 1e9 / elapsed, frames, baseline, offeredAfter, heapMb,
                    floorChanges.get());
        }
    }

    private static void floorMoves(HotlineNode node, int n, int agents, AtomicLong changes) {
        if (agents == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        var redis = node.redis().jedis();
        String queue = QUEUES.get(n % QUEUES.size());
        redis.hset("live:agents", "agent-" + (n % agents), agentJson("wrap_up", now, queue));
        redis.hset("live:agents", "agent-" + ((n + agents / 2) % agents), agentJson("on_call", now, queue));
        redis.zadd("live:queue:" + queue, now, "waiting-" + n);
        redis.zrem("live:queue:" + queue, "waiting-" + (n - QUEUES.size() * 20));
        redis.publish(LiveNotices.CHANNEL, "live:agents");
        changes.addAndGet(4);
    }

    private static String agentJson(String state, long since, String queue) {
        return "{\"state\":\"" + state + "\",\"reason\":null,\"since\":" + since + ",\"queues\":[\"" + queue
                + "\"],\"extension\":null,\"phone\":\"ok\"}";
    }

    private static void awaitSnapshot(List<Screen> screens) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (screens.stream().anyMatch(s -> offeredOn(s) < 0) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    private static WebSocket open(HttpClient http, String cookie, String origin, int port, Screen screen) {
        return http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/wallboard"), screen)
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Today's offered count on the screen, -1 before its first snapshot. */
    private static long offeredOn(Screen screen) {
        synchronized (screen) {
            JsonNode offered = screen.figures.get(OFFERED);
            return offered == null ? (screen.frames == 0 ? -1 : 0) : offered.asLong();
        }
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static String callId(int round, int i) {
        return "bench-" + round + "/" + (1_800_000_000L + i) + "." + i;
    }

    /** A three-minute call that waited 20 s in one queue and was answered; it ends now. */
    private static CallRecord record(int round, int i, int calls) {
        OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime start = end.minusMinutes(3);
        OffsetDateTime entered = start.plusSeconds(40);
        String queue = QUEUES.get(i % QUEUES.size());
        String id = calls > 0 ? callId(round, i % calls) : callId(round, i);
        if (i >= calls) {
            id = id + "-" + i;
        }
        return CallRecord.builder().callId(id).asteriskSystem("bench-" + round).uniqueId(id.substring(id.indexOf('/') + 1))
                .linkedId(id).serverNode("wallboard-bench").flow("hotline").flowVersion("bench")
                .callerNumber(null).dialledNumber("12333").channel("PJSIP/trunk-" + i)
                .startedAt(start).answeredAt(start.plusSeconds(1)).endedAt(end)
                .durationMs(180_000).path(List.of()).topics(List.of("pension"))
                .queueStints(List.of(new QueueStint(queue, entered, end, 20_000L, 120_000L, "agent-" + (i % 1000),
                        StintResult.ANSWERED)))
                .outcome(Outcome.AGENT_ANSWERED).build();
    }
}
