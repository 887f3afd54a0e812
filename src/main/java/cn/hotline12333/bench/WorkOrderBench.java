package cn.hotline12333.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.WorkingHours;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.Audit;
import cn.hotline12333.web.Route;
import cn.hotline12333.web.TaskRoutes;
import cn.hotline12333.web.WebServer;
import cn.hotline12333.web.WebSettings;
import cn.hotline12333.web.WorkOrderRoutes;
import cn.hotline12333.workorder.Actor;
import cn.hotline12333.workorder.Deadlines;
import cn.hotline12333.workorder.Draft;
import cn.hotline12333.workorder.OrderTypes;
import cn.hotline12333.workorder.Problem;
import cn.hotline12333.workorder.Tasks;
import cn.hotline12333.workorder.WorkOrders;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/hotline-bench.jar bench workorders}: work orders and tasks on one node (a real WebServer,
 * an embedded Redis, the call log writing every change): (1) {@code --open} open orders are made, then "my work
 * orders" is asked over HTTP; (2) creations over HTTP paced at {@code --rate} per second for {@code --seconds},
 * latency measured from each request's planned start (a stalled server is not hidden by a waiting client);
 * (3) {@code --agents} agents on two "nodes" (two Redis pools) race to claim {@code --tasks} tasks, and every task
 * must be claimed exactly once. Not a test: run it by hand.
 */
final class WorkOrderBench {
    static final String USAGE = "usage: hotline-bench.jar bench workorders [--open 10000] [--rate 50] [--seconds 20]"
            + " [--agents 200] [--tasks 1000]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkOrderBench() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Flags f;
        try {
            f = Flags.parse(argv, List.of("open", "rate", "seconds", "agents", "tasks"));
            f.number("open", 10_000, 1, 1_000_000);
        } catch (IllegalArgumentException e) {
            err.println("bench workorders: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        try {
            run(f, out);
            return 0;
        } catch (Exception e) {
            err.println("bench workorders: " + e);
            return 1;
        }
    }

