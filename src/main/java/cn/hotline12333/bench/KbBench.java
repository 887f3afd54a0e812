package cn.hotline12333.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.hotline12333.kb.Evaluation;
import cn.hotline12333.kb.KbSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchRequest;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import cn.hotline12333.web.KbRoutes;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.WebServer;
import cn.hotline12333.web.WebSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/hotline-bench.jar kb bench}: the knowledge base padded with generated variants to {@code --articles}, then the
 * evaluation questions as the query mix, searched by {@code --clients} concurrent clients, in-process
 * (KnowledgeBase.search on the caller's thread) and over HTTP (a real WebServer with an embedded Redis, a
 * session token, one java.net.http client per client thread). The two paths alternate in four rounds, so a
 * change in the machine's load during the run hits both alike. Not a test: run it by hand.
 */
final class KbBench {
    private KbBench() {
    }

    static final String USAGE =
            "usage: hotline-bench.jar kb bench [--articles 100000] [--clients 8] [--seconds 30] [--rate 50] [--dir D]"
                    + " [--retrieval hybrid|lexical] [--embed-threads 1]";

    /** {@code argv} are the words after {@code kb bench}. Exit code 0 done, 2 bad usage. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            return run(Flags.parse(argv, List.of("articles", "clients", "seconds", "rate", "dir", "retrieval",
                    "embed-threads")), out);
        } catch (IllegalArgumentException e) {
            err.println("kb bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static int run(Flags args, PrintStream out) {
        int articles = args.number("articles", 100_000, 1, 2_000_000);
        int clients = args.number("clients", 8, 1, 256);
        int seconds = args.number("seconds", 30, 1, 3600);
        int rate = args.number("rate", 50, 0, 100_000);
        // onnxruntime threads per embedding, as KB_EMBED_THREADS sets them for the server
        int embedThreads = args.number("embed-threads", 1, 1, 64);
        String retrieval = args.given().getOrDefault("retrieval", KbSettings.denseAvailable() ? "hybrid" : "lexical");
        if (!List.of("hybrid", "lexical").contains(retrieval)) {
            throw new IllegalArgumentException("--retrieval must be hybrid or lexical");
        }
        boolean hybrid = retrieval.equals("hybrid");
        List<String> queries = Evaluation.readDirectory(args.dir().resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        out.printf(Locale.ROOT, "machine: %d cores, load average %.2f, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), load(), Runtime.getRuntime().maxMemory() >> 20);

        long started = System.nanoTime();
        try (KnowledgeBase kb = KnowledgeBase.open(args.dir(),
                KbSettings.defaults().withWatch(false).withGeneratedArticles(articles).withDense(hybrid)
                        .withEmbedThreads(embedThreads)
                        // Every search embeds its question: both paths and the warm-up send the same questions, which
                        // a cache of recent queries would answer for the second of them.
                        .withQueryCache(0))) {
            double buildSeconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "index: %d articles (%d queries in the mix), %s, built in %.1f s, %.1f MB%n",
                    kb.size(), queries.size(), kb.hybrid() ? "hybrid (passage vectors included)" : "lexical",
                    buildSeconds, kb.indexBytes() / 1e6);
            if (hybrid) {
                out.printf(Locale.ROOT, "onnxruntime threads per embedding: %d%n", embedThreads);
            }
            // The request log line per search would dominate a console; production writes it to a file.
            Logger webLog = (Logger) LoggerFactory.getLogger("cn.hotline12333.web");
            Level before = webLog.getLevel();
            webLog.setLevel(Level.WARN);
            try (EmbeddedRedis embedded = EmbeddedRedis.start(); Redis redis = Redis.connect(embedded.url())) {
                WebSettings d = WebSettings.defaults();
                WebSettings settings = new WebSettings("127.0.0.1", 0, d.maxBodyBytes(), d.idleTimeout(),
                        d.workThreads(), d.workQueue(), d.sessionTtl(), d.maxLoginFailures(), d.loginWindow());
                Login login = DemoLogin.on(redis, settings);
                try (WebServer server = new WebServer(settings, login, new KbRoutes(kb).routes())) {
                    server.start();
                    Endpoint endpoint = new Endpoint(server.port(), token(server.port()));
                    Load.ClientFactory rawClients = i -> raw(kb, queries, i);
                    Load.ClientFactory httpClients = endpoint.client(queries);
                    out.printf(Locale.ROOT, "warming up (%d s each path)…%n", Math.max(1, seconds / 6));
                    Load.run(clients, Math.max(1, seconds / 6), rawClients);
                    Load.run(clients, Math.max(1, seconds / 6), httpClients);
                    long splits = kb.splitSearches();
                    Load.Result[] closed = alternate(f -> Load.run(clients, seconds / 2.0, f), rawClients, httpClients);
                    Load.Result raw = closed[0];
                    Load.Result http = closed[1];
                    out.printf(Locale.ROOT, "%nclosed loop: %d clients, each sending its next search when the last answered%n",
                            clients);
                    report(out, raw, http);
                    splits = splits(out, kb, splits, raw.count() + http.count());
                    out.printf(Locale.ROOT, "%nHTTP/raw throughput ratio %.2f (target ≥ 0.80); %d articles, %d s per path%n",
                            http.throughput() / raw.throughput(), articles, seconds);
                    if (rate > 0) {
                        Load.Result[] paced = alternate(f -> Load.paced(clients, seconds / 2.0, rate, f), rawClients,
                                httpClients);
                        Load.Result pacedRaw = paced[0];
                        Load.Result pacedHttp = paced[1];
                        out.printf(Locale.ROOT, "%npaced: %d searches a second from %d clients, latency counted from when "
                                + "each search was due%n", rate, clients);
                        report(out, pacedRaw, pacedHttp);
                        splits(out, kb, splits, pacedRaw.count() + pacedHttp.count());
                        out.printf(Locale.ROOT, "%np99 at %d searches a second: HTTP %.2f ms, raw %.2f ms (target < %d ms)%n",
                                rate, pacedHttp.percentileMs(99), pacedRaw.percentileMs(99), kb.hybrid() ? 20 : 5);
                        // The pacing itself is checked here, on the machine the figures come from, not in a test.
                        double slowest = Math.min(pacedRaw.throughput(), pacedHttp.throughput());
                        out.printf(Locale.ROOT, "paced rate held: %.1f of %d searches a second at least%s%n", slowest,
                                rate, slowest < rate * 0.9 ? " (the load fell behind: these latencies are not valid)" : "");
                    }
                    if (kb.hybrid()) {
                        // Each search waits for its vector here (no KB_DENSE_WAIT): every one above was hybrid.
                        KnowledgeBase.QueryEmbedding q = kb.queryEmbedding();
                        out.printf(Locale.ROOT, "query vectors: %d embedded, %d from the cache of recent queries, "
                                + "%d late%n", q.embedded(), q.cached(), q.late());
                    }
                }
            } finally {
                webLog.setLevel(before);
            }
        }
        out.printf(Locale.ROOT, "load average at the end %.2f%n", load());
        return 0;
    }

    /**
     * Four rounds of {@code load}, in-process and HTTP in turn, so that a change in the machine's load hits both
     * paths; returns the in-process and the HTTP results summed.
     */
    private static Load.Result[] alternate(Function<Load.ClientFactory, Load.Result> load, Load.ClientFactory raw,
                                           Load.ClientFactory http) {
        Load.Result[] sums = {Load.Result.EMPTY, Load.Result.EMPTY};
        for (int round = 0; round < 4; round++) {
            sums[round % 2] = sums[round % 2].plus(load.apply(round % 2 == 0 ? raw : http));
        }
        return sums;
    }

