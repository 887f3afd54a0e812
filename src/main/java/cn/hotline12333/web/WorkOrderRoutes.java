package cn.hotline12333.web;

import cn.hotline12333.workorder.Actor;
import cn.hotline12333.workorder.Draft;
import cn.hotline12333.workorder.DueState;
import cn.hotline12333.workorder.Filter;
import cn.hotline12333.workorder.OrderType;
import cn.hotline12333.workorder.Problem;
import cn.hotline12333.workorder.Request;
import cn.hotline12333.workorder.Status;
import cn.hotline12333.workorder.Transitions;
import cn.hotline12333.workorder.WorkOrder;
import cn.hotline12333.workorder.WorkOrders;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Work orders over HTTP: {@code POST/GET /api/work-orders}, {@code GET/PATCH /api/work-orders/{id}},
 * {@code GET /api/work-orders/{id}/history}, {@code POST /api/work-orders/{id}/reveal} (the caller's full number,
 * for the assignee, audited), {@code GET /api/work-order-types} and, for admins, the types file's problems. Who
 * may act on which order is {@link WorkOrders}' decision; this class turns its answers into HTTP.
 */
public final class WorkOrderRoutes {
    private static final Set<String> LIST_PARAMS = Set.of("status", "type", "assignee", "due", "caller", "mine",
            "dueSoon", "overdue", "limit");
    private final WorkOrders orders;
    private final Audit audit;