    private static void run(Flags f, PrintStream out) throws Exception {
        int open = f.number("open", 10_000, 1, 1_000_000);
        int rate = f.number("rate", 50, 1, 1000);
        int seconds = f.number("seconds", 20, 1, 600);
        int agents = f.number("agents", 200, 2, 2000);
        int taskCount = f.number("tasks", 1000, 1, 100_000);
        // a Monday morning in Beijing, ticking: every deadline lands on a year the calendar knows
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant()));
        Path journal = Files.createTempDirectory("bench-wo-journal");
        try (EmbeddedRedis embedded = EmbeddedRedis.start();
             Redis redis = Redis.connect(embedded.url());
             Redis otherNode = Redis.connect(embedded.url());
             FlowLibrary flows = FlowLibrary.open(Path.of("ivr-flows"));
             CallLog log = new CallLog(redis, journal);
             OrderTypes types = OrderTypes.open(Path.of("ivr-flows", OrderTypes.FILE_NAME), false)) {
            WorkingHours hours = flows.current().hours();
            Deadlines.Calendar calendar = Deadlines.Calendar.of(hours::isWorkingDay, hours::knowsYear);
            WorkOrders orders = new WorkOrders(redis, types, () -> calendar, clock, p -> Integer.toHexString(p.hashCode()),
                    log::submit);
            Tasks tasks = new Tasks(redis, Tasks.Settings.defaults(), clock, log::submit);
            Audit audit = new Audit(redis, Clock.systemUTC());
            List<Route> routes = new ArrayList<>(new WorkOrderRoutes(orders, audit).routes());
            routes.addAll(new TaskRoutes(tasks, audit).routes());
            WebSettings d = WebSettings.defaults();
            WebSettings settings = new WebSettings("127.0.0.1", 0, d.maxBodyBytes(), d.idleTimeout(), d.workThreads(),
                    d.workQueue(), d.sessionTtl(), d.maxLoginFailures(), d.loginWindow());
            Login login = DemoLogin.on(redis, settings);
            try (WebServer server = new WebServer(settings, login, routes)) {
                server.start();
                out.printf(Locale.ROOT, "bench workorders: open=%d rate=%d/s seconds=%d agents=%d tasks=%d cpus=%d%n",
                        open, rate, seconds, agents, taskCount, Runtime.getRuntime().availableProcessors());
                long t0 = System.nanoTime();
                preload(orders, open);
                out.printf(Locale.ROOT, "preloaded %d open orders in %.1f s%n", open, (System.nanoTime() - t0) / 1e9);
                // the call log's writer is still saving the preload's records: measure once it is done
                while (redis.jedis().xlen(cn.hotline12333.calllog.FollowUpRecord.STREAM) < open) {
                    Thread.sleep(100);
                }
                mineInProcess(orders, out);
                HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
                String token = token(http, server.port());
                mine(http, server.port(), token, out);
                create(http, server.port(), token, rate, seconds, out);
                race(tasks, new Tasks(otherNode, Tasks.Settings.defaults(), clock, log::submit), agents, taskCount, out);
            }
        }
    }

    private static void preload(WorkOrders orders, int open) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int lane = t;
                done.add(pool.submit(() -> {
                    for (int i = lane; i < open; i += 8) {
                        // 50 for the signed-in agent, the rest over 199 others
                        String assignee = i % 200 == 0 ? "agent" : "agent-" + (i % 200);
                        orders.create(new Actor("manager", true), draft("pre-" + i, "1390000" + String.format("%04d", i % 10000),
                                assignee, true));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Draft draft(String key, String phone, String assignee, boolean anyway) {
        return new Draft(key + "-" + Long.toHexString(System.nanoTime()), "wage_arrears", "pbx-bench/" + key, "张先生", phone,
                null, "wage", "某建筑公司" + key, "三个月工资未发，要求补发", null, null, assignee, anyway, null);
    }

    private static void mineInProcess(WorkOrders orders, PrintStream out) throws Exception {
        cn.hotline12333.workorder.Filter mine = new cn.hotline12333.workorder.Filter(null, null, null, null, null, true,
                false, false, 100);
        Actor agent = new Actor("agent", false);
        for (int i = 0; i < 50; i++) {
            orders.list(agent, mine);
        }
        long[] ms = new long[300];
        for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            orders.list(agent, mine).forEach(orders::dueState);
            ms[i] = System.nanoTime() - s;
        }
        out.printf(Locale.ROOT, "my work orders in-process (WorkOrders.list): %s%n", percentiles(ms));
    }

    private static void mine(HttpClient http, int port, String token, PrintStream out) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/work-orders?mine=true"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 20; i++) {
            http.send(get, HttpResponse.BodyHandlers.ofString());
        }
        long[] ms = new long[300];
        int count = -1;
        for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            ms[i] = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("my work orders answered " + r.statusCode() + ": " + r.body());
            }
            count = JSON.readTree(r.body()).get("count").asInt();
        }
        out.printf(Locale.ROOT, "my work orders (GET /api/work-orders?mine=true, %d orders each): %s%n", count,
                percentiles(ms));
    }

    private static void create(HttpClient http, int port, String token, int rate, int seconds, PrintStream out)
            throws Exception {
        int n = rate * seconds;
        long[] ms = new long[n];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 50_000_000L;
        long period = 1_000_000_000L / rate;
        for (int i = 0; i < n; i++) {
            int k = i;
            long planned = start + k * period;
            pacer.schedule(() -> {
                String body;
                try {
                    body = JSON.writeValueAsString(Map.of("idempotencyKey", "bench-create-" + k, "type", "wage_arrears",
                            "callerPhone", "1380000" + String.format("%04d", k % 10000), "employer", "某公司" + k,
                            "description", "三个月工资未发，要求补发", "assignee", "agent", "createAnyway", true));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/work-orders"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    ms[k] = System.nanoTime() - planned;
                    if (e != null || r.statusCode() != 201) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            }, planned - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        done.await(seconds + 120L, TimeUnit.SECONDS);
        pacer.shutdownNow();
        out.printf(Locale.ROOT, "creation (POST /api/work-orders at %d/s for %d s, %d requests, %d failed): %s%n",
                rate, seconds, n, failed.get(), percentiles(ms));
    }

    private static void race(Tasks a, Tasks b, int agents, int count, PrintStream out) throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T09:00+08:00");
        for (int i = 0; i < count; i++) {
            a.offer(CallRecord.builder().version(2).callId("pbx-bench/race." + i).asteriskSystem("pbx-bench")
                    .uniqueId("race." + i).serverNode("bench").flow("hotline").flowVersion("1")
                    .callerNumber("13800138000").dialledNumber("12333").channel("PJSIP/bench").startedAt(at)
                    .endedAt(at.plusMinutes(1)).durationMs(60_000).outcome(Outcome.CALLBACK_REQUESTED)
                    .hungUpBy(CallRecord.HungUpBy.IVR).build());
        }
        List<String> ids = a.list(new Actor("manager", true), "callback", false, count).stream()
                .map(v -> v.task().id()).toList();
        Map<String, String> winner = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int n = 0; n < agents; n++) {
            Actor agent = new Actor("agent-" + n, false);
            Tasks node = n % 2 == 0 ? a : b;
            int offset = (int) ((long) n * ids.size() / agents);
            runs.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get((offset + i) % ids.size());
                    if (winner.containsKey(id)) {
                        continue; // an agent's list shows the task taken; it clicks another
                    }
                    try {
                        node.claim(agent, id);
                        if (winner.putIfAbsent(id, agent.name()) != null) {
                            doubles.incrementAndGet();
                        }
                    } catch (Problem p) {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long s = System.nanoTime();
        go.countDown();
        for (Future<?> f : runs) {
            f.get();
        }
        double took = (System.nanoTime() - s) / 1e9;
        pool.shutdownNow();
        out.printf(Locale.ROOT, "claim race: %d agents on two nodes, %d tasks: claimed %d, claimed twice %d,"
                        + " lost clicks (409) %d, %.2f s%n", agents, ids.size(), winner.size(), doubles.get(),
                conflicts.get(), took);
        if (winner.size() != ids.size() || doubles.get() != 0) {
            throw new IllegalStateException("a task was claimed twice or not at all");
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String token(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"agent\",\"password\":\"agent-12333\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }
}
