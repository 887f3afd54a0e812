package cn.hotline12333.web;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.PauseReasons;
import cn.hotline12333.agent.SkillGroups;
import cn.hotline12333.wrapup.WrapupCodes;
import cn.hotline12333.wrapup.WrapupProblem;
import cn.hotline12333.wrapup.WrapupTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an admin edits for the agent desktop: the pause reasons ({@code /api/admin/pause-reasons}), the skill groups'
 * queues ({@code /api/admin/skill-groups}) and a new version of the wrap-up codes ({@code POST /api/admin/wrapup},
 * the YAML as the body). Every list is checked first (a 400 naming each field that is wrong), then saved with its
 * history kept, applied, and audited. Redis trouble is a 503.
 */
public final class AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY = 20;

    private final PauseReasons pauses;
    private final SkillGroups groups;
    private final WrapupCodes wrapup;
    private final AgentDesk desk;
    private final Supplier<Set<String>> knownQueues;
    private final Audit audit;

    /** {@code desk}: null on a node without the agent desk (edits are saved; desks elsewhere pick them up). */
    public AdminRoutes(PauseReasons pauses, SkillGroups groups, WrapupCodes wrapup, AgentDesk desk,
                       Supplier<Set<String>> knownQueues, Audit audit) {
        this.pauses = pauses;
        this.groups = groups;
        this.wrapup = wrapup;
        this.desk = desk;
        this.knownQueues = knownQueues;
        this.audit = audit;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/pause-reasons", Role.ADMIN, this::pauseReasons),
                new Route("PUT", "/api/admin/pause-reasons", Role.ADMIN, this::savePauseReasons),
                new Route("GET", "/api/admin/skill-groups", Role.ADMIN, this::skillGroups),
                new Route("PUT", "/api/admin/skill-groups", Role.ADMIN, this::saveSkillGroups),
                new Route("GET", "/api/admin/wrapup", Role.ADMIN, this::wrapupVersions),
                new Route("POST", "/api/admin/wrapup", Role.ADMIN, this::publishWrapup));
    }

    private ApiResponse pauseReasons(ApiRequest r) throws ApiError {
        PauseReasons.Version current = redis(pauses::current);
        if (current == null) {
            current = PauseReasons.fromSettings(desk == null ? Map.of() : desk.pauseLimits().join());
        }
        Map<String, Object> body = pauseJson(current);
        List<Map<String, Object>> history = new ArrayList<>();
        for (PauseReasons.Version v : redis(() -> pauses.history(HISTORY))) {
            history.add(pauseJson(v));
        }
        body.put("history", history);
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> pauseJson(PauseReasons.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("by", v.by());
        m.put("at", v.at());
        List<Map<String, Object>> list = new ArrayList<>();
        for (PauseReasons.Reason reason : v.reasons()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("code", reason.code());
            one.put("label", reason.label());
            one.put("limitMinutes", reason.limit().toMinutes());
            list.add(one);
        }
        m.put("reasons", list);
        return m;
    }

    private ApiResponse savePauseReasons(ApiRequest r) throws ApiError {
        JsonNode body = object(r.body(), Set.of("reasons"));
        JsonNode list = body.get("reasons");
        if (list == null || !list.isArray()) {
            throw new ApiError(400, "field 'reasons' must be a list of {code, label, limitMinutes}");
        }
        List<PauseReasons.Reason> reasons = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = "reasons[" + i + "]";
            if (!n.isObject()) {
                throw new ApiError(400, "field '" + at + "' must be an object {code, label, limitMinutes}");
            }
            JsonNode minutes = n.get("limitMinutes");
            if (minutes == null || !minutes.isInt()) {
                throw new ApiError(400, "field '" + at + ".limitMinutes' must be a whole number of minutes");
            }
            reasons.add(new PauseReasons.Reason(textOf(n, at + ".code"), textOf(n, at + ".label"),
                    Duration.ofMinutes(minutes.intValue())));
        }
        List<String> problems = PauseReasons.problems(reasons);
        if (!problems.isEmpty()) {
            throw new ApiError(400, "field " + String.join("; field ", problems));
        }
        PauseReasons.Version saved = redis(() -> pauses.save(reasons, r.user().name()));
        if (desk != null) {
            desk.pauseLimits(saved.limits()).join();
        }
        audit.record(r.user().name(), "pause_reasons_saved", "version " + saved.version(),
                Map.of("reasons", String.join(",", saved.limits().keySet())));
        return ApiResponse.ok(pauseJson(saved));
    }

    private ApiResponse skillGroups(ApiRequest r) throws ApiError {
        SkillGroups.Version current = redis(groups::current);
        Map<String, Object> body = current == null ? groupsJson(new SkillGroups.Version(0, "-", 0, Map.of(), Map.of()))
                : groupsJson(current);
        List<Map<String, Object>> history = new ArrayList<>();
        for (SkillGroups.Version v : redis(() -> groups.history(HISTORY))) {
            history.add(groupsJson(v));
        }
        body.put("history", history);
        body.put("knownQueues", knownQueues.get());
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> groupsJson(SkillGroups.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("by", v.by());
        m.put("at", v.at());
        m.put("groups", v.groups());
        m.put("members", v.members());
        return m;
    }

    private ApiResponse saveSkillGroups(ApiRequest r) throws ApiError {
        JsonNode body = object(r.body(), Set.of("groups", "members"));
        JsonNode g = body.get("groups");
        JsonNode m = body.get("members");
        if (g == null || !g.isObject()) {
            throw new ApiError(400, "field 'groups' must be an object {group: [queue, …]}");
        }
        if (m != null && !m.isObject() && !m.isNull()) {
            throw new ApiError(400, "field 'members' must be an object {agent: group}");
        }
        Map<String, List<String>> groupMap = new LinkedHashMap<>();
        var fields = g.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().isArray()) {
                throw new ApiError(400, "field 'groups." + cut(e.getKey()) + "' must be a list of queues");
            }
            List<String> queues = new ArrayList<>();
            for (JsonNode q : e.getValue()) {
                if (!q.isTextual()) {
                    throw new ApiError(400, "field 'groups." + cut(e.getKey()) + "' must hold queue names");
                }
                queues.add(q.textValue());
            }
            groupMap.put(e.getKey(), queues);
        }
        Map<String, String> members = new LinkedHashMap<>();
        if (m != null && m.isObject()) {
            var each = m.fields();
            while (each.hasNext()) {
                var e = each.next();
                if (!e.getValue().isTextual()) {
                    throw new ApiError(400, "field 'members." + cut(e.getKey()) + "' must be a group name");
                }
                members.put(e.getKey(), e.getValue().textValue());
            }
        }
        Set<String> known = knownQueues.get();
        List<String> problems = SkillGroups.problems(groupMap, members, known);
        if (!problems.isEmpty()) {
            throw new ApiError(400, "field " + String.join("; field ", problems.stream().map(AdminRoutes::cut)
                    .toList()));
        }
        SkillGroups.Version saved = redis(() -> groups.save(groupMap, members, known, r.user().name()));
        audit.record(r.user().name(), "skill_groups_saved", "version " + saved.version(),
                Map.of("groups", String.join(",", saved.groups().keySet()),
                        "members", Integer.toString(saved.members().size())));
        return ApiResponse.ok(groupsJson(saved));
    }

    private ApiResponse wrapupVersions(ApiRequest r) {
        List<Map<String, Object>> versions = new ArrayList<>();
        for (WrapupCodes.Version v : wrapup.versions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("effectiveFrom", v.effectiveFrom().toString());
            m.put("version", v.tree().version());
            m.put("digest", v.tree().digest());
            m.put("topics", v.tree().topics().size());
            versions.add(m);
        }
        WrapupTree current = wrapup.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", current.version());
        body.put("digest", current.digest());
        body.put("versions", versions);
        return ApiResponse.ok(body);
    }

    private ApiResponse publishWrapup(ApiRequest r) throws ApiError {
        String yaml = r.body();
        if (yaml == null || yaml.isBlank()) {
            throw new ApiError(400, "the body must be the wrap-up codes' YAML");
        }
        if (yaml.indexOf('\uFFFD') >= 0) {
            throw new ApiError(400, "the body is not valid UTF-8");
        }
        List<WrapupProblem> problems;
        try {
            problems = wrapup.publish(yaml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.UncheckedIOException e) {
            throw new ApiError(503, "the wrap-up file cannot be written; try again later");
        }
        if (!problems.isEmpty()) {
            throw new ApiError(400, "wrap-up codes refused: " + String.join("; ",
                    problems.stream().map(Object::toString).toList()));
        }
        WrapupTree now = wrapup.current();
        audit.record(r.user().name(), "wrapup_published", "version " + now.version(),
                Map.of("digest", now.digest()));
        return wrapupVersions(r);
    }

    private static JsonNode object(String body, Set<String> known) throws ApiError {
        JsonNode n;
        try {
            n = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new ApiError(400, "the body is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new ApiError(400, "the body must be a JSON object");
        }
        var names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!known.contains(f)) {
                throw new ApiError(400, "field '" + cut(f) + "' is not known here");
            }
        }
        return n;
    }

    private static String textOf(JsonNode n, String field) throws ApiError {
        JsonNode v = n.get(field.substring(field.lastIndexOf('.') + 1));
        if (v == null || !v.isTextual()) {
            throw new ApiError(400, "field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @FunctionalInterface
    private interface RedisWork<T> {
        T get();
    }

    private static <T> T redis(RedisWork<T> work) throws ApiError {
        try {
            return work.get();
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw new ApiError(503, "数据服务不可用: Redis is not answering", 5);
        }
    }
}
