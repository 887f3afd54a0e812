package cn.hotline12333.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.web.Chromium;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An agent signs in and searches the knowledge base in a real headless Chromium against a real node. */
class KbPageBrowserTest extends NodeInChromium {
    private Page signIn(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(url("/kb"));
        assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fkb$"));
        page.fill("#user", "agent");
        page.fill("#password", "agent-12333");
        page.click("#login-button");
        assertThat(page).hasURL(Pattern.compile(".*/kb$"));
        assertThat(page.locator("#who")).hasText("agent（坐席）");
        return page;
    }

    @Test
    void anAgentSignsInSearchesAndOpensAnArticle() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context);
            page.fill("#q", "失业金怎么领");
            page.keyboard().press("Enter");

            assertThat(page.locator("#results li").first()).isVisible();
            assertThat(page.locator("#status")).containsText("找到");
            assertThat(page.locator("#results li a").first()).containsText("失业");
            Chromium.screenshot(page, "kb-search");
            page.locator("#results li a").first().click();
            assertThat(page.locator("#article")).isVisible();
            assertThat(page.locator("#article-title")).containsText("失业");
            assertThat(page.locator("#article-sources li").first()).isVisible();
            Chromium.screenshot(page, "kb-article");
            page.keyboard().press("Escape");
            assertThat(page.locator("#article")).isHidden();
        }
    }

    @Test
    void aMatterOfAnotherAdministrationGetsNoArticleButWhomToCall() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context);
            page.fill("#q", "租的房子到期了房东扣着押金不还");
            page.keyboard().press("Enter");

            assertThat(page.locator("#status")).containsText("不属于12333受理范围");
            assertThat(page.locator("#status")).containsText("12345");
            assertThat(page.locator("#results li")).hasCount(0);
            Chromium.screenshot(page, "kb-referral");
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndNoScriptSeesIt() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context);

            Cookie session = context.cookies().stream().filter(c -> c.name.equals("hotline_session")).findFirst()
                    .orElseThrow();
            assertThat(session.httpOnly).isTrue();
            assertThat((String) page.evaluate("document.cookie")).doesNotContain("hotline_session");
            assertThat((String) page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"))
                    .isEqualTo("{}{}");
        }
    }

    @Test
    void typedMarkupIsShownAsTextAndNeverRuns() {
        try (BrowserContext context = chromium.context()) {
            Page page = signIn(context);
            page.fill("#q", "<img src=x onerror=\"window.hacked=1\">养老金<script>window.hacked=2</script>");
            page.keyboard().press("Enter");

            assertThat(page.locator("#status")).containsText("<img src=x onerror=");
            assertThat(page.locator("#status img, #results img, script:not([src])")).hasCount(0);
            assertThat(page.evaluate("typeof window.hacked")).isEqualTo("undefined");
        }
    }

    @Test
    void aWrongPasswordIsSaidOnThePage() {
        try (BrowserContext context = chromium.context()) {
            Page page = context.newPage();
            page.navigate(url("/login"));
            page.fill("#user", "agent");
            page.fill("#password", "wrong-password");
            page.click("#login-button");

            assertThat(page.locator("#login-error")).hasText("用户名或密码错误");
            Chromium.screenshot(page, "login-error");
        }
    }
}
