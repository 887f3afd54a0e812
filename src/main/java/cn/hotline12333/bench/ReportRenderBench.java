package cn.hotline12333.bench;

import cn.hotline12333.stats.Kpi;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import cn.hotline12333.stats.StatsConfig;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.StatsReports;
import cn.hotline12333.web.StatsRoutes;
import cn.hotline12333.web.WebServer;
import cn.hotline12333.web.WebSettings;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hotline-bench.jar bench render [--queues 20] [--rounds 10] [--chromium /usr/bin/chromium]}: the reports
 * page in headless Chromium (DevTools protocol, no automation library) drawing the full-day 15-minute queue report
 * of {@code --queues} queues (96 × 20 = 1,920 rows of the real report's 24 columns, the size of a 1,000,000-call
 * day's report), timed in the page from the click on 查询 to ECharts' {@code finished} event after the new rows,
 * through the real web server, routes and page code. The rows come from a synthetic engine, so this times the
 * HTTP answer and the browser, not the aggregation (issue 9's report benchmark times that). Target (issue 10):
 * &lt; 2 s. A measurement, not a test.
 */
final class ReportRenderBench {
    static final String USAGE = "usage: hotline bench render [--queues 20] [--rounds 10] [--chromium /usr/bin/chromium]";
    private static final String[][] COLUMNS = {
        {"interval", "TIME"}, {"queue", "TEXT"}, {"offered", "COUNT"}, {"blocked", "COUNT"}, {"answered", "COUNT"},
        {"answered_within", "COUNT"}, {"abandoned", "COUNT"}, {"short_abandoned", "COUNT"}, {"other_exits", "COUNT"},
        {"timeouts", "COUNT"}, {"service_level", "KPI"}, {"service_level_of_answered", "KPI"},
        {"service_level_asterisk2", "KPI"}, {"answer_rate", "KPI"}, {"asa_ms", "KPI"}, {"wait_p50_ms", "DURATION_MS"},
        {"wait_p90_ms", "DURATION_MS"}, {"wait_max_ms", "DURATION_MS"}, {"abandon_rate", "KPI"},
        {"abandon_rate_raw", "KPI"}, {"time_to_abandon_ms", "KPI"}, {"handled", "COUNT"}, {"aht_ms", "KPI"},
        {"transfer_rate", "KPI"},
    };

    private ReportRenderBench() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int queues;
        int rounds;
        String chromium;
        try {
            Flags flags = Flags.parse(args, List.of("queues", "rounds", "chromium"));
            queues = flags.number("queues", 20, 1, 200);
            rounds = flags.number("rounds", 10, 1, 1_000);
            chromium = flags.given().getOrDefault("chromium", "/usr/bin/chromium");
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (EmbeddedRedis embedded = EmbeddedRedis.start(0); Redis redis = Redis.connect(embedded.url())) {
            WebSettings d = WebSettings.defaults();
            WebSettings s = new WebSettings("127.0.0.1", 0, d.maxBodyBytes(), d.idleTimeout(), 2, 10,
                    d.sessionTtl(), d.maxLoginFailures(), d.loginWindow());
            Login login = DemoLogin.on(redis, s);
            WebServer server = new WebServer(s, login, new StatsRoutes(engine(queues),
                    StatsConfigLoader.fixed(StatsConfig.standard()), Clock.systemUTC()).routes());
            server.start();
            try (DevTools page = DevTools.start(chromium)) {
                List<Double> times = measure(page, "http://127.0.0.1:" + server.port(), queues * 96, rounds);
                List<Double> sorted = new ArrayList<>(times);
                sorted.sort(null);
                out.printf(Locale.ROOT, "render queues=%d rows=%d rounds=%d first_ms=%.0f median_ms=%.0f max_ms=%.0f"
                                + " all_ms=%s%n", queues, queues * 96, rounds, times.get(0), sorted.get(sorted.size() / 2),
                        sorted.get(sorted.size() - 1), times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t))
                                .toList());
            } finally {
                server.close();
            }
            return 0;
        } catch (Exception e) {
            err.println("bench render: " + e);
            return 1;
        }
    }

    private static List<Double> measure(DevTools page, String base, int rows, int rounds) throws Exception {
        String[] pair = DemoLogin.managerCookie(HttpClient.newHttpClient(), base).split("=", 2);
        page.call("Network.setCookie", Map.of("name", pair[0], "value", pair[1], "url", base, "httpOnly", true));
        page.call("Page.navigate", Map.of("url", base + "/manager/reports?report=queues&from=2026-11-23&to=2026-11-23"
                + "&tz=Asia%2FShanghai&interval=15m"));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // the status line reads 共 1,920 行 once the whole answer is on the page (the table shows it a page at a time)
        String listed = String.format(Locale.ROOT, "共 %,d 行", rows);
        while (!page.evaluate("document.getElementById('status')?.textContent || ''").asText().startsWith(listed)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the page never showed " + rows + " rows");
            }
            Thread.sleep(50);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            times.add(page.evaluate(CLICK_TO_CHART).asDouble());
        }
        return times;
    }

    // Clicks 查询 and resolves with the milliseconds until both the new table and the chart are drawn: the status
    // line is written right after the table and the chart's option, and ECharts says 'finished' when its drawing is
    // done (at once without animation, later with it), so the later of the two ends the count.
    private static final String CLICK_TO_CHART = """
            new Promise((resolve, reject) => {
              const status = document.getElementById('status');
              const chart = echarts.getInstanceByDom(document.getElementById('chart'));
              status.textContent = '';
              let drawn = false;
              let listed = false;
              const started = performance.now();
              const check = () => {
                if (drawn && listed) {
                  chart.off('finished', onFinished);
                  watcher.disconnect();
                  resolve(performance.now() - started);
                }
              };
              const onFinished = () => { drawn = true; check(); };
              const watcher = new MutationObserver(() => { listed = status.textContent.startsWith('共'); check(); });
              watcher.observe(status, { childList: true, characterData: true, subtree: true });
              chart.on('finished', onFinished);
              setTimeout(() => reject(new Error('no chart within 30 s (status: ' + status.textContent + ')')), 30000);
              document.querySelector('#report-form button[type=submit]').click();
            })""";

    /** An engine with one report: the 15-minute queue report of a day, every queue busy in every interval. */
    private static StatsReports engine(int queues) {
        List<String> names = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            names.add("hotline-queue-" + q);
        }
        return (StatsReports) Proxy.newProxyInstance(StatsReports.class.getClassLoader(),
                new Class<?>[] {StatsReports.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "queues" -> args == null ? names : queueDay((ReportQuery) args[0], names);
                    case "toString" -> "synthetic queue report";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> throw new StatsReports.Unavailable("the render benchmark only makes the queue report");
                });
    }

    private static ReportTable queueDay(ReportQuery q, List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String[] c : COLUMNS) {
            columns.add(new Column(c[0], c[0], Kind.valueOf(c[1])));
        }
        Instant start = q.from().toInstant();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            for (int n = 0; n < names.size(); n++) {
                long offered = 200 + (i * 7L + n * 13L) % 150;
                long answered = offered * 9 / 10;
                List<Object> row = new ArrayList<>();
                row.add(start.plusSeconds(i * 900L));
                row.add(names.get(n));
                for (int c = 2; c < COLUMNS.length; c++) {
                    row.add(switch (COLUMNS[c][1]) {
                        case "COUNT" -> offered - c;
                        case "KPI" -> Kpi.of(answered - c, offered, false);
                        default -> 1_000L * (c + i % 60);
                    });
                }
                rows.add(row);
            }
        }
        return new ReportTable("queues", columns, rows, Map.of("zone", q.from().getZone().getId(), "source", "synthetic"));
    }
}
