package cn.hotline12333.web;

import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.StatsConfigLoader;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The statistics over HTTP: the reports of issue 9 §5 as JSON, or as CSV or XLSX with {@code format=csv|xlsx},
 * the call-detail search and one call's detail, the engine's health, and the statistics configuration. A
 * manager reads everything, an agent only {@code /api/stats/me} (its own figures, by its login name), an admin
 * also the configuration. The handlers run on the web workers (Route's contract), where the engine may block.
 */
public final class StatsRoutes {
    // A call id is <asterisk system>/<unique id>; in a path its "/" is written "~" (a "/" would split the path).
    private static final Pattern CALL_ID = Pattern.compile("[0-9A-Za-z._~-]{1,64}");

    private final StatsReports reports;
    private final StatsConfigLoader config;
    private final Clock clock;

    public StatsRoutes(StatsReports reports, StatsConfigLoader config, Clock clock) {
        this.reports = reports;
        this.config = config;
        this.clock = clock;
    }

    private interface Source {
        ReportTable read(ApiRequest request, ReportQuery query);
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(report("queues", "队列报表", (r, q) -> reports.queues(q)));
        routes.add(report("agents", "坐席报表", (r, q) -> reports.agents(q)));
        routes.add(report("agent-states", "坐席状态", (r, q) -> reports.agentStates(q)));
        routes.add(report("topics", "业务类别", (r, q) -> reports.topics(q)));
        routes.add(report("routing", "话题路由矩阵", (r, q) -> reports.routing(q)));
        routes.add(report("ivr-funnel", "IVR漏斗", (r, q) -> reports.ivrFunnel(q)));
        routes.add(report("outcomes", "通话结果", (r, q) -> reports.outcomes(q)));
        routes.add(report("satisfaction", "满意度", (r, q) -> reports.satisfaction(q)));
        routes.add(report("abandoned", "放弃来电", (r, q) -> reports.abandoned(q)));
        routes.add(report("work-orders", "工单办结", (r, q) -> reports.workOrders(q)));
        routes.add(report("repeat-callers", "重复来电", (r, q) -> reports.repeatCallers(q)));
        routes.add(report("heatmap", "来电热力图", (r, q) -> reports.heatmap(q)));
        routes.add(new Route("GET", "/api/stats/me", Role.AGENT, this::me));
        routes.add(new Route("GET", "/api/stats/health", Role.MANAGER, this::health));
        routes.add(new Route("GET", "/api/stats/config", Role.ADMIN, r -> ApiResponse.ok(configuration(r))));
        routes.add(new Route("GET", "/api/calls", Role.MANAGER, this::calls));
        routes.add(new Route("GET", "/api/calls/{callId}", Role.MANAGER, this::call));
        return routes;
    }

    private Route report(String name, String title, Source source) {
        return new Route("GET", "/api/stats/" + name, Role.MANAGER, r -> {
            ReportParams params = new ReportParams(r, config.current(), clock);
            ReportQuery q = params.report(ReportParams.REPORT_PARAMS, knownQueues());
            return answer(r, title, q.from().getZone(), () -> source.read(r, q), q.from(), q.to());
        });
    }

    /** The signed-in user's own figures; who they are comes from the login, never from a parameter. */
    private ApiResponse me(ApiRequest r) throws ApiError {
        ReportParams params = new ReportParams(r, config.current(), clock);
        Set<String> allowed = new java.util.HashSet<>(ReportParams.REPORT_PARAMS);
        allowed.remove("agent");
        ReportQuery q = params.report(allowed, knownQueues());
        return answer(r, "我的指标", q.from().getZone(), () -> reports.me(r.user().name(), q), q.from(), q.to());
    }

    private ApiResponse health(ApiRequest r) throws ApiError {
        new ReportParams(r, config.current(), clock).onlyKnown(Set.of("format", "tz"));
        ZoneId zone = ReportParams.zone(r, config.current());
        return answer(r, "统计健康", zone, reports::health, null, null);
    }

    private ApiResponse calls(ApiRequest r) throws ApiError {
        CallSearch search = new ReportParams(r, config.current(), clock).calls(knownQueues());
        ZoneId zone = search.from().getZone();
        Export format = Export.of(r);
        if (format == Export.JSON) {
            ReportTable table = engine(() -> reports.calls(search));
            Map<String, Object> body = new ReportCells(table, zone).json();
            body.put("page", search.page());
            body.put("size", search.size());
            return ApiResponse.ok(body);
        }
        return answer(r, "来电明细", zone, () -> reports.calls(search.everyRow()), search.from(), search.to());
    }

    private ApiResponse call(ApiRequest r) throws ApiError {
        new ReportParams(r, config.current(), clock).onlyKnown(Set.of("tz"));
        String given = r.pathParam("callId");
        if (given == null || !CALL_ID.matcher(given).matches()) {
            throw ApiError.badParameter("callId", "must be a call id such as pbx-bj-1~1732259050.17 (its / as ~)"
                    + " or a unique id such as 1732259050.17");
        }
        String id = given.replace('~', '/');
        ZoneId zone = ReportParams.zone(r, config.current());
        CallDetail detail = engine(() -> reports.call(id)).orElseThrow(() -> ApiError.notFound("call " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("call", ReportCells.maskDeep(detail.summary()));
        body.put("path", new ReportCells(detail.path(), zone).json());
        body.put("stints", new ReportCells(detail.stints(), zone).json());
        return ApiResponse.ok(body);
    }

    private ApiResponse answer(ApiRequest r, String title, ZoneId zone, java.util.function.Supplier<ReportTable> source,
                               java.time.ZonedDateTime from, java.time.ZonedDateTime to) throws ApiError {
        Export format = Export.of(r);
        ReportTable table = engine(source);
        ReportCells cells = new ReportCells(table, zone);
        if (format == Export.JSON) {
            return ApiResponse.ok(cells.json());
        }
        return format.response(cells, title, from, to);
    }

    private List<String> knownQueues() throws ApiError {
        return engine(reports::queues);
    }

    /** The engine's answer, or a 503 when it cannot give one. */
    private static <T> T engine(java.util.function.Supplier<T> call) throws ApiError {
        try {
            return call.get();
        } catch (StatsReports.Unavailable e) {
            throw new ApiError(503, "statistics unavailable: " + e.getMessage(), 30);
        }
    }

    private Map<String, Object> configuration(ApiRequest r) throws ApiError {
        new ReportParams(r, config.current(), clock).onlyKnown(Set.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("current", ConfigJson.of(config.current()));
        List<Map<String, Object>> versions = new ArrayList<>();
        for (StatsConfigLoader.Version v : config.versions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("effectiveFrom", v.effectiveFrom().toString());
            m.put("digest", v.digest());
            m.put("config", ConfigJson.of(v.config()));
            versions.add(m);
        }
        body.put("versions", versions);
        body.put("problems", config.lastProblems().stream().map(Object::toString).toList());
        return body;
    }
}
