package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.TimeModel;
import cn.hotline12333.web.Chromium;
import cn.hotline12333.web.DeskPush;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent desktop in a real headless Chromium against a node with its embedded Redis, the AMI emulator and the
 * FastAGI emulator: a day's work of one agent, a second desktop, the phone system going away and back, and text
 * that tries to run as script.
 */
class AgentDeskBrowserTest {
    private static final LocatorAssertions.ContainsTextOptions VISIBLE_TEXT_SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(10_000);
    private static final LocatorAssertions.HasTextOptions SOON = new LocatorAssertions.HasTextOptions().setTimeout(10_000);
    private static final LocatorAssertions.IsVisibleOptions VISIBLE_SOON =
            new LocatorAssertions.IsVisibleOptions().setTimeout(10_000);
    @TempDir
    static Path journal;
    static AmiEmulator ami;
    static int amiPort;
    static NodeHarness harness;
    static Chromium chromium;
    static DemoCitizens.Citizen citizen;
    static final List<String> FRAMES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ami = AmiEmulator.start(amiSettings());
        amiPort = ami.port();
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of("AMI_HOST", "127.0.0.1",
                "AMI_PORT", String.valueOf(amiPort), "AMI_USER", "hotline", "AMI_SECRET", "hotline-secret"));
        chromium = new Chromium();
        citizen = DemoCitizens.asOf(Clock.fixed(OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant(),
                java.time.ZoneOffset.ofHours(8))).citizens().get(0);
    }

    private static AmiSettings amiSettings() {
        return AmiSettings.defaults().withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general")));
    }

    @AfterAll
    static void stop() {
        // no frame any desktop received carried a whole citizen ID or an unmasked mobile number
        assertThat(FRAMES).isNotEmpty();
        for (String frame : FRAMES) {
            assertThat(Pattern.compile("[0-9]{17}[0-9Xx]").matcher(frame).find()).as(frame).isFalse();
            assertThat(Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])").matcher(frame).find()).as(frame).isFalse();
        }
        if (chromium != null) {
            chromium.close();
        }
        harness.close();
        ami.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + harness.node.webPort() + path;
    }

    private static Page signIn(BrowserContext context) {
        Page page = context.newPage();
        page.onWebSocket(ws -> ws.onFrameReceived(f -> FRAMES.add(f.text())));
        page.navigate(url("/agent"));
        page.fill("#user", "agent");
        page.fill("#password", "agent-12333");
        page.click("#login-button");
        assertThat(page).hasURL(Pattern.compile(".*/agent$"));
        return page;
    }

    @Test
    void anAgentsCallFromReadyThroughPopKnowledgeBaseAndWrapUpToNotReady() throws Exception {
        try (BrowserContext context = chromium.context();
             AsteriskEmulator asterisk = new AsteriskEmulator(EmulatorSettings.defaults().withEventLoopThreads(1)
                     .withQueue("hotline-general", QueueBehaviour.agents(1, Duration.ofSeconds(2),
                             Duration.ofSeconds(8))), ami)) {
            Page page = signIn(context);
            assertThat(page.locator("#login-panel")).isVisible();
            page.fill("#extension", "6001");
            page.press("#extension", "Enter");
            // added to the queue paused: no call rings before Ready
            assertThat(page.locator("#state")).hasText("示忙", SOON);
            page.keyboard().press("Alt+r");
            assertThat(page.locator("#state")).hasText("就绪", SOON);

            CompletableFuture<EmulatedCall> call = asterisk.dial(new InetSocketAddress("127.0.0.1",
                    harness.node.agiPort()), NodeHarness.caller("1", "1", "1", citizen.id().value().replace('X', '*'),
                    citizen.pin(), "0", "4").timing(TimeModel.realistic().withDefaultPrompt(Duration.ofMillis(30))
                    .withKeyDelay(Duration.ofMillis(30)).withInterKeyDelay(Duration.ofMillis(5))).build());

            assertThat(page.locator("#pop")).isVisible(VISIBLE_SOON);
            assertThat(page.locator("#pop-path")).hasText("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
            assertThat(page.locator("#pop-id")).hasText(citizen.id().toString());
            assertThat(page.locator("#pop-id")).not().hasText(citizen.id().value());
            assertThat(page.locator("#pop-services")).hasText("养老金到账查询：成功");
            assertThat(page.locator("#pop-caller")).hasText("139****5678");
            assertThat(page.locator("#pop-waited")).hasText(Pattern.compile("^(\\d+:\\d\\d|—)$"));
            // the caller's history, asked for once the pop is drawn (the ring let this agent read it)
            assertThat(page.locator("#history tr").first()).isVisible(VISIBLE_SOON);
            assertThat(page.locator("#history")).not().containsText("暂不可用");
            // the knowledge base, searched for the call's topic
            assertThat(page.locator("#kb-q")).hasValue("养老保险");
            assertThat(page.locator("#kb-results li").first()).isVisible(VISIBLE_SOON);
            page.keyboard().press("/");
            page.keyboard().type(" 领取");
            page.keyboard().press("Enter");
            page.locator("#kb-results li a").first().click();
            assertThat(page.locator("#kb-article")).isVisible();
            assertThat(page.locator("#kb-title")).not().hasText("");
            assertThat(page.locator("#state")).hasText("通话中", SOON);
            Chromium.screenshot(page, "agent-desktop-1366x768");

            // the caller hangs up: the wrap-up and its countdown
            assertThat(page.locator("#wrapup")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
            assertThat(page.locator("#state")).hasText("话后小结");
            String first = page.locator("#wrapup-countdown").textContent();
            assertThat(first).matches("剩余 \\d:\\d\\d");
            assertThat(page.locator("#wrapup-countdown")).not().hasText(first);
            Chromium.screenshot(page, "agent-desktop-wrapup");
            page.fill("#wrapup-notes", "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> javascript:alert(1)");
            page.selectOption("#wrapup-resolution", "referred");
            page.keyboard().press("Control+Enter");
            assertThat(page.locator("#wrapup")).isHidden();
            assertThat(page.locator("#state")).hasText("就绪", SOON);
            // 需转办: the work-order panel beside it opens its form for this call, the notes as the description
            assertThat(page.locator("#wo-call")).containsText("来电", VISIBLE_TEXT_SOON);
            assertThat(page.locator("#wo-description")).hasValue(java.util.regex.Pattern.compile(".*javascript:alert\\(1\\)$"));

            page.selectOption("#reason", "用餐");
            page.keyboard().press("Alt+n");
            assertThat(page.locator("#state")).hasText("示忙", SOON);
            assertThat(page.locator("#state-reason")).hasText("（用餐）");
            assertThat(page.locator("#state-time")).hasText(Pattern.compile("0:0\\d"));
            assertThat(call.get(30, TimeUnit.SECONDS).end()).isNotEqualTo(EmulatedCall.End.FAILED);

            // a broadcast that tries to be HTML stays text, and nothing ran
            String payload = "<img src=x onerror=\"window.__xss=3\"><script>window.__xss=4</script><a href=\"javascript:window.__xss=5\">点</a>";
            harness.node.deskPush().publish(DeskPush.EVERYONE, "broadcast", Map.of("text", payload, "from", "班长"));
            assertThat(page.locator("#broadcasts li").first()).hasText("📢 班长：" + payload, SOON);
            assertThat(page.locator("#broadcasts img, #broadcasts script, #broadcasts a")).hasCount(0);
            assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);

            // a second browser as the same agent is told where the first desktop is, and may take over
            try (BrowserContext other = chromium.context()) {
                Page second = signIn(other);
                assertThat(second.locator("#conflict")).isVisible(VISIBLE_SOON);
                assertThat(second.locator("#conflict-text")).containsText("已在其他位置登录");
                assertThat(second.locator("#conflict-text")).containsText("127.0.0.1");
                Chromium.screenshot(second, "agent-desktop-conflict");
                second.click("#conflict-take");
                assertThat(page.locator("#banner-session")).isVisible(VISIBLE_SOON);
                assertThat(second.locator("#state")).hasText("示忙", SOON);

                // the phone system goes away: the banner; it comes back without our members: the state is restored
                ami.close();
                assertThat(second.locator("#banner-phone")).isVisible(VISIBLE_SOON);
                Chromium.screenshot(second, "agent-desktop-phone-down");
                ami = AmiEmulator.start(amiSettings(), new InetSocketAddress("127.0.0.1", amiPort));
                assertThat(second.locator("#banner-phone")).isHidden(new LocatorAssertions.IsHiddenOptions()
                        .setTimeout(10_000));
                assertThat(second.locator("#state")).hasText("示忙", SOON);
                assertThat(second.locator("#state-reason")).hasText("（用餐）");
                // re-added from our intent, still paused with the agent's reason
                assertThat(ami.members("hotline-general")).containsEntry("PJSIP/6001", true);
                second.keyboard().press("Alt+l");
                assertThat(second.locator("#login-panel")).isVisible(VISIBLE_SOON);
            }
        }
    }

    /**
     * The pop's prefill and the agent's own question can be under way together, and the first asked may answer
     * last: its list must not replace the later one's. The page counts the search answers it has read (a script of
     * this test wrapping Response.json), so the test knows the held answer reached the page without sleeping.
     */
    @Test
    void aSearchAnsweredAfterALaterOneLeavesTheLaterOnesList() {
        try (BrowserContext context = chromium.context()) {
            context.addInitScript("""
                    (() => {
                      window.__kbAnswers = 0;
                      const json = Response.prototype.json;
                      Response.prototype.json = async function () {
                        const body = await json.call(this);
                        if (this.url.includes('/api/kb/search')) { window.__kbAnswers++; }
                        return body;
                      };
                    })()""");
            Page page = signIn(context);
            AtomicReference<Route> held = new AtomicReference<>();
            page.route("**/api/kb/search?*", route -> {
                if (URLDecoder.decode(route.request().url(), StandardCharsets.UTF_8).contains("失业金怎么申请")) {
                    held.set(route);
                } else {
                    route.resume();
                }
            });
            page.fill("#kb-q", "失业金怎么申请");
            page.press("#kb-q", "Enter");
            page.waitForCondition(() -> held.get() != null);
            // a search not yet answered says so
            assertThat(page.locator("#kb-status")).hasText("搜索中…");

            page.fill("#kb-q", "社保卡丢了怎么办");
            page.press("#kb-q", "Enter");
            assertThat(page.locator("#kb-status")).hasText(Pattern.compile("^“社保卡丢了怎么办”：\\d+ 篇$"), SOON);
            String listed = page.locator("#kb-results").innerText();
            assertThat(listed).isNotEmpty();

            held.get().resume();
            page.waitForFunction("() => window.__kbAnswers === 2");
            assertThat(page.locator("#kb-status")).hasText(Pattern.compile("^“社保卡丢了怎么办”："));
            assertThat(page.locator("#kb-results").innerText()).isEqualTo(listed);
            // the listed articles open
            page.locator("#kb-results li a").first().click();
            assertThat(page.locator("#kb-article")).isVisible();
            assertThat(page.locator("#kb-title")).hasText(page.locator("#kb-results li a").first().textContent());
        }
    }
}
