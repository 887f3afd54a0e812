package cn.hotline12333.stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamInfo;
import redis.clients.jedis.UnifiedJedis;

/**
 * The consumers' state per stream: entries not yet delivered to the group (lag, as the time between the newest
 * entry and the last delivered one, since Redis 6.2 keeps no entry count), pending (delivered, not acknowledged),
 * the last applied record, and how many were quarantined.
 */
final class Health {
    static final String APPLIED = "stats:applied";

    private final UnifiedJedis jedis;
    private final Clock clock;

    Health(UnifiedJedis jedis, Clock clock) {
        this.jedis = jedis;
        this.clock = clock;
    }

    ReportTable table() {
        List<List<Object>> rows = new ArrayList<>();
        Map<String, String> applied = jedis.hgetAll(APPLIED);
        Map<String, String> quarantined = jedis.hgetAll(Quarantine.COUNTS);
        for (String stream : StatsConsumers.STREAMS) {
            Long pending = null;
            String delivered = null;
            String last = null;
            Long lagMs = null;
            try {
                StreamInfo info = jedis.xinfoStream(stream);
                last = info.getLastGeneratedId().toString();
                for (StreamGroupInfo g : jedis.xinfoGroups(stream)) {
                    if (g.getName().equals(StatsConsumers.GROUP)) {
                        pending = g.getPending();
                        StreamEntryID d = g.getLastDeliveredId();
                        delivered = d.toString();
                        lagMs = Math.max(0, info.getLastGeneratedId().getTime() - d.getTime());
                    }
                }
            } catch (JedisDataException e) {
                // no such stream yet: nothing written, nothing behind
            }
            String a = applied.get(stream);
            String[] parts = a == null ? new String[0] : a.split(" ", 3);
            rows.add(List.of(stream, StatsConsumers.GROUP, nz(last), nz(delivered), lagMs == null ? 0L : lagMs,
                    pending == null ? 0L : pending, parts.length > 0 ? parts[0] : "", parts.length > 1 ? parts[1] : "",
                    parts.length > 2 ? parts[2] : "", Long.parseLong(quarantined.getOrDefault(stream, "0"))));
        }
        List<ReportTable.Column> columns = new Columns().text("stream", "数据流").text("group", "消费组")
                .text("last_entry", "最新条目").text("last_delivered", "最近分发").ms("lag_ms", "滞后")
                .count("pending", "待确认").text("last_applied_at", "最近入账时间").text("last_applied_entry", "最近入账条目")
                .text("last_applied_record", "最近入账记录").count("quarantined", "隔离记录").list();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("report", "health");
        meta.put("at", clock.instant().toString());
        meta.put("source", "redis");
        meta.put("quarantined_by_reason", new java.util.TreeMap<>(quarantined));
        meta.put("quarantined_recent", new Quarantine(jedis).recent());
        return new ReportTable("health", columns, rows, meta);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
