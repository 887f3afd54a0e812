package cn.hotline12333.agent;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which queues an agent joins at login: skill groups (a name and its queues) and the agents in each, as an admin
 * keeps them in Redis ({@value #KEY}, replaced versions in {@value #HISTORY}, newest first, at most 200). An agent
 * in no group joins AGENT_QUEUES. Blocking (Redis): call from a worker.
 */
public final class SkillGroups {
    static final String KEY = "agent:skill-groups";
    static final String HISTORY = "agent:skill-groups:history";
    static final int KEEP = 200;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** groups: name → queues; members: agent → group name. */
    public record Version(long version, String by, long at, Map<String, List<String>> groups,
                          Map<String, String> members) {
        public Version {
            groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The agent's queues, or null when it is in no group. */
        public List<String> queuesOf(String agent) {
            String group = members.get(agent);
            return group == null ? null : groups.get(group);
        }
    }

    private final Redis redis;
    private final Clock clock;

    public SkillGroups(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

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

    /**
     * Why these groups cannot be saved, each naming its field ({@code groups.pension[1]}, {@code members.1001});
     * {@code knownQueues}: the queues the flows send callers to (empty: any well-formed name).
     */
    public static List<String> problems(Map<String, List<String>> groups, Map<String, String> members,
                                        Set<String> knownQueues) {
        List<String> out = new ArrayList<>();
        if (groups.size() > 100) {
            out.add("groups: at most 100");
        }
        groups.forEach((name, queues) -> {
            if (!NAME.matcher(name).matches()) {
                out.add("groups." + name + ": a group name is letters, digits, . _ - (at most 64)");
            }
            if (queues == null || queues.isEmpty() || queues.size() > 20) {
                out.add("groups." + name + ": 1 to 20 queues");
                return;
            }
            for (int i = 0; i < queues.size(); i++) {
                String q = queues.get(i);
                if (q == null || !NAME.matcher(q).matches()) {
                    out.add("groups." + name + "[" + i + "]: not a queue name");
                } else if (!knownQueues.isEmpty() && !knownQueues.contains(q)) {
                    out.add("groups." + name + "[" + i + "]: no queue " + q + " in the flows (" + knownQueues + ")");
                }
            }
        });
        if (members.size() > 10_000) {
            out.add("members: at most 10000");
        }
        members.forEach((agent, group) -> {
            if (!NAME.matcher(agent).matches()) {
                out.add("members." + agent + ": not an agent id");
            } else if (group == null || !groups.containsKey(group)) {
                out.add("members." + agent + ": no group " + group);
            }
        });
        return out;
    }

    public Version save(Map<String, List<String>> groups, Map<String, String> members, Set<String> knownQueues,
                        String by) {
        List<String> problems = problems(groups, members, knownQueues);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Version before = current();
        Version next = new Version(before == null ? 1 : before.version() + 1, by, clock.millis(), groups, members);
        if (before != null) {
            redis.jedis().lpush(HISTORY, json(before));
            redis.jedis().ltrim(HISTORY, 0, KEEP - 1);
        }
        redis.jedis().set(KEY, json(next));
        return next;
    }

    private static String json(Version v) {
        var n = JSON.createObjectNode();
        n.put("version", v.version());
        n.put("by", v.by());
        n.put("at", v.at());
        var g = n.putObject("groups");
        v.groups().forEach((name, queues) -> queues.forEach(g.putArray(name)::add));
        var m = n.putObject("members");
        v.members().forEach(m::put);
        return n.toString();
    }

    private static Version parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Map<String, List<String>> groups = new LinkedHashMap<>();
            n.path("groups").fields().forEachRemaining(e -> {
                List<String> qs = new ArrayList<>();
                e.getValue().forEach(q -> qs.add(q.asText()));
                groups.put(e.getKey(), qs);
            });
            Map<String, String> members = new LinkedHashMap<>();
            n.path("members").fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue().asText()));
            return new Version(n.path("version").asLong(), n.path("by").asText(), n.path("at").asLong(), groups,
                    members);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(KEY + " in Redis is not JSON", e);
        }
    }
}
