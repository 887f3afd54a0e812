package cn.hotline12333.web;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskResult;
import cn.hotline12333.agent.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The team leader's side of the agent desktop: every agent's live state ({@code GET /api/supervisor/agents}),
 * forcing one ready, not ready or logged out ({@code POST /api/supervisor/agents/{id}/force}, audited) and a
 * broadcast to every desktop or a list of agents ({@code POST /api/supervisor/broadcast}, through {@link DeskPush}).
 * Times are the server's: each answer carries {@code serverTime} and every agent's {@code inStateMs}, so a screen
 * whose clock is off still shows true durations. A node without the agent desk answers 503.
 */
public final class SupervisorRoutes {
    static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_BROADCAST = 500;
    static final int MAX_FORCE_REASON = 200;
    static final int MAX_RECIPIENTS = 500;
    /** a pause is amber once past its reason's limit and red once past this many times the limit */
    static final int RED_FACTOR = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentDesk desk;
    private final DeskPush push;
    private final Audit audit;
    private final Clock clock;

    private final cn.hotline12333.agent.PauseReasons labels;

    /** {@code desk}: null on a node that runs no agent desk (its routes answer 503). Reasons labelled by code. */
    public SupervisorRoutes(AgentDesk desk, DeskPush push, Audit audit, Clock clock) {
        this(desk, push, audit, clock, null);
    }

    /** {@code labels}: the admin's pause reasons, whose labels the grid shows (null: the codes). */
    public SupervisorRoutes(AgentDesk desk, DeskPush push, Audit audit, Clock clock,
                            cn.hotline12333.agent.PauseReasons labels) {
        this.desk = desk;
        this.push = push;
        this.audit = audit;
        this.clock = clock;
        this.labels = labels;
    }

