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
        return signIn(context, user, "from=2026-11-23&to=2026-11-23");
    }

    /** Opens the reports page at {@code query} before signing in: the login keeps the query. */
    private Page signIn(BrowserContext context, String user, String query) {
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + server.port() + "/manager/reports?" + query);
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
                    + ".series.filter(s => !s.name.startsWith('上周同日')).flatMap(s => s.data)"
                    + ".filter(v => v !== null && v !== undefined)");
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
            // the file's offered column adds up to what the page's column shows
            String[] lines = csv.substring(1).split("\r?\n");
            int column = java.util.Arrays.asList(lines[0].split(",")).indexOf("呼入量"); // the column the page heads 呼入量
            long fileTotal = java.util.Arrays.stream(lines).skip(1).filter(l -> !l.isBlank())
                    .mapToLong(l -> Long.parseLong(l.split(",")[column])).sum();
            Object pageTotal = page.evaluate("[...document.querySelectorAll('#table tbody tr')]"
                    + ".map(tr => Number(tr.children[2].textContent.replace(/,/g, ''))).reduce((a, b) => a + b, 0)");
            assertThat(column).isNotNegative();
            assertThat(fileTotal).isEqualTo(((Number) pageTotal).longValue()).isEqualTo(120);
            assertThat(download.suggestedFilename()).endsWith(".csv");
        }
    }

    private static Object chartOption(Page page, String expression) {
        return page.evaluate("(() => { const o = echarts.getInstanceByDom(document.getElementById('chart')).getOption();"
                + " return " + expression + "; })()");
    }

    @Test
    void theDailyQueueReportOverlaysTheSameWeekdayOfTheWeekBefore() {
        try (BrowserContext context = chromium.context()) {
            reports.queueQueries.clear();
            Page page = signIn(context, "manager", "report=queues&from=2026-11-23&to=2026-11-23&interval=day");
            assertThat(page.locator("#status")).containsText("上周同日");

            assertThat(reports.queueQueries).extracting(q -> q.from().toLocalDate().toString())
                    .contains("2026-11-23", "2026-11-16");
            assertThat(String.valueOf(chartOption(page, "o.series.map(s => s.name + '=' + s.data.join('/'))")))
                    .isEqualTo("[hotline-general=120/, hotline-pension=/0, 上周同日 · hotline-general=100/,"
                            + " 上周同日 · hotline-pension=/0]");
            page.selectOption("#interval", "15m");
            assertThat(page.locator("#status")).not().containsText("上周同日");
            Awaitility.await().until(() -> String.valueOf(chartOption(page, "o.series.length")).equals("2"));
        }
    }

    @Test
    void theHeatMapHoldsEveryCellOfTheApiAndTheFunnelSumsEachNode() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "report=heatmap&from=2026-11-01&to=2026-11-23");
            assertThat(page.locator("#table tbody tr")).hasCount(7);
            Object cells = chartOption(page, "o.series[0].type + ':' + o.series[0].data.length + ':'"
                    + " + o.series[0].data.filter(d => d[2] === (d[1] + 1) * 100 + d[0]).length");
            assertThat(String.valueOf(cells)).isEqualTo("heatmap:168:168");

            page.selectOption("#report", "ivr-funnel");
            assertThat(page.locator("#table tbody tr")).hasCount(5);
            Object funnel = chartOption(page, "o.series[0].type + ':' + o.series[0].data.map(d => d.name + '=' + d.value)");
            assertThat(String.valueOf(funnel)).isEqualTo("funnel:main=500,pension=200,pension-query=40");

            page.selectOption("#report", "routing");
            assertThat(page.locator("#table tbody tr")).hasCount(4);
            Object matrix = chartOption(page, "o.series[0].type + ':' + o.yAxis[0].data + '|' + o.xAxis[0].data + '|'"
                    + " + o.series[0].data.map(d => o.yAxis[0].data[d[1]] + '>' + o.xAxis[0].data[d[0]] + '=' + d[2]).sort()");
            assertThat(String.valueOf(matrix)).isEqualTo("heatmap:-,card,pension|card,pension,wage_arrears|"
                    + "->card=5,card>card=40,pension>pension=90,pension>wage_arrears=10");
        }
    }

    @Test
    void filtersGoToTheEngineAndACallRowOpensItsPathAndStints() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "report=topics&from=2026-11-23&to=2026-11-23&agent=a1&agent=a2"
                    + "&topic=pension&entry=12333");
            assertThat(page.locator("#agent")).hasValue("a1,a2");
            Awaitility.await().until(() -> reports.lastQuery != null && reports.lastQuery.agents().equals(List.of("a1", "a2"))
                    && reports.lastQuery.topics().equals(List.of("pension"))
                    && reports.lastQuery.entries().equals(List.of("12333")));

            assertThat(page.locator("#status")).containsText("共 2 行");
            page.selectOption("#report", "calls");
            assertThat(page.locator("#table tbody tr")).hasCount(3);
            assertThat(reports.lastSearch.agents()).containsExactly("a1", "a2");
            page.locator("#table tbody tr").first().click();

            assertThat(page.locator("#call-detail")).isVisible();
            assertThat(page.locator("#call-detail h2")).containsText("1764000000.1");
            assertThat(page.locator("#call-detail table").first().locator("tbody tr")).hasCount(2);
            assertThat(page.locator("#call-detail table").nth(1).locator("tbody td").first()).hasText("hotline-pension");
            assertThat(page.locator("#call-detail")).not().containsText(FakeStatsReports.LEAKY_MOBILE);
            assertThat(page.locator("#call-detail")).not().containsText(FakeStatsReports.LEAKY_ID);
            Chromium.screenshot(page, "reports-call-detail");
        }
    }

    @Test
    void aLongReportIsListedAPageAtATimeWhileTheChartHoldsEveryRow() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "report=satisfaction&from=2026-11-23&to=2026-11-23");
            assertThat(page.locator("#status")).containsText("共 450 行");
            assertThat(page.locator("#table tbody tr")).hasCount(200);
            assertThat(page.locator("#page-of")).hasText("第 1 / 3 页");
            assertThat(String.valueOf(chartOption(page, "o.series[0].data.length"))).isEqualTo("450");

            page.click("#page-next");
            page.click("#page-next");
            assertThat(page.locator("#table tbody tr")).hasCount(50);
            assertThat(page.locator("#dissatisfied")).isVisible();
            assertThat(page.locator("#table tbody tr").first().locator("td").first()).hasText("agent-401");
            assertThat(page.locator("#page-next")).isDisabled();
            // sorting orders all rows, not only the page's
            page.click("#table th[data-key='responses']");
            page.click("#table th[data-key='responses']");
            assertThat(page.locator("#page-of")).hasText("第 3 / 3 页");
            page.click("#page-prev");
            page.click("#page-prev");
            assertThat(page.locator("#table tbody tr").first().locator("td").first()).hasText("agent-450");

            // its dissatisfied calls open in the call detail
            page.click("#dissatisfied");
            assertThat(page.locator("#report")).hasValue("calls");
            Awaitility.await().until(() -> reports.lastSearch != null && Integer.valueOf(3).equals(reports.lastSearch.surveyAtMost()));
            assertThat(page).hasURL(Pattern.compile(".*survey=dissatisfied.*"));
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