    /** {@code audit} takes every reveal of a caller's full number. */
    public WorkOrderRoutes(WorkOrders orders, Audit audit) {
        this.orders = orders;
        this.audit = audit;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/api/work-orders", Role.AGENT, guard(this::create)),
                new Route("GET", "/api/work-orders", Role.AGENT, guard(this::list)),
                new Route("GET", "/api/work-order-types", Role.AGENT, r -> ApiResponse.ok(types())),
                new Route("GET", "/api/work-order-types/problems", Role.ADMIN, r -> ApiResponse.ok(problems())),
                new Route("GET", "/api/work-orders/{id}", Role.AGENT, guard(this::get)),
                new Route("PATCH", "/api/work-orders/{id}", Role.AGENT, guard(this::change)),
                new Route("GET", "/api/work-orders/{id}/history", Role.AGENT, guard(this::history)),
                new Route("POST", "/api/work-orders/{id}/reveal", Role.AGENT, guard(this::reveal)));
    }

    /** Redis unreachable is a 503 the client retries (with the same idempotency key, for a creation). */
    private static Route.Handler guard(Route.Handler h) {
        return r -> {
            try {
                return h.handle(r);
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                throw new ApiError(503, "work orders are unavailable now (Redis unreachable); try again", 5);
            }
        };
    }

    static Actor actor(ApiRequest r) {
        return new Actor(r.user().name(), r.user().may(Role.MANAGER));
    }

    private ApiResponse create(ApiRequest r) throws ApiError {
        JsonBody b = JsonBody.parse(r.body());
        Draft d = new Draft(b.text("idempotencyKey"), b.text("type"), b.text("callId"), b.text("callerName"),
                b.text("callerPhone"), b.text("citizenId"), b.text("topic"), b.text("employer"), b.text("description"),
                b.text("department"), b.text("notes"), b.text("assignee"), b.flag("createAnyway"), b.text("linkTo"));
        b.onlyKnown(Set.of("idempotencyKey", "type", "callId", "callerName", "callerPhone", "citizenId", "topic",
                "employer", "description", "department", "notes", "assignee", "createAnyway", "linkTo"));
        try {
            WorkOrders.Created c = orders.create(actor(r), d);
            Map<String, Object> body = view(c.order(), false);
            body.put("created", c.fresh());
            return new ApiResponse(c.fresh() ? 201 : 200, body, null, null, Map.of());
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.DUPLICATES) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", p.getMessage());
                body.put("status", 409);
                body.put("possibleDuplicates", p.duplicates().stream().map(WorkOrderRoutes::summary).toList());
                return new ApiResponse(409, body, null, null, Map.of());
            }
            throw http(p);
        }
    }

    private ApiResponse list(ApiRequest r) throws ApiError {
        for (String name : r.query().keySet()) {
            if (!LIST_PARAMS.contains(name)) {
                throw ApiError.badParameter(name, "is not known here (" + String.join(", ", LIST_PARAMS) + ")");
            }
        }
        Status status = null;
        if (r.param("status") != null) {
            status = Status.parse(r.param("status"));
            if (status == null) {
                throw ApiError.badParameter("status", "must be pending, assigned, in_progress, replied or closed");
            }
        }
        LocalDate due = null;
        if (r.param("due") != null) {
            try {
                due = LocalDate.parse(r.param("due"));
            } catch (DateTimeParseException e) {
                throw ApiError.badParameter("due", "must be a date like 2025-10-13");
            }
        }
        String type = r.param("type");
        if (type != null && orders.types().get(type) == null) {
            throw ApiError.badParameter("type", "is not a known work-order type");
        }
        String caller = r.param("caller");
        if (caller != null && !caller.matches("[0-9a-f]{32}|\\+?[0-9 -]{3,24}")) {
            throw ApiError.badParameter("caller", "must be a phone number or a caller hash");
        }
        Filter f = new Filter(status, type, r.param("assignee"), due, caller, flag(r, "mine"), flag(r, "dueSoon"),
                flag(r, "overdue"), r.intParam("limit", 100, 1, 500));
        try {
            List<Map<String, Object>> items = new ArrayList<>();
            for (WorkOrder o : orders.list(actor(r), f)) {
                items.add(view(o, false));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orders", items);
            body.put("count", items.size());
            return ApiResponse.ok(body);
        } catch (Problem p) {
            throw http(p);
        }
    }

    private ApiResponse get(ApiRequest r) throws ApiError {
        try {
            return ApiResponse.ok(view(orders.get(actor(r), r.pathParam("id")), false));
        } catch (Problem p) {
            throw http(p);
        }
    }

    private ApiResponse change(ApiRequest r) throws ApiError {
        JsonBody b = JsonBody.parse(r.body());
        String actionText = b.text("action");
        Transitions.Action action = Transitions.Action.parse(actionText);
        if (action == null) {
            throw new ApiError(400, "field 'action' must be one of assign, reassign, start, progress, reply, close,"
                    + " return, reopen, extend");
        }
        Request req = new Request(action, b.integer("version"), b.text("assignee"), b.text("text"), b.text("reason"),
                b.integer("days"), b.integer("satisfaction"));
        b.onlyKnown(Set.of("action", "version", "assignee", "text", "reason", "days", "satisfaction"));
        try {
            return ApiResponse.ok(view(orders.act(actor(r), r.pathParam("id"), req), false));
        } catch (Problem p) {
            throw http(p);
        }
    }

    private ApiResponse history(ApiRequest r) throws ApiError {
        try {
            List<Map<String, Object>> items = new ArrayList<>();
            for (WorkOrder.Change c : orders.history(actor(r), r.pathParam("id"))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seq", c.seq());
                m.put("at", c.at().toString());
                m.put("actor", c.actor());
                m.put("action", c.action());
                m.put("from", c.from() == null ? null : c.from().wireName());
                m.put("to", c.to() == null ? null : c.to().wireName());
                m.put("assignee", c.assignee());
                m.put("due", c.due() == null ? null : c.due().toString());
                m.put("note", c.note());
                m.put("approvedBy", c.approvedBy());
                items.add(m);
            }
            return ApiResponse.ok(Map.of("id", r.pathParam("id"), "history", items));
        } catch (Problem p) {
            throw http(p);
        }
    }

    private ApiResponse reveal(ApiRequest r) throws ApiError {
        try {
            String phone = orders.revealPhone(actor(r), r.pathParam("id"));
            audit.record(r.user().name(), "reveal_caller_phone", r.pathParam("id"), Map.of("field", "caller_phone"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", r.pathParam("id"));
            body.put("callerPhone", phone);
            return ApiResponse.ok(body);
        } catch (Problem p) {
            throw http(p);
        }
    }

    private Map<String, Object> view(WorkOrder o, boolean fullPhone) {
        Map<String, Object> m = summary(o);
        DueState due = orders.dueState(o);
        m.put("workingDaysLeft", due.workingDaysLeft());
        m.put("dueSoon", due.dueSoon());
        m.put("overdue", due.overdue());
        m.put("callIds", o.callIds());
        m.put("callerName", o.callerName());
        m.put("callerPhone", fullPhone ? o.callerPhone() : WorkOrders.maskPhone(o.callerPhone()));
        m.put("citizenId", o.citizenId());
        m.put("topic", o.topic());
        m.put("description", o.description());
        m.put("department", o.department());
        m.put("notes", o.notes());
        m.put("createdBy", o.createdBy());
        m.put("createdAt", o.createdAt().toString());
        m.put("acceptedOn", o.acceptedOn().toString());
        m.put("workingDays", o.workingDays());
        m.put("reopened", o.reopened());
        m.put("extensions", o.extensions());
        m.put("closedAt", o.closedAt() == null ? null : o.closedAt().toString());
        m.put("reply", o.reply());
        m.put("satisfaction", o.satisfaction());
        m.put("version", o.version());
        return m;
    }

    /** What a possible duplicate shows to any agent: no phone, no description. */
    private static Map<String, Object> summary(WorkOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("type", o.type());
        m.put("typeName", o.typeName());
        m.put("status", o.status().wireName());
        m.put("statusLabel", o.status().label());
        m.put("employer", o.employer());
        m.put("assignee", o.assignee());
        m.put("due", o.due().toString());
        return m;
    }

    /** The types, each with the due day an order created now would get (null and why, for a year not on the calendar). */
    private Map<String, Object> types() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (OrderType t : orders.types().all().values().stream()
                .sorted(java.util.Comparator.comparing(OrderType::code)).toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", t.code());
            m.put("name", t.name());
            m.put("workingDays", t.workingDays());
            m.put("department", t.department());
            try {
                m.put("dueIfCreatedNow", orders.dueIfCreatedNow(t).toString());
            } catch (cn.hotline12333.workorder.Deadlines.UnknownYear e) {
                m.put("dueIfCreatedNow", null);
                m.put("dueProblem", e.getMessage());
            }
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("acceptedToday", orders.acceptedToday().toString());
        body.put("types", list);
        return body;
    }

    private Map<String, Object> problems() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", orders.types().file() == null ? null : orders.types().file().toString());
        m.put("problems", orders.types().lastProblems().stream().map(Object::toString).toList());
        m.put("types", types().get("types"));
        return m;
    }

    private static boolean flag(ApiRequest r, String name) throws ApiError {
        String v = r.param(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw ApiError.badParameter(name, "must be true or false");
    }

    /** A work-order or task problem as its HTTP answer. */
    static ApiError http(Problem p) {
        return switch (p.kind()) {
            case BAD_INPUT -> new ApiError(400, p.getMessage());
            case FORBIDDEN -> new ApiError(403, p.getMessage());
            case NOT_FOUND -> new ApiError(404, p.getMessage());
            case CONFLICT, DUPLICATES -> new ApiError(409, p.getMessage());
            case UNAVAILABLE -> new ApiError(503, p.getMessage(), 5);
        };
    }
}
