package cn.hotline12333.web;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.DeskResult;
import cn.hotline12333.agent.LoginResult;
import cn.hotline12333.agent.WrapUp;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.wrapup.WrapupCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The agent's own desktop over HTTP: log in at an extension, ready, not ready with a reason, log out, wrap-up,
 * heartbeat, and {@code GET /api/agent/me}. Every route acts on the signed-in user's own agent (the login name is
 * the member name); no route takes another agent's id, so there is nothing to point at someone else. Input a
 * person can get wrong is a 400 naming the field. Runs on the web workers, which it leaves at once: the floor's
 * answer (at most {@link #ANSWER_WITHIN}) becomes the response on the connection's event loop
 * ({@link ApiResponse#later}), so a desk waiting for the floor never keeps a knowledge-base search from a worker.
 */
public final class AgentRoutes {
    /** longer than a desk command may travel to the AMI-lease node and back (6 s, then "not applied") */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);
    static final String LATE = "the agent desk did not answer in time; try again";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private final AgentDesk desk;
    /** the reasons of the settings, shown while the floor knows none (it refuses them all then) */
    private final Map<String, Duration> pauseReasons;
    private final WrapupCodes codes;
    private final BooleanSupplier phoneSystemUp;

    /** {@code desk} null: this node runs no agent desktop, every route answers 503 saying so. */
    public AgentRoutes(AgentDesk desk, Map<String, Duration> pauseReasons, WrapupCodes codes,
                       BooleanSupplier phoneSystemUp) {
        this.desk = desk;
        this.pauseReasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pauseReasons));
        this.codes = codes;
        this.phoneSystemUp = phoneSystemUp;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/api/agent/login", Role.AGENT, this::login),
                new Route("POST", "/api/agent/logout", Role.AGENT, r -> act(desk().logout(agent(r)))),
                new Route("POST", "/api/agent/ready", Role.AGENT, r -> act(desk().ready(agent(r)))),
                new Route("POST", "/api/agent/not-ready", Role.AGENT, this::notReady),
                new Route("POST", "/api/agent/wrapup", Role.AGENT, this::wrapUp),
                new Route("POST", "/api/agent/heartbeat", Role.AGENT, this::heartbeat),
                new Route("GET", "/api/agent/me", Role.AGENT, this::me));
    }

    /** The desk id of a page: its session (a second browser is a second desktop), never the token itself. */
    static String deskId(ApiRequest r) {
        return deskId(r.sessionToken(), r.remoteAddress());
    }

    static String deskId(String sessionToken, String address) {
        String basis = sessionToken != null ? "session:" + sessionToken : "basic:" + address;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private AgentDesk desk() throws ApiError {
        if (desk == null) {
            throw new ApiError(503, "the agent desktop does not run on this node (AMI_HOST unset)");
        }
        return desk;
    }

    private static String agent(ApiRequest r) throws ApiError {
        noQuery(r);
        return r.user().name();
    }

    private ApiResponse login(ApiRequest r) throws ApiError {
        AgentDesk d = desk();
        noQuery(r);
        JsonBody body = body(r, Set.of("extension", "takeOver"));
        String extension = text(body, "extension");
        if (extension == null || !extension.matches("[0-9]{2,10}")) {
            throw field("extension", "must be the softphone's extension, 2 to 10 digits");
        }
        boolean takeOver = body.flag("takeOver");
        // the login binds the desk in Redis on this worker, then the floor's answer comes later
        return later(d.login(r.user().name(), extension, deskId(r), r.remoteAddress(), takeOver),
                result -> loggedIn(r, result));
    }

    private static ApiResponse loggedIn(ApiRequest r, LoginResult result) throws ApiError {
        if (result instanceof LoginResult.Conflict c) {
            Map<String, Object> out = new LinkedHashMap<>();
            LoginResult.Desktop open = c.open();
            boolean self = c.holder().equals(r.user().name());
            out.put("error", (self ? "已在其他位置登录" : "分机 " + c.extension() + " 已被 " + c.holder() + " 使用")
                    + (open == null ? "" : "：" + open.where() + "，自 " + Instant.ofEpochMilli(open.since())));
            out.put("status", 409);
            out.put("holder", c.holder());
            out.put("extension", c.extension());
            out.put("where", open == null ? null : open.where());
            out.put("since", open == null ? null : Instant.ofEpochMilli(open.since()).toString());
            out.put("takeOver", "send the login again with \"takeOver\": true to close that desktop");
            return new ApiResponse(409, out, null, null, Map.of());
        }
        if (result instanceof LoginResult.Refused refused) {
            throw problem(refused.problem());
        }
        return answer(((LoginResult.LoggedIn) result).result());
    }

    private ApiResponse notReady(ApiRequest r) throws ApiError {
        AgentDesk d = desk();
        noQuery(r);
        JsonBody body = body(r, Set.of("reason"));
        String reason = text(body, "reason");
        if (reason == null) {
            throw field("reason", "is required: one of the pause reasons GET /api/agent/me lists");
        }
        // the floor checks the reason against the ones in force there and refuses an unknown one (a 400, below)
        return act(d.notReady(r.user().name(), reason));
    }

    private ApiResponse wrapUp(ApiRequest r) throws ApiError {
        AgentDesk d = desk();
        noQuery(r);
        JsonBody body = body(r, Set.of("callId", "code", "resolution", "notes", "idempotencyKey"));
        String given = text(body, "callId");
        var m = given == null ? null : DeskRoutes.CALL_ID.matcher(given);
        if (m == null || !m.matches()) {
            throw field("callId", "must be <asterisk system>~<uniqueid> of the call you handled");
        }
        String code = text(body, "code");
        String resolution = text(body, "resolution");
        String notes = text(body, "notes");
        String key = text(body, "idempotencyKey");
        WrapupCodes.Refusal refusal = codes.refusal(code, resolution, notes);
        if (refusal != null) {
            throw field(refusal.field(), refusal.why());
        }
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw field("idempotencyKey", "must be 8 to 64 letters, digits, '-' or '_'");
        }
        String agent = r.user().name();
        // Keys are the agent's own: another agent's key can neither replay nor reveal that agent's answer.
        WrapUp form = new WrapUp(m.group(2), CallContexts.callId(m.group(1), m.group(2)), null, code,
                WrapupCodes.resolution(resolution), notes, null, List.of(), key == null ? null : agent + "|" + key);
        return later(d.wrapUp(agent, form), result -> {
            if (!result.done() && result.problem() != null && result.problem().startsWith("no open wrap-up")) {
                throw field("callId", "is no call you are wrapping up or handled in the last 10 minutes");
            }
            return answer(result);
        });
    }

    private ApiResponse heartbeat(ApiRequest r) throws ApiError {
        desk().heartbeat(agent(r));
        return ApiResponse.noContent();
    }

    private ApiResponse me(ApiRequest r) throws ApiError {
        AgentDesk d = desk();
        CompletableFuture<AgentSnapshot> snapshot = d.snapshot(agent(r));
        CompletableFuture<Map<String, Duration>> limits = d.pauseLimits();
        // both are done when the answer runs: join() only reads them
        return later(CompletableFuture.allOf(snapshot, limits), done -> me(r, snapshot.join(), limits.join()));
    }

    private ApiResponse me(ApiRequest r, AgentSnapshot s, Map<String, Duration> current) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", r.user().name());
        out.put("role", r.user().role().wireName());
        out.put("desk", deskId(r));
        out.put("phoneSystemUp", phoneSystemUp.getAsBoolean());
        out.put("agent", DeskFrames.agent(s));
        List<Map<String, Object>> reasons = new ArrayList<>();
        // the reasons in force: an admin may have edited them since the start (AgentDesk.pauseLimits)
        (current == null || current.isEmpty() ? pauseReasons : current)
                .forEach((reason, limit) -> reasons.add(Map.of("reason", reason, "limitSeconds", limit.toSeconds())));
        out.put("pauseReasons", reasons);
        return ApiResponse.ok(out);
    }

    private static ApiResponse act(CompletableFuture<DeskResult> pending) {
        return later(pending, AgentRoutes::answer);
    }

    private static <T> ApiResponse later(CompletableFuture<T> pending, ApiResponse.Answer<T> answer) {
        return ApiResponse.later(pending, ANSWER_WITHIN, LATE, answer);
    }

    private static ApiResponse answer(DeskResult result) throws ApiError {
        if (!result.done()) {
            String p = result.problem() == null ? "refused" : result.problem();
            if (p.equals("not logged in")) {
                throw new ApiError(409, "not logged in at a desktop: POST /api/agent/login first");
            }
            throw problem(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", true);
        out.put("agent", DeskFrames.agent(result.snapshot()));
        return ApiResponse.ok(out);
    }

    /** The floor's refusals say {@code field: why}; anything else is about the request as a whole. */
    private static ApiError problem(String p) {
        int colon = p.indexOf(": ");
        if (colon > 0 && p.substring(0, colon).matches("[a-zA-Z]+")) {
            return field(p.substring(0, colon), p.substring(colon + 2));
        }
        if (p.startsWith("unknown reason")) {
            return field("reason", p);
        }
        if (p.startsWith("data service")) {
            return new ApiError(503, "数据服务不可用: " + p, 5);
        }
        return new ApiError(409, p);
    }

    private static JsonBody body(ApiRequest r, Set<String> known) throws ApiError {
        JsonBody body = JsonBody.parse(r.body());
        body.onlyKnown(known);
        return body;
    }

    /** A string field; text that arrived as invalid UTF-8 (decoded to U+FFFD) or with control characters is a 400. */
    private static String text(JsonBody body, String name) throws ApiError {
        String v = body.text(name);
        if (v == null) {
            return null;
        }
        if (v.indexOf('\uFFFD') >= 0) {
            throw field(name, "is not valid UTF-8");
        }
        if (!name.equals("notes")) {
            for (int i = 0; i < v.length(); i++) {
                if (Character.isISOControl(v.charAt(i))) {
                    throw field(name, "contains a control character");
                }
            }
            if (v.length() > 200) {
                throw field(name, "is longer than 200 characters");
            }
        }
        return v;
    }

    private static ApiError field(String name, String why) {
        return new ApiError(400, "field '" + name + "' " + why);
    }

    private static void noQuery(ApiRequest r) throws ApiError {
        for (String name : r.query().keySet()) {
            throw ApiError.badParameter(name.length() > 40 ? name.substring(0, 40) : name, "is not known here");
        }
    }
}
