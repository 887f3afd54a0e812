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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The knowledge base over HTTP for agents: search, article pages, completions and category counts. The
 * handlers run on the web workers (Route's contract), which is where Lucene may block. Every parameter a client
 * can get wrong is a 400 naming it; the query text is never logged.
 */
public final class KbRoutes {
    static final int MAX_LIMIT = 50;
    static final int MAX_SUGGESTIONS = 20;
    private static final String CATEGORY_IDS = Arrays.stream(Category.values()).map(Category::id)
            .collect(Collectors.joining(", "));

    static final int MAX_DAYS = 92;
    static final int ANALYTICS_ROWS = 50;

    private final KnowledgeBase kb;
    private final SearchAnalytics analytics;

    /** Without search analytics (the analytics route answers 503). */
    public KbRoutes(KnowledgeBase kb) {
        this(kb, null);
    }

    public KbRoutes(KnowledgeBase kb, SearchAnalytics analytics) {
        this.kb = kb;
        this.analytics = analytics;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/kb/search", Role.AGENT, this::search),
                new Route("GET", "/api/kb/articles/{id}", Role.AGENT, this::article),
                new Route("GET", "/api/kb/suggest", Role.AGENT, this::suggest),
                new Route("GET", "/api/kb/categories", Role.AGENT, r -> ApiResponse.ok(categories())),
                new Route("GET", "/api/kb/analytics", Role.MANAGER, this::analytics));
    }

    /** Search analytics for editors: what agents looked for and did not find. Blocking Redis, on the web workers. */
    private ApiResponse analytics(ApiRequest r) throws ApiError {
        int days = r.intParam("days", 7, 1, MAX_DAYS);
        if (analytics == null) {
            throw new ApiError(503, "search analytics are not kept on this node");
        }
        SearchAnalytics.Report report = analytics.report(days, kb.currentArticleIds(), ANALYTICS_ROWS);
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

    private ApiResponse search(ApiRequest r) throws ApiError {
        SearchRequest request = new SearchRequest(query(r), category(r), region(r),
                r.intParam("limit", 10, 1, MAX_LIMIT), r.intParam("offset", 0, 0, SearchRequest.MAX_OFFSET),
                flag(r, "expired"));
        SearchResult result = kb.search(request);
        if (analytics != null && request.offset() == 0) {
            analytics.searched(r.user().name(), request.cleanQuery(), result);
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
        body.put("tookMs", result.tookMs());
        body.put("noMatch", result.noMatch());
        if (result.referral() != null) {
            // A matter of another administration: who handles it, for the agent to pass on.
            body.put("referral", Map.of("topic", result.referral().topic(), "to", result.referral().to()));
        }
        body.put("hits", hits);
        return ApiResponse.ok(body);
    }

    private ApiResponse article(ApiRequest r) throws ApiError {
        String id = r.pathParam("id");
        if (!Article.isValidId(id)) {
            throw ApiError.badParameter("id", "must be an article id like card-0003");
        }
        ArticlePage page = kb.article(id).orElseThrow(() -> ApiError.notFound("article " + id));
        if (analytics != null) {
            analytics.opened(r.user().name(), id);
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
