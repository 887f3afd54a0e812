package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.config.Settings;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.web.Chromium;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * Every report of the reports page on the figures of a simulated morning: the simulator places calls through the
 * real flows against the Asterisk emulators, a node reads the aggregates, and a manager opens each report in
 * Chromium. Each must draw a table and a chart without a script error; each leaves a screenshot in
 * target/screenshots (the ones in docs/ are copies of these).
 */
class ReportsTourBrowserTest {
    // not RedisFixture: it empties Redis before each test, and the simulated morning is made once for the class
    static EmbeddedRedis redis;
    private static final String DAY = "2026-11-23";
    /** A shared CI box may be busy: these are waits for the page, not timings. */
    private static final com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions SLOW_BOX =
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000);
    private static final java.util.Set<String> MAY_BE_EMPTY = java.util.Set.of("repeat-callers", "work-orders");

    @TempDir
    static Path dir;
    static NodeHarness harness;
    static Chromium chromium;

    @BeforeAll
    static void simulateAMorningAndStartANode() throws Exception {
        redis = EmbeddedRedis.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "HOTLINE_DEMO", "true",
                "HOTLINE_FLOWS", "ivr-flows");
        Map<String, String> sim = new java.util.HashMap<>(shared);
        sim.putAll(Map.of("HOTLINE_JOURNAL", dir.resolve("sim-journal").toString(), "HOTLINE_NODE", "tour-sim",
                "WEB_BIND", "127.0.0.1", "HOTLINE_CLOCK", DAY + "T10:00+08:00"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = SimulateCommand.run(new String[] {"--traffic", "--rate", "3", "--seconds", "60", "--scale", "0.01",
                "--seed", "12333", "--agents", "8", "--web-port", "0", "--ami-port", "0"}, Settings.of(sim), print, print);
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
        // the manager reads the morning the next day
        harness = new NodeHarness("2026-11-24T09:00+08:00", dir.resolve("journal"), shared);
        await().atMost(Duration.ofSeconds(60)).until(ReportsTourBrowserTest::everyRecordApplied);
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (harness != null) {
            harness.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static boolean everyRecordApplied() {
        for (String stream : List.of("calls", "handling", "agent-states")) {
            List<StreamGroupInfo> groups = harness.node.redis().jedis().xinfoGroups(stream);
            StreamGroupInfo stats = groups.stream().filter(g -> g.getName().equals("stats")).findFirst().orElse(null);
            if (stats == null || stats.getPending() != 0 || !stats.getLastDeliveredId().equals(
                    harness.node.redis().jedis().xinfoStream(stream).getLastGeneratedId())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyReportDrawsItsTableAndChartFromTheSimulatedMorning() {
        try (BrowserContext context = chromium.context()) {
            Page page = context.newPage();
            List<String> errors = new ArrayList<>();
            page.onPageError(errors::add);
            page.navigate("http://127.0.0.1:" + harness.node.webPort() + "/manager/reports?report=queues&from=" + DAY
                    + "&to=" + DAY + "&interval=1h");
            page.fill("#user", "manager");
            page.fill("#password", "manager-12333");
            page.click("#login-button");
            assertThat(page.locator("#table tbody tr").first()).isVisible(SLOW_BOX);

            @SuppressWarnings("unchecked")
            List<String> reports = (List<String>) page.evaluate(
                    "[...document.querySelectorAll('#report option')].map(o => o.value)");
            assertThat(reports).contains("queues", "routing", "satisfaction", "ivr-funnel", "heatmap", "calls");
            for (String report : reports) {
                String api = report.equals("calls") ? "/api/calls?" : "/api/stats/" + report + "?";
                page.waitForResponse(r -> r.url().contains(api), () -> page.selectOption("#report", report));
                // a morning of a few hundred callers has no repeat caller, and work orders come from the desktop
                if (MAY_BE_EMPTY.contains(report)) {
                    page.waitForTimeout(300);
                    Chromium.screenshot(page, "report-" + report);
                    continue;
                }
                assertThat(page.locator("#table tbody tr").first()).isVisible(SLOW_BOX);
                if (!report.equals("calls")) {
                    try {
                        await().alias(report + ": points in the chart").atMost(Duration.ofSeconds(10))
                                .until(() -> seriesPoints(page) > 0);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        Chromium.screenshot(page, "report-" + report + "-failed");
                        throw e;
                    }
                }
                // a rate over 100 % is a duration or a count shown as a percentage
                Object nonsense = page.evaluate("[...document.querySelectorAll('#table td')].map(td => td.textContent)"
                        + ".filter(t => /%$/.test(t) && parseFloat(t.replace(/,/g, '')) > 100)");
                org.assertj.core.api.Assertions.assertThat((List<?>) nonsense).as(report).isEmpty();
                page.waitForTimeout(700); // the chart's entry animation, so that the picture shows the points
                Chromium.screenshot(page, "report-" + report);
            }
            assertThat(errors).isEmpty();
        }
    }

    private static long seriesPoints(Page page) {
        Object n = page.evaluate("(() => { const c = echarts.getInstanceByDom(document.getElementById('chart'));"
                + " if (!c) return 0; const o = c.getOption(); return (o.series || [])"
                + ".reduce((s, x) => s + ((x.data || []).filter(d => d !== null).length), 0); })()");
        return ((Number) n).longValue();
    }
}
