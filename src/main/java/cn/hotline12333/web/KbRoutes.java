package cn.hotline12333.web;

import cn.hotline12333.kb.Article;
import cn.hotline12333.kb.ArticlePage;
import cn.hotline12333.kb.Category;
import cn.hotline12333.kb.CategoryCount;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.kb.SearchHit;
import cn.hotline12333.kb.SearchRequest;
import cn.hotline12333.kb.SearchResult;
import cn.hotline12333.kb.Suggestion;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base over HTTP for agents: search, article pages, completions and category counts. Searches run
 * on a pool of their own ({@link #SEARCH_THREADS}) and answer from there ({@link ApiResponse#later}): a burst of
 * the desk's searches queues here instead of taking every web worker, whose other routes stay answered. Search
 * analytics (Redis) are written on one thread of their own, in order, after
 * the answer is on its way. Article pages, completions and counts run on the web workers (Route's contract),
 * where Lucene may block. Every parameter a client can get wrong is a 400 naming it; the query text is never
 * logged.
 */
public final class KbRoutes {
    static final int MAX_LIMIT = 50;
    static final int MAX_SUGGESTIONS = 20;
    private static final String CATEGORY_IDS = Arrays.stream(Category.values()).map(Category::id)
            .collect(Collectors.joining(", "));

    static final int MAX_DAYS = 92;
    static final int ANALYTICS_ROWS = 50;
    /**
     * Searches at once: four per core. A search waits for its query vector (embedded on the model's own pool), and
     * search costs are heavy-tailed (a rambling story costs ten short questions): with one thread per core a
     * short search queued behind two long ones, and `kb bench`'s paced HTTP p99 at 100,000 articles doubled
     * against the in-process figure (29 ms against 14, 2026-12-07); shared four ways per core it stays near it.
     */
    static final int SEARCH_THREADS = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    /** Searches waiting for a thread at most (several seconds of them); beyond that a 503 with Retry-After. */
    static final int SEARCH_QUEUE = 500;
    /** Analytics writes waiting at most; beyond that one is dropped and logged (the answers never wait for them). */
    static final int ANALYTICS_QUEUE = 10_000;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** Distinct searches kept, and for how long ({@link RecentSearches}). */
    static final int RECENT_SEARCHES = 512;
    static final Duration RECENT_FOR = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(KbRoutes.class);
    /** The searching thread's CPU time (HotSpot measures it for the current thread without a safepoint). */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final KnowledgeBase kb;
    private final SearchAnalytics analytics;
    private final RecentSearches recent;
    /** Package-private for the test that fills it. */
    final ThreadPoolExecutor searches;
    /**
     * One thread: a search's record comes before the article opened after it, and the report after both.
     * Package-private for the test that fills it.
     */
    final ThreadPoolExecutor analyticsWriter;
    /** {@link #ANSWER_WITHIN}, shorter in a test. */
    private final Duration answerWithin;

    /** Without search analytics (the analytics route answers 503) and without the cache: every search computed. */
    public KbRoutes(KnowledgeBase kb) {
        this(kb, null, false);
    }

    /** With search analytics and the cache of recent searches, as a node serves the desk. */
    public KbRoutes(KnowledgeBase kb, SearchAnalytics analytics) {
        this(kb, analytics, true);
    }

    KbRoutes(KnowledgeBase kb, SearchAnalytics analytics, boolean recentSearches) {
        this(kb, analytics, recentSearches, ANSWER_WITHIN);
    }

    KbRoutes(KnowledgeBase kb, SearchAnalytics analytics, boolean recentSearches, Duration answerWithin) {
        this.kb = kb;
        this.answerWithin = answerWithin;
        this.analytics = analytics;
        this.recent = recentSearches ? new RecentSearches(RECENT_SEARCHES, RECENT_FOR.toNanos(), System::nanoTime)
                : null;
        this.searches = pool("kb-search-", SEARCH_THREADS, SEARCH_QUEUE);
        this.analyticsWriter = pool("kb-analytics-", 1, ANALYTICS_QUEUE);
    }

    // Daemon threads that end when idle: the routes have no close of their own (a node and a test server alike).
    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads,
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/kb/search", Role.AGENT, this::search),
                new Route("GET", "/api/kb/articles/{id}", Role.AGENT, this::article),
                new Route("GET", "/api/kb/suggest", Role.AGENT, this::suggest),
                new Route("GET", "/api/kb/categories", Role.AGENT, r -> ApiResponse.ok(categories())),
                new Route("GET", "/api/kb/analytics", Role.MANAGER, this::analytics));
    }

    /**
     * Search analytics for editors: what agents looked for and did not find. Read on the analytics' own thread
     * (blocking Redis), after the searches and opens recorded before it.
     */
    private ApiResponse analytics(ApiRequest r) throws ApiError {
        int days = r.intParam("days", 7, 1, MAX_DAYS);
        if (analytics == null) {
            throw new ApiError(503, "search analytics are not kept on this node");
        }
        List<String> current = kb.currentArticleIds();
        CompletableFuture<SearchAnalytics.Report> report;
        try {
            report = CompletableFuture.supplyAsync(
                    () -> analytics.report(days, current, ANALYTICS_ROWS), analyticsWriter);
        } catch (RejectedExecutionException full) {
            throw new ApiError(503, "search analytics busy; try again", 1);
        }
        return ApiResponse.later(report, answerWithin, "search analytics took too long; try again",
                KbRoutes::analyticsBody);
    }

    private static ApiResponse analyticsBody(SearchAnalytics.Report report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", report.from().toString());
        body.put("to", report.to().toString());
        body.put("searches", report.searches());
        body.put("topQueries", counts(report.top()));
        body.put("noMatch", counts(report.noMatch()));
        body.put("weakMatch", counts(report.weak()));
        body.put("noArticleOpened", counts(report.unopened()));
        body.put("neverFound", report.neverFound());
        return ApiResponse.ok(body);
    }

    private static List<Map<String, Object>> counts(List<SearchAnalytics.Count> counts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SearchAnalytics.Count c : counts) {
            out.add(Map.of("query", c.query(), "count", c.count()));
        }
        return out;
    }

    /** Checked on the web worker; searched on the search pool, which answers. */
    private ApiResponse search(ApiRequest r) throws ApiError {
        SearchRequest request = new SearchRequest(query(r), category(r), region(r),
                r.intParam("limit", 10, 1, MAX_LIMIT), r.intParam("offset", 0, 0, SearchRequest.MAX_OFFSET),
                flag(r, "expired"));
        String user = r.user().name();
        long submitted = System.nanoTime();
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        try {
            searches.execute(() -> {
                if (System.nanoTime() - submitted >= answerWithin.toNanos()) {
                    // its request has had its 503 (ApiHandler's timer, started just after this was queued): under
                    // overload a search computed for nobody would only hold a thread longer; the answer stays
                    // uncompleted, so the timer's 503 is the only one written
                    return;
                }
                try {
                    answer.complete(searchNow(request, user, submitted));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            log.warn("event=kb_search_rejected reason=search_queue_full queue={}", SEARCH_QUEUE);
            throw new ApiError(503, "knowledge base busy; try again in 1 s", 1);
        }
        return ApiResponse.later(answer, answerWithin, "knowledge-base search took too long; try again", a -> a);
    }

    /** Runs on the search pool. */
    private ApiResponse searchNow(SearchRequest request, String user, long submitted) {
        long started = System.nanoTime();
        long cpuStarted = CPU.getCurrentThreadCpuTime();
        RecentSearches.Answer found = recent == null ? new RecentSearches.Answer(kb.search(request), false)
                : recent.answer(request, kb.generation(), () -> kb.search(request),
                        // an answer its query vector missed (lexical alone) is not kept: the next one may do better
                        x -> !kb.hybrid() || x.similarity() >= 0);
        SearchResult result = found.result();
        long cpu = CPU.getCurrentThreadCpuTime() - cpuStarted;
        long searched = System.nanoTime();
        if (analytics != null && request.offset() == 0) {
            record(() -> analytics.searched(user, request.cleanQuery(), result), "search");
        }
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit h : result.hits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("title", h.title());
            m.put("category", h.category().id());
            m.put("categoryName", h.category().label());
            m.put("region", h.region());
            m.put("score", h.score());
            m.put("snippet", h.snippet());
            hits.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", request.cleanQuery());
        body.put("total", result.total());
        body.put("totalExact", result.totalExact());
        // a kept answer took this search no time of the knowledge base's
        body.put("tookMs", found.cached() ? (searched - started) / 1_000_000 : result.tookMs());
        body.put("noMatch", result.noMatch());
        if (result.referral() != null) {
            // A matter of another administration: who handles it, for the agent to pass on.
            body.put("referral", Map.of("topic", result.referral().topic(), "to", result.referral().to()));
        }
        body.put("hits", hits);
        return new ApiResponse(200, body, null, null, Map.of("Server-Timing", timing(started - submitted,
                searched - started, cpu, found.cached() ? null : result.stages())));
    }

    /** Analytics are written after the answer, on their own thread; a full queue drops the record, logged. */
    private void record(Runnable write, String what) {
        try {
            analyticsWriter.execute(write);
        } catch (RejectedExecutionException full) {
            log.warn("event=kb_analytics_dropped what={} reason=queue_full queue={}", what, ANALYTICS_QUEUE);
        }
    }

    /**
     * The search's own part of the answer's Server-Timing (ApiHandler adds the worker wait and the total): the wait
     * for a search thread, the search's wall time there, the thread's CPU time in it (much less than the wall: it
     * waited for a core, a lock or the query vector) and, when it was computed rather than kept, its stages;
     * {@code kb-cached} marks an answer of {@link RecentSearches}.
     */
    static String timing(long queuedNs, long searchNs, long cpuNs, SearchResult.Stages s) {
        String head = "kb-queue;dur=" + ApiHandler.millis(queuedNs) + ", kb;dur=" + ApiHandler.millis(searchNs)
                + ", kb-cpu;dur=" + ApiHandler.millis(cpuNs);
        if (s == null) {
            return head + ", kb-cached;dur=0";
        }
        return head + ", kb-vector;dur=" + ApiHandler.millis(s.vectorNs())
                + ", kb-analysis;dur=" + ApiHandler.millis(s.analysisNs())
                + ", kb-lexical;dur=" + ApiHandler.millis(s.lexicalNs())
                + ", kb-dense;dur=" + ApiHandler.millis(s.denseNs())
                + ", kb-ranking;dur=" + ApiHandler.millis(s.rankingNs())
                + ", kb-page;dur=" + ApiHandler.millis(s.pageNs());
    }

    private ApiResponse article(ApiRequest r) throws ApiError {
        String id = r.pathParam("id");
        if (!Article.isValidId(id)) {
            throw ApiError.badParameter("id", "must be an article id like card-0003");
        }
        ArticlePage page = kb.article(id).orElseThrow(() -> ApiError.notFound("article " + id));
        if (analytics != null) {
            String user = r.user().name();
            record(() -> analytics.opened(user, id), "open");
        }
        Article a = page.article();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id());
        body.put("title", a.title());
        body.put("category", a.category().id());
        body.put("categoryName", a.category().label());
        body.put("tags", a.tags());
        body.put("questions", a.questions());
        body.put("region", a.region());
        body.put("effective", a.effective().toString());
        body.put("expires", a.expires() == null ? null : a.expires().toString());
        body.put("sources", a.sources());
        body.put("reviewed", a.reviewed() == null ? null : a.reviewed().toString());
        body.put("owner", a.owner());
        body.put("html", page.html());
        return ApiResponse.ok(body);
    }

    private ApiResponse suggest(ApiRequest r) throws ApiError {
        String q = query(r);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Suggestion s : kb.suggest(q, r.intParam("limit", 8, 1, MAX_SUGGESTIONS))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", s.text());
            m.put("articleId", s.articleId());
            out.add(m);
        }
        return ApiResponse.ok(Map.of("suggestions", out));
    }

    private Map<String, Object> categories() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CategoryCount c : kb.categories()) {
            out.add(Map.of("id", c.category().id(), "name", c.category().label(), "count", c.count()));
        }
        return Map.of("categories", out);
    }

    /** The {@code q} parameter: required, and it must keep some text once control characters are gone. */
    private static String query(ApiRequest r) throws ApiError {
        String q = r.param("q");
        if (q == null || q.isBlank()) {
            throw ApiError.badParameter("q", "is required");
        }
        if (SearchRequest.of(q).cleanQuery().isEmpty()) {
            throw ApiError.badParameter("q", "has no searchable text");
        }
        return q;
    }

    private static Category category(ApiRequest r) throws ApiError {
        String c = r.param("category");
        if (c == null || c.isEmpty()) {
            return null;
        }
        return Category.find(c).orElseThrow(() -> ApiError.badParameter("category", "must be one of " + CATEGORY_IDS));
    }

    /** The agent's region unless the request names one; {@code national} means none. */
    private static String region(ApiRequest r) throws ApiError {
        String region = r.param("region");
        if (region == null || region.isEmpty()) {
            region = r.user().region();
        }
        if (region == null || region.equals(Article.NATIONAL)) {
            return null;
        }
        if (region.length() > 32 || region.codePoints().anyMatch(cp -> !Character.isLetterOrDigit(cp))) {
            throw ApiError.badParameter("region", "must be national or a province or city name such as 上海市");
        }
        return region;
    }

    private static boolean flag(ApiRequest r, String name) throws ApiError {
        String v = r.param(name);
        if (v == null || v.isEmpty() || v.equals("false") || v.equals("0")) {
            return false;
        }
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        throw ApiError.badParameter(name, "must be true or false");
    }
}
