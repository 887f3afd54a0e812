package cn.hotline12333.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.StatsConfig;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.store.RedisFixture;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reports page in a real headless Chromium over the statistics routes (engine faked): table, chart, export. */
class ReportsPageBrowserTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final FakeStatsReports reports = new FakeStatsReports();
    private static WebServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        server = TestWeb.start(REDIS.redis(), new StatsRoutes(reports, StatsConfigLoader.fixed(StatsConfig.standard()),
                StatsHttp.CLOCK).routes());
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.close();
    }

    private Page signIn(BrowserContext context, String user) {
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + server.port() + "/manager/reports?from=2026-11-23&to=2026-11-23");
        page.fill("#user", user);
        page.fill("#password", user + "-12333");
        page.click("#login-button");
        return page;
    }

    @Test
    void theTableAndTheChartShowTheSameNumbersAsTheApi() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager");
            assertThat(page.locator("#table tbody tr")).hasCount(2);
            assertThat(page.locator("#zone")).containsText("Asia/Shanghai");

            Object api = page.evaluate("fetch('/api/stats/queues?from=2026-11-23&to=2026-11-23&tz=Asia/Shanghai&interval=day')"
                    + ".then(r => r.json()).then(b => b.rows.map(r => r.offered))");
            Object charted = page.evaluate("echarts.getInstanceByDom(document.getElementById('chart')).getOption()"
                    + ".series.flatMap(s => s.data).filter(v => v !== null && v !== undefined)");
            assertThat(String.valueOf(charted)).isEqualTo(String.valueOf(api).replace(", null", "").replace("null, ", ""));
            assertThat(page.locator("#table tbody tr").first().locator("td").nth(2)).hasText("120");
            assertThat(page.locator("#table tbody tr").first().locator("td").nth(4)).hasAttribute("title", "97 / 118");
            Chromium.screenshot(page, "reports-queues");
        }
    }

    @Test
    void headersSortAndAnotherIntervalAsksAgain() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager");
            assertThat(page.locator("#table tbody tr")).hasCount(2);

            page.click("#table th[data-key='offered']");
            assertThat(page.locator("#table tbody tr").first().locator("td").nth(2)).hasText("0");
            page.click("#table th[data-key='offered']");
            assertThat(page.locator("#table tbody tr").first().locator("td").nth(2)).hasText("120");

            page.selectOption("#interval", "15m");
            Awaitility.await().until(() -> reports.lastQuery != null && reports.lastQuery.interval() == Interval.M15);
            assertThat(page).hasURL(Pattern.compile(".*interval=15m.*"));
        }
    }

    @Test
    void theCsvExportStartsWithTheByteOrderMarkAndHoldsThePagesNumbers() throws Exception {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager");
            assertThat(page.locator("#table tbody tr")).hasCount(2);
            assertThat(page.locator("#export-csv")).not().hasAttribute("href", Pattern.compile(".*token.*"));

            Download download = page.waitForDownload(() -> page.click("#export-csv"));
            byte[] bytes = Files.readAllBytes(download.path());

            assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
            String csv = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(csv).contains("120").contains("97").contains("118");
            assertThat(download.suggestedFilename()).endsWith(".csv");
        }
    }

    @Test
    void anAgentIsRefusedThePage() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent");

            assertThat(page.locator("h1")).hasText("403");
        }
    }
}