    private Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        if (labels != null) {
            try {
                var v = labels.current();
                if (v != null) {
                    v.reasons().forEach(r -> out.put(r.code(), r.label()));
                }
            } catch (RuntimeException e) {
                // Redis away: the codes stand in for the labels
            }
        }
        return out;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/supervisor/agents", Role.MANAGER, this::agents),
                new Route("POST", "/api/supervisor/agents/{id}/force", Role.MANAGER, this::force),
                new Route("POST", "/api/supervisor/broadcast", Role.MANAGER, this::broadcast));
    }

    private ApiResponse agents(ApiRequest r) throws ApiError {
        for (String name : r.query().keySet()) {
            if (!name.equals("queue") && !name.equals("state")) {
                throw ApiError.badParameter(name.length() > 40 ? name.substring(0, 40) : name, "is not known here");
            }
        }
        String queue = r.param("queue");
        if (queue != null && !QUEUE.matcher(queue).matches()) {
            throw ApiError.badParameter("queue", "must be a queue name (letters, digits, . _ -)");
        }
        AgentState state = null;
        if (r.param("state") != null) {
            state = stateOf(r.param("state"));
        }
        AgentDesk d = running();
        Map<String, String> names = labels(); // Redis: read here, on the worker
        CompletableFuture<List<AgentSnapshot>> agents = d.agents();
        CompletableFuture<Map<String, Duration>> limits = d.pauseLimits();
        AgentState wanted = state;
        // polled once a second by every supervisor screen: the floor's answer is awaited without holding a worker
        return ApiResponse.later(CompletableFuture.allOf(agents, limits), AgentRoutes.ANSWER_WITHIN, BUSY,
                done -> agents(agents.join(), limits.join(), names, queue, wanted));
    }

    private ApiResponse agents(List<AgentSnapshot> all, Map<String, Duration> limits, Map<String, String> names,
                               String queue, AgentState state) {
        long now = clock.millis();
        List<Map<String, Object>> agents = new ArrayList<>();
        for (AgentSnapshot s : all) {
            if ((queue == null || s.queues().contains(queue)) && (state == null || s.state() == state)) {
                agents.add(agentJson(s, limits, now));
            }
        }
        List<Map<String, Object>> reasons = new ArrayList<>();
        limits.forEach((code, limit) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("label", names.getOrDefault(code, code));
            m.put("limitMs", limit.toMillis());
            reasons.add(m);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serverTime", now);
        body.put("redFactor", RED_FACTOR);
        body.put("reasons", reasons);
        body.put("agents", agents);
        return ApiResponse.ok(body);
    }

    private static AgentState stateOf(String wire) throws ApiError {
        for (AgentState s : AgentState.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return s;
            }
        }
        throw ApiError.badParameter("state", "must be one of ready, not_ready, ringing, on_call, wrap_up, logged_out");
    }

    static Map<String, Object> agentJson(AgentSnapshot s, Map<String, Duration> limits, long now) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("agent", s.agent());
        a.put("state", s.state().name().toLowerCase(Locale.ROOT));
        a.put("reason", s.reason());
        a.put("since", s.since());
        long inState = s.since() == 0 ? 0 : Math.max(0, now - s.since());
        a.put("inStateMs", inState);
        Duration limit = s.state() == AgentState.NOT_READY && s.reason() != null ? limits.get(s.reason()) : null;
        a.put("limitMs", limit == null ? null : limit.toMillis());
        a.put("level", level(limit, inState));
        Map<String, Object> request = null;
        if (s.request() != null) {
            request = new LinkedHashMap<>();
            request.put("kind", s.request().kind().name().toLowerCase(Locale.ROOT));
            request.put("reason", s.request().reason());
        }
        a.put("request", request);
        a.put("pendingNotReady", s.pendingNotReady());
        a.put("pendingLogout", s.pendingLogout());
        a.put("phone", s.phoneOffline() ? "offline" : "ok");
        a.put("removedByPhoneSystem", s.removedByPhoneSystem());
        a.put("refused", s.refused());
        a.put("extension", s.extension());
        a.put("queues", s.queues());
        a.put("unsaved", s.unsaved());
        return a;
    }

    static String level(Duration limit, long inStateMs) {
        if (limit == null || limit.isZero()) {
            return "";
        }
        long ms = limit.toMillis();
        return inStateMs >= RED_FACTOR * ms ? "red" : inStateMs >= ms ? "amber" : "";
    }

    private ApiResponse force(ApiRequest r) throws ApiError {
        String agent = r.pathParam("id");
        if (agent == null || !AGENT.matcher(agent).matches()) {
            throw ApiError.badParameter("id", "must be an agent id (letters, digits, . _ -, at most 64)");
        }
        JsonBody body = JsonBody.parse(r.body());
        body.onlyKnown(Set.of("action", "pauseReason", "reason"));
        String action = body.text("action");
        String pauseReason = body.text("pauseReason");
        String why = text(body.text("reason"), "reason", MAX_FORCE_REASON, false);
        AgentDesk d = running();
        Request request;
        if ("ready".equals(action) || "logout".equals(action)) {
            if (pauseReason != null) {
                throw new ApiError(400, "field 'pauseReason' is only for action not_ready");
            }
            request = new Request(action.equals("ready") ? Request.Kind.READY : Request.Kind.LOGOUT, null);
        } else if ("not_ready".equals(action)) {
            Map<String, Duration> limits = await(d.pauseLimits());
            if (pauseReason == null || !limits.containsKey(pauseReason)) {
                throw new ApiError(400, "field 'pauseReason' must be one of " + limits.keySet());
            }
            request = new Request(Request.Kind.NOT_READY, pauseReason);
        } else {
            throw new ApiError(400, "field 'action' must be one of ready, not_ready, logout");
        }
        DeskResult result = await(d.force(agent, request, r.user().name()));
        AgentSnapshot s = result.snapshot();
        if (!result.done()) {
            if (s.extension() == null && s.state() == AgentState.LOGGED_OUT) {
                throw ApiError.notFound("agent " + agent);
            }
            throw new ApiError(409, "agent " + agent + ": " + result.problem());
        }
        boolean pending = s.state() == AgentState.RINGING || s.state() == AgentState.ON_CALL
                || s.state() == AgentState.WRAP_UP;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", action);
        details.put("pauseReason", pauseReason);
        details.put("reason", why);
        details.put("pending", Boolean.toString(pending));
        details.put("state", s.state().name().toLowerCase(Locale.ROOT));
        String auditId = audit.record(r.user().name(), "agent_force", agent, details);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", true);
        out.put("pending", pending);
        out.put("audit", auditId);
        out.put("serverTime", clock.millis());
        out.put("agent", agentJson(s, await(d.pauseLimits()), clock.millis()));
        return ApiResponse.ok(out);
    }

    private ApiResponse broadcast(ApiRequest r) throws ApiError {
        JsonBody body = JsonBody.parse(r.body());
        body.onlyKnown(Set.of("text", "to"));
        String text = text(body.text("text"), "text", MAX_BROADCAST, true);
        List<String> to = recipients(r.body());
        long now = clock.millis();
        String id = UUID.randomUUID().toString();
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("id", id);
        notice.put("text", text);
        notice.put("from", r.user().name());
        notice.put("at", now);
        notice.put("serverTime", now);
        if (to == null) {
            push.publish(DeskPush.EVERYONE, "broadcast", notice);
        } else {
            to.forEach(agent -> push.publish(agent, "broadcast", notice));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("id", id);
        details.put("to", to == null ? DeskPush.EVERYONE : String.join(",", to));
        details.put("text", text);
        String auditId = audit.record(r.user().name(), "broadcast", to == null ? DeskPush.EVERYONE
                : to.size() + " agents", details);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("to", to == null ? DeskPush.EVERYONE : to);
        out.put("at", now);
        out.put("audit", auditId);
        return ApiResponse.ok(out);
    }

    /** The {@code to} list: absent or null means everyone; else 1 to 500 agent ids. */
    private static List<String> recipients(String raw) throws ApiError {
        JsonNode to;
        try {
            to = JSON.readTree(raw).get("to");
        } catch (java.io.IOException e) {
            throw new ApiError(400, "the body is not JSON");
        }
        if (to == null || to.isNull()) {
            return null;
        }
        if (!to.isArray() || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            throw new ApiError(400, "field 'to' must be a list of 1 to " + MAX_RECIPIENTS + " agent ids, or absent"
                    + " for everyone");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode n : to) {
            if (!n.isTextual() || !AGENT.matcher(n.textValue()).matches()) {
                throw new ApiError(400, "field 'to' must hold agent ids (letters, digits, . _ -, at most 64)");
            }
            ids.add(n.textValue());
        }
        return List.copyOf(ids);
    }

    /**
     * Text a person typed: present, not blank, at most {@code max} characters, no control characters (line breaks
     * only where {@code lines}), and no U+FFFD, which is what invalid UTF-8 in the body decodes to.
     */
    static String text(String value, String field, int max, boolean lines) throws ApiError {
        if (value == null || value.isBlank()) {
            throw new ApiError(400, "field '" + field + "' is required");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new ApiError(400, "field '" + field + "' must be at most " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r';
            if ((Character.isISOControl(c) && !(lines && lineBreak)) || c == '\uFFFD'
                    || c == '\u2028' || c == '\u2029') {
                throw new ApiError(400, "field '" + field + "' has a control character or invalid UTF-8");
            }
        }
        return value.strip();
    }

    private AgentDesk running() throws ApiError {
        if (desk == null) {
            throw new ApiError(503, "the agent desk does not run on this node (AMI_HOST / AGENT_DESK)");
        }
        return desk;
    }

    // Only force waits here, on its worker: after the floor's answer it writes the audit to Redis, which an event loop
    // may not; a manager's click is rare. The floor answers within milliseconds (a node without the AMI lease forwards, up to 6 s while the lease
    // moves); a floor this late is overloaded, and the client may retry.
    private static final String BUSY = "the agent desk is busy; try again";

    private static <T> T await(CompletableFuture<T> f) throws ApiError {
        try {
            return f.get(AgentRoutes.ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(503, BUSY, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted; try again", 1);
        } catch (ExecutionException e) {
            throw new IllegalStateException("agent desk failed", e.getCause());
        }
    }
}
