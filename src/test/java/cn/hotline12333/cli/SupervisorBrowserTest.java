package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.sim.AmiCaller;
import cn.hotline12333.sim.AmiChannel;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.web.Audit;
import cn.hotline12333.web.Chromium;
import cn.hotline12333.web.DeskPush;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A team leader in a real headless Chromium watches agents whose state the AMI emulator drives, forces one not
 * ready through the dialog (audited), sends a broadcast; typed text and a hostile pause reason stay text; an
 * agent is turned away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorBrowserTest {
    /** A pause reason that would run script if any page inserted it as HTML; its 1 s limit turns it red fast. */
    static final String HOSTILE_REASON = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_TEXT = "<script>alert('x')</script><img src=x onerror=alert(2)> 10点班前会";

    @TempDir
    static Path journal;
    static AmiEmulator box;
    static NodeHarness harness;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        box = AmiEmulator.start(AmiSettings.defaults()
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting")));
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of("AMI_HOST", "127.0.0.1",
                "AMI_PORT", Integer.toString(box.port()), "AMI_USER", "desk", "AMI_SECRET", "desk-secret",
                "AGENT_QUEUES", "hotline-general,hotline-pension", "AGENT_HEARTBEAT_LIMIT", "0s",
                "AGENT_PAUSE_REASONS", "休息:15m,会议:2h," + HOSTILE_REASON + ":1s"));
        chromium = new Chromium();
        AgentDesk desk = harness.node.agentDesk();
        for (String agent : List.of("1001", "1002", "1003")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                desk.login(agent, "6" + agent.substring(1), "tab-" + agent, "test", false).join();
                return state(agent) == AgentState.NOT_READY;
            });
        }
        desk.ready("1001").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.READY);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        harness.close();
        box.close();
    }

    static AgentState state(String agent) {
        return harness.node.agentDesk().snapshot(agent).join().state();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + harness.node.webPort() + path;
    }

    private static Page signIn(BrowserContext context, String user, String next) {
        Page page = context.newPage();
        page.navigate(url(next));
        page.fill("#user", user);
        page.fill("#password", user + "-12333");
        page.click("#login-button");
        return page;
    }

    private static Locator card(Page page, String agent) {
        return page.locator(".sv-card[data-agent='" + agent + "']");
    }

    @Test
    @Order(1)
    void theGridFollowsAmiAndAForcedPauseIsAuditedAndABroadcastGoesOut() throws IOException {
        List<String> scripts = new CopyOnWriteArrayList<>();
        List<DeskPush.Notice> notices = new CopyOnWriteArrayList<>();
        // the agent's own frames are relayed on the same channel (kind "frame"); only the notices count here
        harness.node.deskPush().subscribe("1001", n -> {
            if (!n.kind().equals("frame")) {
                notices.add(n);
            }
        });
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/supervisor");
            page.onDialog(d -> {
                scripts.add(d.message());
                d.dismiss();
            });
            assertThat(page).hasURL(Pattern.compile(".*/supervisor$"));
            assertThat(card(page, "1001").locator(".state")).hasText("空闲");
            assertThat(card(page, "1002").locator(".state")).hasText("示忙");
            assertThat(card(page, "1002").locator(".reason")).hasText("原因：未就绪");
            String shown = card(page, "1002").locator(".timer").textContent();
            assertThat(card(page, "1002").locator(".timer")).not().hasText(shown);

            AmiChannel caller = AmiChannel.caller("PJSIP/trunk-00000001", "13800000000", "hotline", "12333", 1,
                    "1795400100.1", "1795400100.1");
            AmiCaller call = box.callerJoins("hotline-general", caller).ring("PJSIP/6001",
                    AmiChannel.memberLeg("PJSIP/6001-00000002", "13800000000", "agents", "6001", "1795400100.2",
                            "1795400100.1"));
            assertThat(card(page, "1001").locator(".state")).hasText("振铃");
            call.connect("PJSIP/6001");
            assertThat(card(page, "1001").locator(".state")).hasText("通话");

            card(page, "1002").locator("button[data-action=not_ready]").click();
            page.selectOption("#force-pause", "会议");
            page.fill("#force-reason", "班组会 <b>现在</b>");
            page.click("#force-confirm");
            assertThat(page.locator("#force-dialog")).isHidden();
            assertThat(card(page, "1002").locator(".reason")).hasText("原因：会议");
            List<StreamEntry> audit = harness.node.redis().jedis().xrange(Audit.STREAM, (StreamEntryID) null, null);
            assertThat(audit).anySatisfy(e -> assertThat(e.getFields()).containsEntry("who", "manager")
                    .containsEntry("action", "agent_force").containsEntry("subject", "1002")
                    .containsEntry("pauseReason", "会议").containsEntry("reason", "班组会 <b>现在</b>"));

            card(page, "1001").locator("button[data-action=logout]").click();
            page.fill("#force-reason", "下班");
            page.click("#force-confirm");
            assertThat(card(page, "1001").locator(".pending")).hasText("话后签出");
            assertThat(card(page, "1001").locator(".state")).hasText("通话");

            page.fill("#broadcast-text", HOSTILE_TEXT);
            page.click("#broadcast-send");
            assertThat(page.locator("#broadcast-sent li").first()).containsText(HOSTILE_TEXT);
            await().atMost(Duration.ofSeconds(5)).until(() -> !notices.isEmpty());
            assertThat(notices.get(0).kind()).isEqualTo("broadcast");
            assertThat(notices.get(0).body().get("text").asText()).isEqualTo(HOSTILE_TEXT);

            page.selectOption("#filter-state", "not_ready");
            assertThat(page.locator(".sv-card")).hasCount(2);
            page.selectOption("#filter-state", "");
            assertThat(page.locator(".sv-card")).hasCount(3);
            Chromium.screenshot(page, "supervisor-1366x768");
            call.complete("agent");
            assertThat(scripts).isEmpty();
            assertThat(page.locator("img")).hasCount(0);
        }
    }

    @Test
    @Order(2)
    void aHostilePauseReasonRendersAsTextAndTurnsRedPastTwiceItsLimit() throws IOException {
        List<String> scripts = new CopyOnWriteArrayList<>();
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/supervisor");
            page.onDialog(d -> {
                scripts.add(d.message());
                d.dismiss();
            });
            card(page, "1003").locator("button[data-action=not_ready]").click();
            page.selectOption("#force-pause", HOSTILE_REASON);
            page.fill("#force-reason", "测试");
            page.click("#force-confirm");

            assertThat(card(page, "1003").locator(".reason")).hasText("原因：" + HOSTILE_REASON);
            assertThat(card(page, "1003")).hasClass(Pattern.compile("\\bred\\b"));
            assertThat(page.locator("img")).hasCount(0);
            assertThat(scripts).isEmpty();
            Chromium.screenshot(page, "supervisor-grid");
            page.setViewportSize(1920, 1080);
            Chromium.screenshot(page, "supervisor-1920x1080");
        }
    }

    @Test
    @Order(3)
    void anAgentGetsTheForbiddenPageAndNoLinkToIt() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent", "/kb");
            assertThat(page).hasURL(Pattern.compile(".*/kb$"));
            assertThat(page.locator("a[href='/supervisor']")).hasCount(0);

            page.navigate(url("/supervisor"));

            assertThat(page.locator("h1")).hasText("403");
        }
    }

    /**
     * Status 4 (AST_DEVICE_INVALID: the interface names no device) is never offered a call by app_queue, like 5: the
     * card says 话机离线 and the counts put the agent there, not under its pause.
     */
    @Test
    @Order(4)
    void anAgentWhosePhoneIsInvalidIsCountedPhoneOfflineNotByItsState() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/supervisor");
            assertThat(card(page, "1002").locator(".state")).hasText("示忙");
            box.deviceState("PJSIP/6002", "INVALID");
            assertThat(card(page, "1002").locator(".flag")).containsText("话机离线");
            assertThat(page.locator("#counts")).containsText("话机离线 1");
            assertThat(page.locator("#counts")).containsText("示忙 1 ·");
            box.deviceState("PJSIP/6002", "NOT_INUSE");
            assertThat(page.locator("#counts")).not().containsText("话机离线");
        }
    }
}
