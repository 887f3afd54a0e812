package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.XAddParams;

/**
 * What a manager or admin did to someone else (a forced state, a broadcast, an edited list): one log line and one
 * entry in the Redis stream {@value #STREAM} with who, what, to whom and when. The log line is written first and
 * always, so a Redis outage loses no trace of the act; the stream entry is what an auditor queries.
 */
public final class Audit {
    private static final Logger log = LoggerFactory.getLogger(Audit.class);
    public static final String STREAM = "audit";
    // about a year of a busy hall's supervisor actions; older entries are trimmed by Redis
    private static final long MAX_ENTRIES = 1_000_000;

    private final Redis redis;
    private final Clock clock;

    public Audit(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * Records {@code who} did {@code action} to {@code subject}; {@code details} are short values we checked
     * (no control characters). Returns the stream entry's id, or null when Redis did not take it (logged).
     */
    public String record(String who, String action, String subject, Map<String, String> details) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("at", clock.instant().toString());
        entry.put("who", who);
        entry.put("action", action);
        entry.put("subject", subject);
        details.forEach((k, v) -> {
            if (v != null) {
                entry.put(k, v);
            }
        });
        StringBuilder line = new StringBuilder();
        details.forEach((k, v) -> line.append(' ').append(k).append("=\"").append(v == null ? "-" : oneLine(v)).append('"'));
        String id = null;
        try {
            id = redis.jedis().xadd(STREAM, XAddParams.xAddParams().maxLen(MAX_ENTRIES).approximateTrimming(), entry)
                    .toString();
        } catch (RuntimeException e) {
            log.warn("event=audit_unsaved action={} who={} subject={} error=\"{}\"", action, who, subject,
                    e.getMessage());
        }
        log.info("event=audit action={} who={} subject={}{} id={}", action, who, subject, line, id == null ? "-" : id);
        return id;
    }

    // a broadcast may have line breaks and quotes; the log keeps one line per event
    private static String oneLine(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }
}
