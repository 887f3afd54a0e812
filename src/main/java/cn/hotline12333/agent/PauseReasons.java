package cn.hotline12333.agent;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The not-ready reasons an admin keeps in Redis: code (what the agent picks and Asterisk shows as PausedReason),
 * label (what people read) and the limit after which a supervisor sees the pause amber. Each save is a new version
 * under {@value #KEY}; the replaced lists are kept in {@value #HISTORY} (newest first, at most 200). Until an admin
 * saves one, the settings' AGENT_PAUSE_REASONS are the list. Blocking (Redis): call from a worker.
 */
public final class PauseReasons {
    static final String KEY = "agent:pause-reasons";
    static final String HISTORY = "agent:pause-reasons:history";
    static final int KEEP = 200;
    static final int MAX_REASONS = 30;
    static final Duration MIN_LIMIT = Duration.ofMinutes(1);
    static final Duration MAX_LIMIT = Duration.ofHours(8);
    /** reasons the desk gives by itself; an admin cannot offer them to agents */
    static final Set<String> RESERVED = Set.of(Transitions.WRAPUP_REASON, Transitions.LOGIN_REASON,
            Transitions.WRAPUP_TIMEOUT_REASON, Transitions.DESKTOP_LOST_REASON, Transitions.AUTO_PAUSE_REASON,
            Transitions.PHONE_OFFLINE_REASON);
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Reason(String code, String label, Duration limit) {
    }

    /** One saved list: its version (0 = the settings'), who saved it and when (epoch ms). */
    public record Version(long version, String by, long at, List<Reason> reasons) {
        public Version {
            reasons = List.copyOf(reasons);
        }

        public Map<String, Duration> limits() {
            Map<String, Duration> m = new LinkedHashMap<>();
            reasons.forEach(r -> m.put(r.code(), r.limit()));
            return m;
        }
    }

    private final Redis redis;
    private final Clock clock;

    public PauseReasons(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** The settings' reasons as version 0, labelled by their codes. */
    public static Version fromSettings(Map<String, Duration> limits) {
        List<Reason> list = new ArrayList<>();
        limits.forEach((code, limit) -> list.add(new Reason(code, code, limit)));
        return new Version(0, "settings", 0, list);
    }

    /** The saved list, or null when no admin has saved one. */
    public Version current() {
        String json = redis.jedis().get(KEY);
        return json == null ? null : parse(json);
    }

    public List<Version> history(int max) {
        List<Version> out = new ArrayList<>();
        for (String json : redis.jedis().lrange(HISTORY, 0, Math.max(0, max - 1))) {
            out.add(parse(json));
        }
        return out;
    }

    /** Why {@code reasons} cannot be saved, each naming its field ({@code reasons[2].limit}); empty when it can. */
    public static List<String> problems(List<Reason> reasons) {
        List<String> out = new ArrayList<>();
        if (reasons.isEmpty() || reasons.size() > MAX_REASONS) {
            out.add("reasons: 1 to " + MAX_REASONS + " reasons");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reasons.size(); i++) {
            Reason r = reasons.get(i);
            String at = "reasons[" + i + "].";
            if (!plain(r.code(), 16) || r.code().contains(",") || r.code().contains(":")) {
                out.add(at + "code: 1 to 16 characters, no control characters, no ',' or ':'");
            } else if (RESERVED.contains(r.code())) {
                out.add(at + "code: " + r.code() + " is set by the desk itself");
            } else if (!seen.add(r.code())) {
                out.add(at + "code: " + r.code() + " appears twice");
            }
            if (!plain(r.label(), 32)) {
                out.add(at + "label: 1 to 32 characters, no control characters");
            }
            if (r.limit() == null || r.limit().compareTo(MIN_LIMIT) < 0 || r.limit().compareTo(MAX_LIMIT) > 0) {
                out.add(at + "limit: from 1 minute to 8 hours");
            }
        }
        return out;
    }

    /** Saves a checked list as the next version and keeps the one it replaces in the history. */
    public Version save(List<Reason> reasons, String by) {
        List<String> problems = problems(reasons);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Version before = current();
        Version next = new Version(before == null ? 1 : before.version() + 1, by, clock.millis(), reasons);
        if (before != null) {
            redis.jedis().lpush(HISTORY, json(before));
            redis.jedis().ltrim(HISTORY, 0, KEEP - 1);
        }
        redis.jedis().set(KEY, json(next));
        return next;
    }

    static boolean plain(String s, int max) {
        if (s == null || s.isBlank() || s.codePointCount(0, s.length()) > max || !s.strip().equals(s)) {
            return false;
        }
        return s.chars().noneMatch(c -> Character.isISOControl(c) || c == '\uFFFD');
    }

    private static String json(Version v) {
        var n = JSON.createObjectNode();
        n.put("version", v.version());
        n.put("by", v.by());
        n.put("at", v.at());
        var list = n.putArray("reasons");
        for (Reason r : v.reasons()) {
            list.addObject().put("code", r.code()).put("label", r.label()).put("limitMs", r.limit().toMillis());
        }
        return n.toString();
    }

    private static Version parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<Reason> list = new ArrayList<>();
            for (JsonNode r : n.path("reasons")) {
                list.add(new Reason(r.path("code").asText(), r.path("label").asText(),
                        Duration.ofMillis(r.path("limitMs").asLong())));
            }
            return new Version(n.path("version").asLong(), n.path("by").asText(), n.path("at").asLong(), list);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(KEY + " in Redis is not JSON", e);
        }
    }
}