    private static Load.Client raw(KnowledgeBase kb, List<String> queries, int client) {
        int[] next = {client * 37};
        return () -> {
            String q = queries.get(Math.floorMod(next[0]++, queries.size()));
            kb.search(SearchRequest.of(q));
            return true;
        };
    }

    /** The server's address and a session token (Basic would run bcrypt on every request). */
    private record Endpoint(int port, String token) {
        Load.ClientFactory client(List<String> queries) {
            return i -> {
                BenchHttpClient http = new BenchHttpClient("127.0.0.1", port, "Bearer " + token);
                int[] next = {i * 37};
                return () -> {
                    String q = queries.get(Math.floorMod(next[0]++, queries.size()));
                    return http.get("/api/kb/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)) == 200;
                };
            };
        }
    }

    private static String token(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"agent\",\"password\":\"agent-12333\"}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(r.body()).get("token").asText();
        } catch (Exception e) {
            throw new IllegalStateException("benchmark login failed", e);
        }
    }

    /**
     * Prints how many of {@code searches} collected their hits as two halves on two threads (a costly search when a
     * core was free: at full load none should), and returns the count to date.
     */
    private static long splits(PrintStream out, KnowledgeBase kb, long before, long searches) {
        long now = kb.splitSearches();
        out.printf(Locale.ROOT, "searches split in two halves: %d of %d%n", now - before, searches);
        return now;
    }

    private static void report(PrintStream out, Load.Result raw, Load.Result http) {
        out.printf(Locale.ROOT, "%n| path | requests | errors | p50 ms | p99 ms | max ms | throughput req/s |%n");
        out.printf(Locale.ROOT, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |%n");
        for (var row : List.of(List.of("in-process KnowledgeBase.search", raw), List.of("HTTP GET /api/kb/search", http))) {
            Load.Result r = (Load.Result) row.get(1);
            out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.1f | %.0f |%n", row.get(0), r.count(), r.errors(),
                    r.percentileMs(50), r.percentileMs(99), r.percentileMs(100), r.throughput());
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
