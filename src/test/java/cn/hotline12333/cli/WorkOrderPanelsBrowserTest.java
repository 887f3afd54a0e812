package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.web.Chromium;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work-order and task panels (/agent/work-orders) in a real headless Chromium against a node whose clock
 * stands at Friday 2025-09-26 10:00 in Beijing: an order made from a simulated wage-arrears call is due Monday
 * 2025-10-13, shows in "my work orders" and is reassigned by a manager; two agents click 领取 on one callback task at
 * once and one wins; typed script and links stay text; the statistics count what the panels made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkOrderPanelsBrowserTest {
    static final String XSS_EMPLOYER = "<img src=x onerror=\"window.__xss='employer'\">某建筑公司";
    static final String XSS_DESCRIPTION = "<script>window.__xss='description'</script>三个月工资未发 javascript:window.__xss=1";
    static final String XSS_REPLY = "<img src=x onerror=\"window.__xss='reply'\"><a href=\"javascript:window.__xss='link'\">点此</a>";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static NodeHarness harness;
    static Chromium chromium;
    static String orderId;
    final List<String> dialogs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path file = NodeHarness.twoAgentsAndAManager(dir);
        Path journal = Files.createDirectories(dir.resolve("journal"));
        harness = new NodeHarness("2025-09-26T10:00+08:00", journal, Map.of("HOTLINE_USERS", file.toString()));
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
    }

    static String url(String path) {
        return "http://127.0.0.1:" + harness.node.webPort() + path;
    }

    private Page signIn(BrowserContext context, String user, String next) {
        Page page = context.newPage();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        page.navigate(url(next));
        page.fill("#user", user);
        page.fill("#password", user + "-12333");
        page.click("#login-button");
        return page;
    }

    private static void noScriptRan(Page page) {
        assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);
    }

    @Test
    @Order(1)
    void anOrderFromAWageArrearsCallIsDueOnTheCalendarAndShowsInMyOrders() throws Exception {
        CallRecord call = harness.record(harness.dial(NodeHarness.caller("4", "0").build(), NodeHarness.agentsAnswer()));
        assertThat(call.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        // the call rang this agent (the agent desktop notes the offer on AgentCalled)
        new CallContexts(harness.node.redis().jedis(), Clock.systemUTC()).offered(call.callId(), "agent");
        String wire = call.callId().replace('/', '~');

        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent", "/agent/work-orders?call=" + wire + "&notes=来电反映欠薪");
            assertThat(page).hasURL(Pattern.compile(".*/agent/work-orders\\?call=.*"));
            assertThat(page.locator("#wo-call")).containsText("主题 劳动关系");
            assertThat(page.locator("#wo-call")).containsText("来电 " + call.callId());
            assertThat(page.locator("#wo-type")).hasValue("wage_arrears");
            assertThat(page.locator("#wo-due")).containsText("办结期限：2025-10-13");
            assertThat(page.locator("#wo-department")).hasValue("劳动保障监察");
            // the call rang this agent: the callback number is prefilled in full (masked in the call line)
            assertThat(page.locator("#wo-callerPhone")).hasValue("13912345678");
            assertThat(page.locator("#wo-call")).not().containsText("13912345678");
            page.fill("#wo-employer", XSS_EMPLOYER);
            page.fill("#wo-description", XSS_DESCRIPTION);
            Chromium.screenshot(page, "work-orders-create");

            page.click("#wo-submit");

            assertThat(page.locator("#wo-create-status")).containsText("已创建工单 GD20250926");
            assertThat(page.locator("#wo-create-status")).containsText("办结期限 2025-10-13");
            orderId = page.locator("#wo-create-status").getAttribute("data-order");
            page.click("#wo-tab-orders");
            assertThat(page.locator("#wo-list tr[data-id='" + orderId + "']")).containsText("2025-10-13");
            page.click("#wo-list tr[data-id='" + orderId + "'] button");
            assertThat(page.locator("#wo-detail-title")).containsText(orderId);
            assertThat(page.locator("#wo-detail")).containsText(XSS_EMPLOYER);
            assertThat(page.locator("#wo-detail")).containsText(XSS_DESCRIPTION);
            assertThat(page.locator("#wo-detail img")).hasCount(0);
            assertThat(page.locator("#wo-history")).containsText("创建");
            // the order kept the number: shown masked like everywhere else
            assertThat(page.locator("#wo-detail")).containsText("139****5678");
            assertThat(page.locator("#wo-detail")).not().containsText("13912345678");

            // the agent starts work and replies with markup of his own: it stays text
            page.click("#wo-detail button[data-action='start']");
            page.click("#wo-action-form button");
            assertThat(page.locator("#wo-detail-title")).containsText("处理中");
            page.click("#wo-detail button[data-action='reply']");
            page.fill("#wo-action-form textarea", XSS_REPLY);
            page.click("#wo-action-form button");
            assertThat(page.locator("#wo-detail-title")).containsText("已答复");
            assertThat(page.locator("#wo-detail")).containsText(XSS_REPLY);
            assertThat(page.locator("#wo-detail img, #wo-detail a[href]")).hasCount(0);
            Chromium.screenshot(page, "work-orders-mine");
            noScriptRan(page);
        }
        assertThat(dialogs).isEmpty();
    }

    @Test
    @Order(2)
    void aManagerReassignsTheOrderAndTheHistorySaysWhoAndWhen() {
        assertThat(orderId).as("made by the first test").isNotNull();
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/agent/work-orders");
            page.selectOption("#wo-scope", "all");
            page.click("#wo-list tr[data-id='" + orderId + "'] button");
            assertThat(page.locator("#wo-detail-title")).containsText("已答复");
            assertThat(page.locator("#wo-detail button[data-action='reassign']")).hasCount(0); // not from 已答复
            page.click("#wo-detail button[data-action='reopen']");
            page.fill("#wo-action-form input[name='reason']", "来电人不认可答复");
            page.click("#wo-action-form button");
            assertThat(page.locator("#wo-detail-title")).containsText("处理中");

            page.click("#wo-detail button[data-action='reassign']");
            page.fill("#wo-action-form input[name='assignee']", "agent2");
            page.fill("#wo-action-form input[name='reason']", "转劳动保障监察专员");
            page.click("#wo-action-form button");

            assertThat(page.locator("#wo-history")).containsText("改派");
            assertThat(page.locator("#wo-history")).containsText("→ agent2");
            assertThat(page.locator("#wo-history")).containsText("重办");
            assertThat(page.locator("#wo-list tr[data-id='" + orderId + "']")).containsText("agent2");
            noScriptRan(page);
            Chromium.screenshot(page, "work-orders-manager");
        }
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent2", "/agent/work-orders");
            assertThat(page.locator("#wo-list tr[data-id='" + orderId + "']")).containsText("已分派");
            // the desktop hands on a DeskPush notice as a desk-notice event: it shows, and opens the order
            page.evaluate("document.dispatchEvent(new CustomEvent('desk-notice', {detail: {kind: 'work_order_due',"
                    + " body: {id: '" + orderId + "', state: 'overdue', typeName: '欠薪投诉', due: '2025-10-13'}}}))");
            assertThat(page.locator("#wo-notices")).containsText("已超期：" + orderId + " 欠薪投诉，期限 2025-10-13");
            page.click("#wo-notices button");
            assertThat(page.locator("#wo-detail-title")).containsText(orderId);
        }
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent", "/agent/work-orders");
            assertThat(page.locator("#wo-list-status")).containsText("没有工单");
        }
    }

    @Test
    @Order(3)
    void twoAgentsClaimOneCallbackTaskAtOnceAndOnlyOneWins() throws Exception {
        CallRecord call = harness.record(harness.dial(NodeHarness.caller("0", "2", "1").build(),
                NodeHarness.agents(QueueBehaviour.nobodyAnswers())));
        assertThat(call.outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
        String task = "cb-" + call.callId().replace('/', '~');

        try (BrowserContext one = chromium.context(); BrowserContext two = chromium.context()) {
            Page first = signIn(one, "agent", "/agent/work-orders");
            Page second = signIn(two, "agent2", "/agent/work-orders");
            for (Page p : List.of(first, second)) {
                p.click("#wo-tab-tasks");
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    p.click(".wo-tasks .wo-head button");
                    return p.locator("button[data-claim='" + task + "']").count() == 1;
                });
            }
            // both clicks are in flight before either answer arrives
            String click = "document.querySelector(\"button[data-claim='" + task + "']\").click()";
            first.evaluate(click);
            second.evaluate(click);

            assertThat(first.locator("#task-status")).containsText(Pattern.compile("已领取|未能领取"));
            assertThat(second.locator("#task-status")).containsText(Pattern.compile("已领取|未能领取"));
            List<String> said = List.of(first.locator("#task-status").textContent(),
                    second.locator("#task-status").textContent());
            assertThat(said).filteredOn(s -> s.startsWith("已领取")).hasSize(1);
            assertThat(said).filteredOn(s -> s.startsWith("未能领取")).hasSize(1);
            Page winner = said.get(0).startsWith("已领取") ? first : second;
            Page loser = winner == first ? second : first;
            assertThat(loser.locator("li[data-id='" + task + "']")).containsText("已被");
            assertThat(winner.locator("#task-detail")).containsText("已尝试0 次");
            Chromium.screenshot(winner, "work-orders-task-claimed");

            winner.click("#task-detail button[data-result='no_answer']");
            assertThat(winner.locator("#task-said")).containsText("已放回任务池，已尝试 1 次");
            loser.click(".wo-tasks .wo-head button");
            assertThat(loser.locator("li[data-id='" + task + "']")).containsText("已尝试 1 次");
            loser.click("button[data-claim='" + task + "']");
            loser.click("#task-detail button[data-result='resolved']");
            assertThat(loser.locator("#task-said")).containsText("任务已关闭（已解决）");
            assertThat(loser.locator("li[data-id='" + task + "']")).hasCount(0);
        }
    }

    @Test
    @Order(4)
    void theWorkOrderReportCountsWhatThePanelsMade() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/agent/work-orders");
            assertThat(page.locator("#who")).containsText("manager");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode report = JSON.readTree(String.valueOf(page.evaluate(
                        "fetch('/api/stats/work-orders?from=2025-09-26&to=2025-09-26&interval=day').then(r => r.text())")));
                String text = report.toString();
                assertThat(text).contains("\"created\":1").contains("\"tasks_created\":1").contains("\"tasks_closed\":1")
                        .contains("\"reopened\":1");
            });
        }
    }

    @Test
    @Order(5)
    void whileRedisIsDownTheDraftStaysInTheTabAndIsRetriedWithTheSameKeyOnce() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent", "/agent/work-orders");
            page.click("#wo-tab-create");
            assertThat(page.locator("#wo-due")).containsText("办结期限：");
            page.selectOption("#wo-type", "card_problem");
            page.fill("#wo-employer", "停机测试单位");
            page.fill("#wo-description", "社保卡无法激活");

            harness.node.redis().embedded().stop();
            try {
                page.click("#wo-submit");
                assertThat(page.locator("#wo-create-status")).containsText("数据服务不可用，草稿已保留");
                String draft = String.valueOf(page.evaluate("sessionStorage.getItem('hotline.workOrderDraft')"));
                assertThat(draft).contains("idempotencyKey").contains("停机测试单位")
                        .doesNotContainIgnoringCase("session").doesNotContainIgnoringCase("token");
                assertThat(page.context().cookies()).allSatisfy(c -> assertThat(draft).doesNotContain(c.value));
            } finally {
                harness.node.redis().embedded().restart();
            }

            // the embedded Redis comes back empty, sessions and all: the retry is sent to the login, the draft stays
            assertThat(page).hasURL(Pattern.compile(".*/login\\?next=.*"),
                    new com.microsoft.playwright.assertions.PageAssertions.HasURLOptions().setTimeout(30_000));
            page.fill("#user", "agent");
            page.fill("#password", "agent-12333");
            page.click("#login-button");
            assertThat(page.locator("#wo-create-status")).containsText("已创建工单",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.evaluate("sessionStorage.getItem('hotline.workOrderDraft')")).isNull();
            Object made = page.evaluate("fetch('/api/work-orders?mine=true').then(r => r.json())"
                    + ".then(b => b.orders.filter(o => o.employer === '停机测试单位').length)");
            assertThat(((Number) made).intValue()).isEqualTo(1);
        }
    }
}
