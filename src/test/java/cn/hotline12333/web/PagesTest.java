package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages and the cookie login behind them: cookie flags, CSRF, Origin, redirects, static files. */
class PagesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        server = TestWeb.start(REDIS.redis(), List.of(
                new Route("POST", "/api/change", Role.AGENT, r -> ApiResponse.ok(Map.of("changed", true)))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> pageLogin() throws Exception {
        return send(request("/api/login").POST(HttpRequest.BodyPublishers.ofString(
                "{\"user\":\"agent\",\"password\":\"agent-12333\",\"cookie\":true}")));
    }

    private static String cookieOf(HttpResponse<String> login) {
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrfOf(HttpResponse<String> login) {
        String body = login.body();
        int i = body.indexOf("\"csrf\":\"") + 8;
        return body.substring(i, body.indexOf('"', i));
    }

    @Test
    void aPageLoginPutsTheSessionInAnHttpOnlySameSiteCookieAndNotInTheBody() throws Exception {
        HttpResponse<String> login = pageLogin();

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("hotline_session=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(login.body()).doesNotContain("\"token\"").contains("\"csrf\"");
        HttpResponse<String> me = send(request("/api/me").header("Cookie", cookieOf(login)));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"user\":\"agent\"").contains("\"csrf\":\"" + csrfOf(login) + "\"");
    }

    @Test
    void aCookieSignedChangeNeedsTheCsrfTokenAndOurOwnOrigin() throws Exception {
        HttpResponse<String> login = pageLogin();
        String cookie = cookieOf(login);
        HttpRequest.Builder change = request("/api/change").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody());

        assertThat(send(change).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/change").header("Cookie", cookie).header("X-CSRF-Token", "forged")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/change").header("Cookie", cookie).header("X-CSRF-Token", csrfOf(login))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = send(request("/api/me").header("Cookie", cookie)
                .header("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("another site");
    }

    @Test
    void aBearerTokenNeedsNoCsrfTokenBecauseNoBrowserSendsItByItself() throws Exception {
        HttpResponse<String> login = send(request("/api/login").POST(HttpRequest.BodyPublishers.ofString(
                "{\"user\":\"agent\",\"password\":\"agent-12333\"}")));
        String body = login.body();
        String token = body.substring(body.indexOf("\"token\":\"") + 9, body.indexOf('"', body.indexOf("\"token\":\"") + 9));

        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send(request("/api/change").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutByCookieRevokesTheSessionAndClearsTheCookie() throws Exception {
        HttpResponse<String> login = pageLogin();
        String cookie = cookieOf(login);

        HttpResponse<String> logout = send(request("/api/logout").header("Cookie", cookie)
                .header("X-CSRF-Token", csrfOf(login)).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send(request("/api/me").header("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousVisitorsOfAPageAreSentToTheLoginPage() throws Exception {
        HttpResponse<String> kb = send(request("/kb"));

        assertThat(kb.statusCode()).isEqualTo(302);
        assertThat(kb.headers().firstValue("Location")).hasValue("/login?next=%2Fkb");
        assertThat(send(request("/")).headers().firstValue("Location")).hasValue("/login");
        // a shared report link keeps its dates through the login
        assertThat(send(request("/manager/reports?report=queues&from=2026-11-23")).headers().firstValue("Location"))
                .hasValue("/login?next=%2Fmanager%2Freports%3Freport%3Dqueues%26from%3D2026-11-23");
        HttpResponse<String> loginPage = send(request("/login"));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("<form id=\"login-form\"");
        assertThat(loginPage.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
    }

    @Test
    void aSignedInAgentGetsThePageAndTheHomeRedirectLeadsThere() throws Exception {
        String cookie = cookieOf(pageLogin());

        HttpResponse<String> kb = send(request("/kb").header("Cookie", cookie));

        assertThat(kb.statusCode()).isEqualTo(200);
        assertThat(kb.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(kb.body()).contains("/assets/kb.js");
        assertThat(send(request("/").header("Cookie", cookie)).headers().firstValue("Location")).hasValue("/kb");
        assertThat(send(request("/kb").header("Cookie", "hotline_session=unknown")).statusCode()).isEqualTo(302);
    }

    @Test
    void staticFilesAreServedByNameOnlyAndNothingElseLeaksOut() throws Exception {
        HttpResponse<String> css = send(request("/assets/hotline.css"));
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(send(request("/assets/kb.js")).headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(send(request("/assets/..%2F..%2Flogback.xml")).statusCode()).isEqualTo(404);
        assertThat(send(request("/assets/../logback.xml")).statusCode()).isIn(404, 400);
        assertThat(send(request("/assets/nothing.js")).statusCode()).isEqualTo(404);
        assertThat(send(request("/no-such-page")).statusCode()).isEqualTo(404);
        assertThat(send(request("/kb").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(405);
    }

    @Test
    void noBrowserCredentialActsForAnotherSiteAndNoOtherSiteSignsAnyoneIn() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("agent:agent-12333".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(send(request("/api/change").header("Authorization", basic).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/login").header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers
                .ofString("{\"user\":\"agent\",\"password\":\"agent-12333\",\"cookie\":true}"))).statusCode())
                .isEqualTo(403);
        assertThat(send(request("/api/change").header("Authorization", basic).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);
        assertThat(send(request("/api/me")).headers().firstValue("WWW-Authenticate").orElseThrow())
                .doesNotContain("Basic");
    }
}
