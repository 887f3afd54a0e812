package cn.hotline12333.web;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.CallerHistory;
import cn.hotline12333.wrapup.WrapupCodes;
import cn.hotline12333.wrapup.WrapupTree;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the agent desktop reads about a call beside the softphone: the IVR's context of a call
 * ({@code /api/calls/{callId}/context}, the call id written {@code <system>~<uniqueid>} as on
 * {@code /api/calls/{callId}}), the caller's last 90 days ({@code /api/callers/{callerHash}/history}) and the
 * wrap-up codes ({@code /api/agent/wrapup-codes}). Who may read which call is {@link CallAccess}'s. The caller
 * number leaves only masked, the citizen ID only as the IVR masked it; Redis trouble is a 503, never a 500.
 */
public final class DeskRoutes {
    static final Pattern CALL_ID = Pattern.compile("([0-9A-Za-z._@:-]{1,64})~([0-9]{1,20}\\.[0-9]{1,10})");

    private final CallContexts contexts;
    private final CallerHistory history;
    private final WrapupCodes codes;
    private final CallAccess access;
    private final Clock clock;

    public DeskRoutes(CallContexts contexts, CallerHistory history, WrapupCodes codes, CallAccess access,
                      Clock clock) {
        this.contexts = contexts;
        this.history = history;
        this.codes = codes;
        this.access = access;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/calls/{callId}/context", Role.AGENT, this::context),
                new Route("GET", "/api/callers/{callerHash}/history", Role.AGENT, this::history),
                new Route("GET", "/api/agent/wrapup-codes", Role.AGENT, this::wrapupCodes));
    }

    private ApiResponse context(ApiRequest r) throws ApiError {
        onlyKnown(r, Set.of());
        String given = r.pathParam("callId");
        var m = given == null ? null : CALL_ID.matcher(given);
        if (m == null || !m.matches()) {
            throw ApiError.badParameter("callId", "must be <asterisk system>~<uniqueid>, such as pbx-bj-1~1732259050.17");
        }
        String callId = CallContexts.callId(m.group(1), m.group(2));
        CallContexts.Found found = redis(() -> contexts.read(callId));
        if (!redis(() -> access.mayReadCall(r.user(), callId, found))) {
            throw new ApiError(403, "call " + callId + " did not ring you");
        }
        if (found.context() == null && found.offeredTo().isEmpty()) {
            throw ApiError.notFound("context of call " + callId);
        }
        return ApiResponse.ok(contextJson(callId, found, r.user().may(Role.MANAGER), found.offeredTo(r.user().name())));
    }

    private Map<String, Object> contextJson(String callId, CallContexts.Found found, boolean manager, boolean rangYou) {
        CallContext c = found.context();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", callId);
        body.put("fromIvr", c != null);
        body.put("pathText", c == null ? CallContext.NO_IVR : c.pathInWords());
        body.put("path", c == null ? List.of() : c.path());
        body.put("caller", c == null ? null : Redaction.mask(c.callerMasked()));
        body.put("callerHash", c == null ? null : c.callerHash());
        // the full number is for the agents the call rang, through POST /api/calls/{callId}/caller-phone (audited)
        body.put("callerPhoneForYou", rangYou && c != null && c.callerMasked() != null);
        body.put("topics", c == null ? List.of() : topics(c.topics()));
        List<Map<String, Object>> services = new ArrayList<>();
        if (c != null) {
            for (CallContext.Service s : c.selfService()) {
                services.add(Map.of("service", s.service(), "ok", s.ok(), "text", s.text()));
            }
        }
        body.put("selfService", services);
        body.put("citizenId", c == null ? null : masked(c.citizenId()));
        body.put("queue", c == null ? null : c.queue());
        body.put("startedAt", c == null || c.startedAt() == null ? null : c.startedAt().toString());
        body.put("enteredAt", c == null || c.enteredAt() == null ? null : c.enteredAt().toString());
        body.put("serverTime", clock.instant().toString());
        if (manager) {
            Map<String, String> offers = new LinkedHashMap<>();
            found.offeredTo().forEach((agent, at) -> offers.put(agent, at.toString()));
            body.put("offeredTo", offers);
        }
        return body;
    }

    private ApiResponse history(ApiRequest r) throws ApiError {
        onlyKnown(r, Set.of("limit"));
        String hash = r.pathParam("callerHash");
        if (hash == null || !CallerHistory.CALLER_HASH.matcher(hash).matches()) {
            throw ApiError.badParameter("callerHash", "must be 32 lowercase hex digits (a call record's caller_hash)");
        }
        int limit = r.intParam("limit", CallerHistory.CAP, 1, CallerHistory.CAP);
        if (!redis(() -> access.mayReadCaller(r.user(), hash))) {
            throw new ApiError(403, "no call of this caller rang you");
        }
        List<CallerHistory.Entry> entries = redis(() -> history.read(hash));
        List<Map<String, Object>> calls = new ArrayList<>();
        for (CallerHistory.Entry e : entries.subList(0, Math.min(limit, entries.size()))) {
            calls.add(entryJson(e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callerHash", hash);
        body.put("windowDays", CallerHistory.WINDOW.toDays());
        body.put("total", entries.size());
        body.put("calls", calls);
        return ApiResponse.ok(body);
    }

    private Map<String, Object> entryJson(CallerHistory.Entry e) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("callId", e.callId());
        call.put("at", e.at() == null ? null : e.at().toString());
        call.put("topics", topics(e.topics()));
        call.put("outcome", e.outcome());
        call.put("queue", e.queue());
        call.put("agent", e.agent());
        call.put("surveyScore", e.surveyScore());
        List<Map<String, Object>> wrapups = new ArrayList<>();
        for (CallerHistory.Handling h : e.handlings()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("agent", h.agent());
            w.put("queue", h.queue());
            w.put("code", h.wrapupCode());
            Instant written = h.writtenAt() == null ? null : h.writtenAt().toInstant();
            WrapupCodes.Described d = codes.describe(h.wrapupCode(), written);
            w.put("label", d == null ? null : d.label());
            w.put("topicName", d == null ? null : d.topicName());
            w.put("resolution", h.resolution());
            var resolution = h.resolution() == null ? null : WrapupCodes.resolution(h.resolution());
            w.put("resolutionName", resolution == null ? null : WrapupTree.RESOLUTIONS.get(resolution));
            w.put("revision", h.revision());
            w.put("writtenAt", h.writtenAt() == null ? null : h.writtenAt().toString());
            wrapups.add(w);
        }
        call.put("wrapups", wrapups);
        return call;
    }

    private ApiResponse wrapupCodes(ApiRequest r) throws ApiError {
        onlyKnown(r, Set.of());
        WrapupTree tree = codes.current();
        List<Map<String, Object>> topics = new ArrayList<>();
        for (WrapupTree.Topic t : tree.topics()) {
            List<Map<String, String>> list = new ArrayList<>();
            t.codes().forEach(c -> list.add(Map.of("id", c.id(), "label", c.label())));
            topics.add(Map.of("id", t.id(), "name", t.name(), "codes", list));
        }
        List<Map<String, String>> resolutions = new ArrayList<>();
        WrapupTree.RESOLUTIONS.forEach((res, words) -> resolutions.add(
                Map.of("id", res.name().toLowerCase(java.util.Locale.ROOT), "name", words)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", tree.version());
        body.put("digest", tree.digest());
        body.put("topics", topics);
        body.put("resolutions", resolutions);
        body.put("notesMaxLength", WrapupCodes.MAX_NOTES);
        return ApiResponse.ok(body);
    }

    private List<Map<String, String>> topics(List<String> ids) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : ids) {
            String name = codes.topicName(id);
            Map<String, String> t = new LinkedHashMap<>();
            t.put("id", id);
            t.put("name", name == null ? id : name);
            out.add(t);
        }
        return out;
    }

    // The IVR stores IDs masked; this only guards against a context written by something else.
    static String masked(String citizenId) {
        if (citizenId == null) {
            return null;
        }
        long shown = citizenId.chars().filter(ch -> ch != '*').count();
        return shown <= 8 ? citizenId : citizenId.substring(0, 4) + "*".repeat(Math.max(0, citizenId.length() - 8))
                + citizenId.substring(Math.max(4, citizenId.length() - 4));
    }

    private static void onlyKnown(ApiRequest r, Set<String> known) throws ApiError {
        for (String name : r.query().keySet()) {
            if (!known.contains(name)) {
                throw ApiError.badParameter(name.length() > 40 ? name.substring(0, 40) : name, "is not known here");
            }
        }
    }

    @FunctionalInterface
    private interface RedisRead<T> {
        T get();
    }

    private static <T> T redis(RedisRead<T> read) throws ApiError {
        try {
            return read.get();
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw new ApiError(503, "数据服务不可用: the call data store is not answering", 5);
        }
    }
}
