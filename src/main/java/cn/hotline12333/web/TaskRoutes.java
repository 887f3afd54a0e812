package cn.hotline12333.web;

import cn.hotline12333.workorder.Problem;
import cn.hotline12333.workorder.Task;
import cn.hotline12333.workorder.Tasks;
import cn.hotline12333.workorder.WorkOrders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Callback and message tasks over HTTP: {@code GET /api/tasks} (the open pool, {@code kind}, {@code mine}),
 * {@code GET /api/tasks/{id}}, and {@code POST /api/tasks/{id}/claim|release|result|reveal}. Only the agent holding
 * a task may release it, record its result or see the full number; the number is masked for everyone else.
 */
public final class TaskRoutes {
    private final Tasks tasks;
    private final Dialer dialer;
    private final Audit audit;

    /**
     * Click-to-call (CLICK_TO_CALL): rings the agent's phone and dials {@code number}; answers null when the phone
     * system took the call, else why not in words. Blocks (AMI); runs on a web worker.
     */
    @FunctionalInterface
    public interface Dialer {
        String dial(String agent, String number, String task);
    }

    public TaskRoutes(Tasks tasks, Audit audit) {
        this(tasks, audit, null);
    }

    /**
     * {@code audit} takes every reveal of a caller's number; {@code dialer} null: click-to-call off,
     * {@code POST /api/tasks/{id}/call} is not there.
     */
    public TaskRoutes(Tasks tasks, Audit audit, Dialer dialer) {
        this.tasks = tasks;
        this.audit = audit;
        this.dialer = dialer;
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(base());
        if (dialer != null) {
            routes.add(new Route("POST", "/api/tasks/{id}/call", Role.AGENT, this::dial));
        }
        return routes;
    }

    /** The holder only (the number is revealed to the phone system, and the reveal is logged like any other). */
    private ApiResponse dial(ApiRequest r) throws ApiError {
        String number = call(() -> tasks.revealNumber(WorkOrderRoutes.actor(r), id(r)));
        audit.record(r.user().name(), "dial_caller_phone", id(r), Map.of("field", "number"));
        String refused = dialer.dial(r.user().name(), number, id(r));
        if (refused != null) {
            throw new ApiError(502, "click-to-call failed: " + refused);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id(r));
        m.put("calling", true);
        return ApiResponse.ok(m);
    }

    private List<Route> base() {
        return List.of(
                new Route("GET", "/api/tasks", Role.AGENT, this::list),
                new Route("GET", "/api/tasks/{id}", Role.AGENT, this::one),
                new Route("POST", "/api/tasks/{id}/claim", Role.AGENT,
                        r -> ApiResponse.ok(view(call(() -> tasks.claim(WorkOrderRoutes.actor(r), id(r)))))),
                new Route("POST", "/api/tasks/{id}/release", Role.AGENT,
                        r -> ApiResponse.ok(view(call(() -> tasks.release(WorkOrderRoutes.actor(r), id(r)))))),
                new Route("POST", "/api/tasks/{id}/result", Role.AGENT, this::result),
                new Route("POST", "/api/tasks/{id}/reveal", Role.AGENT, r -> {
                    String number = call(() -> tasks.revealNumber(WorkOrderRoutes.actor(r), id(r)));
                    audit.record(r.user().name(), "reveal_caller_phone", id(r), Map.of("field", "number"));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", id(r));
                    m.put("number", number);
                    return ApiResponse.ok(m);
                }));
    }

    private static String id(ApiRequest r) {
        return r.pathParam("id");
    }

    private ApiResponse list(ApiRequest r) throws ApiError {
        for (String name : r.query().keySet()) {
            if (!Set.of("kind", "mine", "limit").contains(name)) {
                throw ApiError.badParameter(name, "is not known here (kind, mine, limit)");
            }
        }
        String kind = r.param("kind");
        if (kind != null && !kind.equals("callback") && !kind.equals("message")) {
            throw ApiError.badParameter("kind", "must be callback or message");
        }
        String mine = r.param("mine");
        if (mine != null && !mine.equals("true") && !mine.equals("false")) {
            throw ApiError.badParameter("mine", "must be true or false");
        }
        int limit = r.intParam("limit", 100, 1, 500);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Tasks.View v : call(() -> tasks.list(WorkOrderRoutes.actor(r), kind, "true".equals(mine), limit))) {
            items.add(view(v));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tasks", items);
        body.put("count", items.size());
        body.put("clickToCall", dialer != null);
        return ApiResponse.ok(body);
    }

    /** One task with where its message recording is (the pool list leaves that out: one more read per task). */
    private ApiResponse one(ApiRequest r) throws ApiError {
        Tasks.View v = call(() -> tasks.get(id(r)));
        Map<String, Object> m = view(v);
        Map<String, String> rec = call(() -> tasks.recording(v.task()));
        m.put("mailbox", rec.get("mailbox"));
        m.put("recording", rec.get("recording"));
        return ApiResponse.ok(m);
    }

    private ApiResponse result(ApiRequest r) throws ApiError {
        JsonBody b = JsonBody.parse(r.body());
        String result = b.text("result");
        b.onlyKnown(Set.of("result"));
        return ApiResponse.ok(view(call(() -> tasks.result(WorkOrderRoutes.actor(r), id(r), result))));
    }

    private static Map<String, Object> view(Tasks.View v) {
        Task t = v.task();
        Task.State s = v.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("kind", t.kind());
        m.put("callId", t.callId());
        m.put("number", WorkOrders.maskPhone(t.number()));
        m.put("queue", t.queue());
        m.put("topics", t.topics());
        m.put("createdAt", t.createdAt().toString());
        m.put("status", s.open() ? "open" : "closed");
        m.put("attempts", s.attempts());
        m.put("claimedBy", s.holder());
        m.put("claimedUntil", s.holder() == null ? null : java.time.Instant.ofEpochMilli(s.leaseUntil()).toString());
        m.put("result", s.result());
        return m;
    }

    interface Step<T> {
        T run() throws Problem;
    }

    /** A task or work-order step: its problems as HTTP answers, Redis unreachable as a 503 to retry. */
    static <T> T call(Step<T> step) throws ApiError {
        try {
            return step.run();
        } catch (Problem p) {
            throw WorkOrderRoutes.http(p);
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw new ApiError(503, "tasks and work orders are unavailable now (Redis unreachable); try again", 5);
        }
    }
}
