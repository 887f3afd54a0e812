package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.hotline12333.kb.KbSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KbRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedRedis embedded;
    private static Redis redis;
    private static Users users;
    private static KnowledgeBase kb;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private WebServer server;
    private KbRoutes routes;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        embedded = EmbeddedRedis.start();
        redis = Redis.connect(embedded.url());
        String hash = BCrypt.withDefaults().hashToString(4, "pw-12333".toCharArray());
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n"
                + "  - {name: agent, password_hash: '" + hash + "', role: agent}\n"
                + "  - {name: shanghai, password_hash: '" + hash + "', role: agent, region: 上海市}\n"
                + "  - {name: editor, password_hash: '" + hash + "', role: manager}\n");
        users = Users.load(file);
        kb = KnowledgeBase.open(Path.of("knowledge-base"), KbSettings.defaults().withWatch(false));
    }

    @AfterAll
    static void stop() {
        kb.close();
        redis.close();
        embedded.close();
    }

    @BeforeEach
    void startServer() {
        redis.jedis().flushAll();
        serve(new KbRoutes(kb, new SearchAnalytics(redis, java.time.Clock.systemUTC(), Duration.ofMinutes(10))));
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    private void serve(KbRoutes kbRoutes) {
        WebSettings d = WebSettings.defaults();
        WebSettings s = new WebSettings("127.0.0.1", 0, 4096, d.idleTimeout(), 2, 50, Duration.ofMinutes(5), 50,
                Duration.ofMinutes(15));
        Login login = new Login(users, new Sessions(redis, s.sessionTtl()), new LoginThrottle(redis, 50, s.loginWindow()));
        routes = kbRoutes;
        server = new WebServer(s, login, routes.routes());
        server.start();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        server.close();
        // a search's analytics are written after its answer, on a thread of their own: let this test's finish before
        // the next test flushes Redis, or they land in its counts (seen once: 5 searches counted for 3)
        routes.analyticsWriter.shutdown();
        assertThat(routes.analyticsWriter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    private HttpResponse<String> get(String user, String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":pw-12333")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> search(String user, String query) throws Exception {
        return get(user, "/api/kb/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    /**
     * Tasks waiting for {@code release} submitted to {@code pool} until it refuses one (at most 100,000, so an unbounded
     * pool fails the caller's count instead of hanging); how many it took.
     */
    private static int occupy(ThreadPoolExecutor pool, CountDownLatch release) {
        int taken = 0;
        try {
            while (taken < 100_000) {
                pool.execute(() -> awaitRelease(release));
                taken++;
            }
        } catch (RejectedExecutionException full) {
            // full
        }
        return taken;
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void searchAnswersHitsWithSnippetsForASignedInAgent() throws Exception {
        HttpResponse<String> r = search("agent", "社保卡丟了怎麼掛失");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("total").asLong()).isPositive();
        JsonNode hit = body.get("hits").get(0);
        assertThat(hit.get("id").asText()).isEqualTo("card-0003");
        assertThat(hit.get("category").asText()).isEqualTo("card");
        assertThat(hit.get("categoryName").asText()).isEqualTo("社会保障卡");
        assertThat(hit.get("snippet").asText()).contains("<em>挂失</em>");
        assertThat(hit.get("score").isNumber()).isTrue();
        assertThat(body.get("tookMs").isNumber()).isTrue();
        assertThat(search(null, "社保卡").statusCode()).isEqualTo(401);
    }

    @Test
    void aFullSearchQueueAnswers503WithRetryAfterAndSearchesAreAnsweredAgainOnceItDrains() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // every search thread busy and every place in the queue taken
        int taken = occupy(routes.searches, release);
        try {
            assertThat(taken).isEqualTo(KbRoutes.SEARCH_THREADS + KbRoutes.SEARCH_QUEUE);
            HttpResponse<String> busy = search("agent", "社保卡挂失");
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.body()).contains("knowledge base busy");
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("event=kb_search_rejected"));
        } finally {
            release.countDown();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> again = search("agent", "社保卡挂失");
        while (again.statusCode() == 503 && System.nanoTime() < until) {
            Thread.sleep(50);
            again = search("agent", "社保卡挂失");
        }
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("hits").size()).isPositive();
    }

    @Test
    void aSearchStillWaitingForAThreadWhenItsRequestWasAnswered503IsNotComputedAfterwards() throws Exception {
        server.close();
        serve(new KbRoutes(kb, null, true, Duration.ofMillis(300)));
        CountDownLatch release = new CountDownLatch(1);
        // every search thread busy, the queue empty: the search waits for a thread past its answer's time
        for (int i = 0; i < KbRoutes.SEARCH_THREADS; i++) {
            routes.searches.execute(() -> awaitRelease(release));
        }
        try {
            HttpResponse<String> late = search("agent", "养老金怎么领取");
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.body()).contains("took too long");
        } finally {
            release.countDown();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((routes.searches.getActiveCount() > 0 || !routes.searches.getQueue().isEmpty())
                && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        // had the abandoned search run, its answer would be the recent searches' now
        HttpResponse<String> asked = search("agent", "养老金怎么领取");
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(timings(asked)).contains("kb-lexical").doesNotContain("kb-cached");
    }

    @Test
    void aFullAnalyticsQueueDropsTheRecordLoggedButTheSearchIsStillAnsweredAndTheReportIs503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // the writer busy and its queue full
        int taken = occupy(routes.analyticsWriter, release);
        try {
            assertThat(taken).isEqualTo(1 + KbRoutes.ANALYTICS_QUEUE);
            HttpResponse<String> r = search("agent", "失业金怎么领");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("hits").size()).isPositive();
            assertThat(get("agent", "/api/kb/articles/card-0003").statusCode()).isEqualTo(200);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("event=kb_analytics_dropped what=search"))
                    .anyMatch(m -> m.contains("event=kb_analytics_dropped what=open"));
            HttpResponse<String> report = get("editor", "/api/kb/analytics?days=7");
            assertThat(report.statusCode()).isEqualTo(503);
            assertThat(report.body()).contains("search analytics busy");
        } finally {
            release.countDown();
        }
        // the dropped search is not counted; one recorded after the queue drained is
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (routes.analyticsWriter.getQueue().remainingCapacity() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        search("agent", "社保卡丢了");
        HttpResponse<String> report = get("editor", "/api/kb/analytics?days=7");
        while (report.statusCode() == 503 && System.nanoTime() < until) {
            Thread.sleep(50);
            report = get("editor", "/api/kb/analytics?days=7");
        }
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(json(report).get("topQueries").findValuesAsText("query")).containsExactly("社保卡丢了");
    }

    @Test
    void theSameSearchAgainIsAnsweredFromTheRecentSearchesAndServerTimingSaysWhereTheTimeWent() throws Exception {
        HttpResponse<String> first = search("agent", "失业金怎么申请");
        HttpResponse<String> again = search("agent", "失业金怎么申请");
        assertThat(json(again).get("hits")).isEqualTo(json(first).get("hits"));
        List<String> computed = timings(first);
        assertThat(computed).contains("queue", "total", "kb-queue", "kb", "kb-cpu", "kb-analysis", "kb-lexical",
                "kb-page").doesNotContain("kb-cached");
        assertThat(timings(again)).contains("kb-queue", "kb", "kb-cached").doesNotContain("kb-lexical");
        // another page of the same question is searched, not kept
        assertThat(timings(get("agent", "/api/kb/search?offset=1&q=" + URLEncoder.encode("失业金怎么申请",
                StandardCharsets.UTF_8)))).doesNotContain("kb-cached");
    }

    private static List<String> timings(HttpResponse<String> r) {
        String header = r.headers().firstValue("Server-Timing").orElse("");
        return java.util.Arrays.stream(header.split(",")).map(e -> e.strip().split(";")[0]).toList();
    }

    @Test
    void aQueryNoArticleAnswersIsNoMatchWithNoHits() throws Exception {
        JsonNode body = json(search("agent", "宠物狗怎么办狗证"));
        assertThat(body.get("noMatch").asBoolean()).isTrue();
        assertThat(body.get("hits")).isEmpty();
        assertThat(json(search("agent", "sbk 挂失")).get("noMatch").asBoolean()).isFalse();
        assertThat(json(search("agent", "sbk 挂失")).get("hits").get(0).get("id").asText()).isEqualTo("card-0003");
    }

    @Test
    void aQueryAboutAnotherAdministrationsMatterNamesWhereToReferTheCaller() throws Exception {
        JsonNode body = json(search("agent", "租的房子到期了房东扣着押金不还"));
        assertThat(body.get("noMatch").asBoolean()).isTrue();
        assertThat(body.get("hits")).isEmpty();
        assertThat(body.get("referral").get("topic").asText()).isEqualTo("tenancy");
        assertThat(body.get("referral").get("to").asText()).contains("12345");
        assertThat(json(search("agent", "社保卡丢了怎么挂失")).has("referral")).isFalse();
    }

    @Test
    void analyticsAreForManagersAndShowMaskedQueriesMissesAndUnopenedSearches() throws Exception {
        search("agent", "社保卡丢了");
        get("agent", "/api/kb/articles/card-0003");
        search("agent", "宠物狗怎么办狗证");
        search("agent", "110105195503080010 养老金");
        assertThat(get(null, "/api/kb/analytics").statusCode()).isEqualTo(401);
        assertThat(get("agent", "/api/kb/analytics").statusCode()).isEqualTo(403);
        assertThat(error(get("editor", "/api/kb/analytics?days=0"))).contains("parameter 'days'");
        HttpResponse<String> r = get("editor", "/api/kb/analytics?days=7");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("searches").asLong()).isEqualTo(3);
        assertThat(body.get("topQueries").findValuesAsText("query"))
                .containsExactlyInAnyOrder("社保卡丢了", "宠物狗怎么办狗证", "[身份证号] 养老金");
        assertThat(body.get("noMatch").findValuesAsText("query")).containsExactly("宠物狗怎么办狗证");
        assertThat(body.get("noArticleOpened").findValuesAsText("query")).doesNotContain("社保卡丢了")
                .contains("宠物狗怎么办狗证");
        assertThat(body.get("neverFound").size()).isGreaterThan(100);
        assertThat(body.get("neverFound").toString()).doesNotContain("\"card-0003\"");
        assertThat(r.body()).doesNotContain("110105195503080010");
    }

    @Test
    void theSignedInAgentsRegionRanksItsArticleFirstUnlessTheRequestSaysOtherwise() throws Exception {
        assertThat(json(search("agent", "社保卡丢了")).get("hits").get(0).get("id").asText()).isEqualTo("card-0003");
        assertThat(json(search("shanghai", "社保卡丢了")).get("hits").get(0).get("id").asText()).isEqualTo("card-0015");
        JsonNode asNational = json(get("shanghai", "/api/kb/search?region=national&q="
                + URLEncoder.encode("社保卡丢了", StandardCharsets.UTF_8)));
        assertThat(asNational.get("hits").get(0).get("id").asText()).isEqualTo("card-0003");
    }

    @Test
    void filtersAndPagingFollowTheParameters() throws Exception {
        String archive = URLEncoder.encode("档案", StandardCharsets.UTF_8);
        JsonNode all = json(get("agent", "/api/kb/search?category=personnel&q=" + archive));
        assertThat(all.get("hits").size()).isGreaterThan(3);
        assertThat(all.get("hits")).allSatisfy(h -> assertThat(h.get("category").asText()).isEqualTo("personnel"));
        JsonNode page = json(get("agent", "/api/kb/search?category=personnel&limit=2&offset=1&q=" + archive));
        assertThat(page.get("hits").findValuesAsText("id"))
                .containsExactly(all.get("hits").get(1).get("id").asText(), all.get("hits").get(2).get("id").asText());
        String q = URLEncoder.encode("2020年阶段性减免企业社会保险费", StandardCharsets.UTF_8);
        assertThat(json(get("agent", "/api/kb/search?q=" + q)).get("hits").findValuesAsText("id")).doesNotContain("pension-0022");
        assertThat(json(get("agent", "/api/kb/search?expired=true&q=" + q)).get("hits").get(0).get("id").asText())
                .isEqualTo("pension-0022");
    }

    @Test
    void badParametersAre400sNamingTheParameter() throws Exception {
        assertThat(error(get("agent", "/api/kb/search"))).contains("parameter 'q' is required");
        assertThat(error(get("agent", "/api/kb/search?q="))).contains("parameter 'q' is required");
        assertThat(error(get("agent", "/api/kb/search?q=%00"))).contains("parameter 'q' has no searchable text");
        assertThat(error(get("agent", "/api/kb/search?q=a&limit=0"))).contains("parameter 'limit'");
        assertThat(error(get("agent", "/api/kb/search?q=a&limit=abc"))).contains("parameter 'limit'");
        assertThat(error(get("agent", "/api/kb/search?q=a&offset=-1"))).contains("parameter 'offset'");
        assertThat(error(get("agent", "/api/kb/search?q=a&category=astrology"))).contains("parameter 'category' must be one of pension");
        assertThat(error(get("agent", "/api/kb/search?q=a&expired=maybe"))).contains("parameter 'expired'");
        assertThat(error(get("agent", "/api/kb/search?q=a&region=%3Cscript%3E"))).contains("parameter 'region'");
        assertThat(error(get("agent", "/api/kb/suggest"))).contains("parameter 'q' is required");
        assertThat(error(get("agent", "/api/kb/articles/CARD-0001"))).contains("parameter 'id'");
        assertThat(error(get("agent", "/api/kb/articles/card%200001"))).contains("parameter 'id'");
        assertThat(get("agent", "/api/kb/articles/..%2F..%2Fetc").statusCode()).isEqualTo(404);
    }

    private static String error(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return json(r).get("error").asText();
    }

    @Test
    void hostileQueriesGet200Or400AndNeverAnErrorLogLine() throws Exception {
        List<String> hostile = List.of("title:(a OR b", "*", "\"", "\"社保卡", "+-&&||!(){}[]^~*?:\\/", "社保卡\u0000丢了",
                "🙂", "社保卡🙂丢了", "\u202e\u200b", "<script>alert(1)</script>", "社".repeat(400), "a".repeat(10_000),
                "%00", "%", "\uFFFF", "吗");
        for (String q : hostile) {
            for (String path : List.of("/api/kb/search?q=", "/api/kb/suggest?q=")) {
                HttpResponse<String> r = get("agent", path + URLEncoder.encode(q, StandardCharsets.UTF_8));
                assertThat(r.statusCode()).as(path + q.substring(0, Math.min(20, q.length()))).isIn(200, 400);
                json(r);
            }
        }
        assertThat(get("agent", "/api/kb/search?q=%00%01").statusCode()).isEqualTo(400);
        HttpResponse<String> huge = get("agent", "/api/kb/search?q=" + URLEncoder.encode("社".repeat(10_000), StandardCharsets.UTF_8));
        assertThat(error(huge)).contains("parameter 'q'");
        assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).isEmpty();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("社保卡"));
    }

    @Test
    void articleComesWithFrontMatterAndHtml() throws Exception {
        HttpResponse<String> r = get("agent", "/api/kb/articles/card-0001");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = json(r);
        assertThat(a.get("title").asText()).isEqualTo("社会保障卡怎么申领");
        assertThat(a.get("tags")).isNotEmpty();
        assertThat(a.get("effective").asText()).isEqualTo("2024-01-01");
        assertThat(a.get("expires").isNull()).isTrue();
        assertThat(a.get("html").asText()).contains("<h2>谁可以办</h2>");
        HttpResponse<String> missing = get("agent", "/api/kb/articles/card-9999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("article card-9999 not found");
    }

    @Test
    void suggestCompletesPinyinInitialsAndChinese() throws Exception {
        JsonNode s = json(get("agent", "/api/kb/suggest?q=sbk"));
        assertThat(s.get("suggestions").get(0).get("text").asText()).isEqualTo("社保卡");
        JsonNode c = json(get("agent", "/api/kb/suggest?limit=3&q=" + URLEncoder.encode("挂失", StandardCharsets.UTF_8)));
        assertThat(c.get("suggestions")).hasSize(3).allSatisfy(x -> assertThat(x.get("text").asText()).contains("挂失"));
    }

    @Test
    void categoriesListEveryCategoryWithItsCount() throws Exception {
        JsonNode c = json(get("agent", "/api/kb/categories")).get("categories");
        assertThat(c).hasSize(13);
        assertThat(c.get(0).get("id").asText()).isEqualTo("pension");
        assertThat(c.get(0).get("name").asText()).isEqualTo("养老保险");
        assertThat(c.get(0).get("count").asInt()).isPositive();
    }
}
