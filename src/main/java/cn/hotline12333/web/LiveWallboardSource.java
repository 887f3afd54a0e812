package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/**
 * The wallboard's figures from the live keys (docs/call-record.md, "Live keys") in one Redis round trip, plus
 * the period figures (today, last 60 minutes) from the statistics. Paths: {@code total.ivr};
 * {@code q.<queue>.waiting} and {@code q.<queue>.longestSince} (entry time of the longest waiting caller, epoch
 * ms), the same under {@code total.}; {@code q.<queue>.agents.<state>} and {@code total.agents.<state>} with
 * states ready, ringing, on_call, wrap_up, not_ready, offline (a phone that is offline counts as offline
 * whatever the desktop says); {@code total.notReady.<reason>}; {@code total.pending.callback|message}.
 */
public final class LiveWallboardSource implements WallboardSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> STATES = List.of("ready", "ringing", "on_call", "wrap_up", "not_ready", "offline");

    private final Redis redis;
    private final Supplier<Collection<String>> queues;
    private final Supplier<Map<String, Object>> periods;

    /**
     * @param queues  the queues to show even when nobody waits or works in them (the flows' queues)
     * @param periods today's and the last hour's figures as paths ({@code q.<queue>.today.sl}, …); blocking is fine
     */
    public LiveWallboardSource(Redis redis, Supplier<Collection<String>> queues, Supplier<Map<String, Object>> periods) {
        this.redis = redis;
        this.queues = queues;
        this.periods = periods;
    }

    @Override
    public Map<String, Object> figures() {
        TreeSet<String> names = new TreeSet<>(queues.get());
        Map<String, Object> out = new TreeMap<>();
        Response<Long> ivr;
        Map<String, Response<Long>> waiting = new TreeMap<>();
        Map<String, Response<List<Tuple>>> longest = new TreeMap<>();
        Response<Map<String, String>> agents;
        Response<Map<String, String>> pending;
        try (AbstractPipeline p = redis.jedis().pipelined()) {
            ivr = p.zcard("live:ivr");
            for (String q : names) {
                waiting.put(q, p.zcard("live:queue:" + q));
                longest.put(q, p.zrangeWithScores("live:queue:" + q, 0, 0));
            }
            agents = p.hgetAll("live:agents");
            pending = p.hgetAll("live:pending");
            p.sync();
        }
        out.put("total.ivr", ivr.get());
        long totalWaiting = 0;
        Long totalLongest = null;
        for (String q : names) {
            long w = waiting.get(q).get();
            totalWaiting += w;
            out.put("q." + q + ".waiting", w);
            List<Tuple> head = longest.get(q).get();
            if (!head.isEmpty()) {
                long since = (long) head.get(0).getScore();
                out.put("q." + q + ".longestSince", since);
                totalLongest = totalLongest == null ? since : Math.min(totalLongest, since);
            }
        }
        out.put("total.waiting", totalWaiting);
        if (totalLongest != null) {
            out.put("total.longestSince", totalLongest);
        }
        countAgents(agents.get(), names, out);
        pending.get().forEach((kind, count) -> out.put("total.pending." + kind, parseLong(count)));
        out.putIfAbsent("total.pending.callback", 0L);
        out.putIfAbsent("total.pending.message", 0L);
        out.putAll(periods.get());
        return out;
    }

    private static void countAgents(Map<String, String> agents, TreeSet<String> names, Map<String, Object> out) {
        for (String state : STATES) {
            out.put("total.agents." + state, 0L);
            names.forEach(q -> out.put("q." + q + ".agents." + state, 0L));
        }
        for (String json : agents.values()) {
            JsonNode agent;
            try {
                agent = JSON.readTree(json);
            } catch (Exception e) {
                continue; // one unreadable entry must not blank the board
            }
            String state = agent.path("state").asText("");
            if (agent.path("phone").asText("ok").equals("offline")) {
                state = "offline";
            }
            if (!STATES.contains(state)) {
                continue; // logged out
            }
            out.merge("total.agents." + state, 1L, (a, b) -> (Long) a + (Long) b);
            if (state.equals("not_ready")) {
                String reason = agent.path("reason").asText("");
                out.merge("total.notReady." + (reason.isEmpty() ? "未说明" : reason), 1L, (a, b) -> (Long) a + (Long) b);
            }
            for (JsonNode q : agent.path("queues")) {
                if (names.contains(q.asText())) { // a queue the board does not show makes no row of its own
                    out.merge("q." + q.asText() + ".agents." + state, 1L, (a, b) -> (Long) a + (Long) b);
                }
            }
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
