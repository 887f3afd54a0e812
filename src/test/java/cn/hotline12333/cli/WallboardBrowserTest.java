package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import cn.hotline12333.web.Chromium;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.UnifiedJedis;

/** A manager watches the wallboard in a real headless Chromium while the live keys change underneath. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallboardBrowserTest extends NodeInChromium {
    private static final LocatorAssertions.HasTextOptions WITHIN_A_SECOND =
            new LocatorAssertions.HasTextOptions().setTimeout(1000);
    private UnifiedJedis redis() {
        return harness.node.redis().jedis();
    }

    private Page signIn(BrowserContext context, String user, String next) {
        Page page = context.newPage();
        page.navigate(url(next));
        page.fill("#user", user);
        page.fill("#password", user + "-12333");
        page.click("#login-button");
        return page;
    }

    @Test
    @Order(1)
    void theFiguresFollowTheLiveKeysWithinASecondAndTheLongestWaitTicks() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/manager/wallboard");
            assertThat(page).hasURL(Pattern.compile(".*/manager/wallboard$"));
            assertThat(page.locator("#t-waiting")).hasText("0");

            redis().zadd("live:queue:hotline-pension", System.currentTimeMillis() - 30_000, "1795400000.1");
            redis().hset("live:agents", "Agent 1001",
                    "{\"state\":\"ready\",\"queues\":[\"hotline-pension\"],\"phone\":\"ok\"}");
            redis().publish("live", "queue");

            assertThat(page.locator("#t-waiting")).hasText("1", WITHIN_A_SECOND);
            assertThat(page.locator("#t-ready")).hasText("1", WITHIN_A_SECOND);
            assertThat(page.locator("#queues tr[data-queue='hotline-pension'] td").first()).hasText("1");
            String first = page.locator("#t-longest").textContent();
            assertThat(page.locator("#t-longest")).not().hasText(first);
            assertThat(page.locator("#t-longest")).hasText(Pattern.compile("^(3\\d秒|0:3\\d)$"));
            Chromium.screenshot(page, "wallboard-1366x768");
            page.setViewportSize(1920, 1080);
            Chromium.screenshot(page, "wallboard-1920x1080");

            redis().zrem("live:queue:hotline-pension", "1795400000.1");
            redis().publish("live", "queue");
            assertThat(page.locator("#t-waiting")).hasText("0", WITHIN_A_SECOND);
            assertThat(page.locator("#t-longest")).hasText("—");
        }
    }

    @Test
    @Order(2)
    void anAgentGetsTheForbiddenPageAndNoLinkToIt() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "agent", "/kb");
            assertThat(page).hasURL(Pattern.compile(".*/kb$"));
            assertThat(page.locator("a[href^='/manager']")).hasCount(0);

            page.navigate(url("/manager/wallboard"));

            assertThat(page.locator("h1")).hasText("403");
        }
    }

    @Test
    @Order(3)
    void theStaleBannerShowsWhileRedisIsDownAndClearsWhenItIsBack() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context, "manager", "/manager/wallboard");
            assertThat(page.locator("#t-ivr")).hasText("0");
            assertThat(page.locator("#stale")).isHidden();

            harness.node.redis().embedded().stop();
            try {
                assertThat(page.locator("#stale")).isVisible();
                assertThat(page.locator("#stale")).hasText(Pattern.compile("^数据暂停更新 since \\d\\d:\\d\\d:\\d\\d$"));
                assertThat(page.locator("#t-ivr")).hasText("0");
                Chromium.screenshot(page, "wallboard-stale");
            } finally {
                harness.node.redis().embedded().restart();
            }

            assertThat(page.locator("#stale")).isHidden();
        }
    }
}
