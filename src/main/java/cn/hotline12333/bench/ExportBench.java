package cn.hotline12333.bench;

import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import cn.hotline12333.stats.StatsConfig;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import cn.hotline12333.web.CallSearch;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.StatsReports;
import cn.hotline12333.web.StatsRoutes;
import cn.hotline12333.web.WebServer;
import cn.hotline12333.web.WebSettings;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code hotline-bench.jar bench export [--rows 1000000] [--format csv|xlsx]}: a day of call detail through the real
 * route, streaming and masking code, from a synthetic engine that makes the rows as they are asked for, to an
 * HTTP client in the same JVM that counts lines and throws the bytes away. Prints time to the first byte, rows
 * per second and the heap still in use halfway through (after a full collection) against before the export:
 * the streaming must hold no day in memory (targets in issue 9: first byte &lt; 1 s, ≥ 100,000 rows/s, growth
 * &lt; 64 MB). A measurement, not a test: nothing here fails on a slow machine.
 */
final class ExportBench {
    static final String USAGE = "usage: hotline bench export [--rows 1000000] [--format csv|xlsx]";
    private static final List<Column> COLUMNS = List.of(
            new Column("call_id", "通话编号", Kind.TEXT), new Column("started", "开始时间", Kind.TIME),
            new Column("caller", "来电号码", Kind.TEXT), new Column("entry", "呼入号码", Kind.TEXT),
            new Column("queue", "队列", Kind.TEXT), new Column("agent", "坐席", Kind.TEXT),
            new Column("topic", "业务类别", Kind.TEXT), new Column("outcome", "结果", Kind.TEXT),
            new Column("wait_ms", "等待", Kind.DURATION_MS), new Column("talk_ms", "通话", Kind.DURATION_MS));
    private static final String[] OUTCOMES = {"self_service", "agent_answered", "queue_abandoned", "queue_timeout"};

    record Figures(long rows, long bytes, long firstByteMs, long totalMs, long heapBeforeMb, long heapMidMb) {
        double rowsPerSecond() {
            return totalMs == 0 ? rows * 1000.0 : rows * 1000.0 / totalMs;
        }
    }

    private ExportBench() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        long rows = 1_000_000;
        String format = "csv";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                err.println(USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--rows" -> rows = args[i + 1].matches("\\d{1,9}") ? Long.parseLong(args[i + 1]) : 0;
                case "--format" -> format = args[i + 1];
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (!format.equals("csv") && !format.equals("xlsx") || rows < 1) {
            err.println(USAGE);
            return 2;
        }
        Figures f;
        try {
            f = measure(rows, format);
        } catch (Exception e) {
            err.println("bench export: " + e);
            return 1;
        }
        out.printf(java.util.Locale.ROOT, "export %s rows=%d bytes=%d first_byte_ms=%d total_ms=%d rows_per_s=%.0f "
                        + "heap_before_mb=%d heap_mid_after_gc_mb=%d heap_growth_mb=%d%n", format, f.rows(), f.bytes(),
                f.firstByteMs(), f.totalMs(), f.rowsPerSecond(), f.heapBeforeMb(), f.heapMidMb(),
                f.heapMidMb() - f.heapBeforeMb());
        return 0;
    }

    static Figures measure(long rows, String format) throws Exception {
        try (EmbeddedRedis embedded = EmbeddedRedis.start(0); Redis redis = Redis.connect(embedded.url())) {
            WebSettings d = WebSettings.defaults();
            WebSettings s = new WebSettings("127.0.0.1", 0, d.maxBodyBytes(), d.idleTimeout(), 2, 10,
                    d.sessionTtl(), d.maxLoginFailures(), d.loginWindow());
            Login login = DemoLogin.on(redis, s);
            WebServer server = new WebServer(s, login, new StatsRoutes(engine(rows),
                    StatsConfigLoader.fixed(StatsConfig.standard()), Clock.systemUTC()).routes());
            server.start();
            try {
                return download(server.port(), rows, format);
            } finally {
                server.close();
            }
        }
    }

    /**
     * Logs in once (a bearer token, as the report pages do: Basic would run bcrypt on every request) and warms
     * the route with one page, then times the export alone.
     */
    private static Figures download(int port, long rows, String format) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"manager\",\"password\":\"manager-12333\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login);
        if (!token.find()) {
            throw new IllegalStateException("login failed: " + login);
        }
        String bearer = "Bearer " + token.group(1);
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/calls?from=2026-11-23&size=500"))
                .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.discarding());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/calls?from=2026-11-23&format=" + format))
                .header("Authorization", bearer).timeout(Duration.ofMinutes(10)).build();
        long before = usedAfterGc();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        long lines = 0;
        long firstByte = -1;
        long mid = -1;
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (firstByte < 0 && n > 0) {
                    firstByte = System.nanoTime();
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (mid < 0 && (lines >= rows / 2 || format.equals("xlsx") && bytes > 8L << 20)) {
                    mid = usedAfterGc();
                }
            }
        }
        long done = System.nanoTime();
        long dataRows = format.equals("csv") ? lines - 1 : rows;
        return new Figures(dataRows, bytes, (firstByte - started) / 1_000_000, (done - started) / 1_000_000,
                before >> 20, (mid < 0 ? usedAfterGc() : mid) >> 20);
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** An engine that knows one queue and makes {@code rows} call-detail rows on demand. */
    static StatsReports engine(long rows) {
        return (StatsReports) Proxy.newProxyInstance(StatsReports.class.getClassLoader(),
                new Class<?>[] {StatsReports.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "queues" -> args == null ? List.of("hotline-general") : unavailable();
                    case "calls" -> callTable((CallSearch) args[0], rows);
                    case "toString" -> "synthetic call detail";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> unavailable();
                });
    }

    private static Object unavailable() {
        throw new StatsReports.Unavailable("the export benchmark only makes call detail");
    }

    private static ReportTable callTable(CallSearch search, long rows) {
        long total = search.paged() ? Math.min(rows, search.size()) : rows;
        long start = search.from().toInstant().toEpochMilli();
        Iterable<List<Object>> made = () -> new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
                return n < total;
            }

            @Override
            public List<Object> next() {
                if (n >= total) {
                    throw new NoSuchElementException();
                }
                n++;
                boolean answered = n % 4 == 1;
                return List.of("1764000000." + n, start + n * 86, "1" + (38 + n % 10) + "****" + (1000 + n % 9000),
                        "12333", "hotline-" + (n % 20), answered ? "agent" + (n % 1000) : "", "topic" + (n % 50),
                        OUTCOMES[(int) (n % OUTCOMES.length)], n % 120_000, answered ? n % 600_000 : 0L);
            }
        };
        return new ReportTable("calls", COLUMNS, made, Map.of("total", total, "source", "synthetic"));
    }
}
