package cn.hotline12333.stats;

import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Records the consumers refused to aggregate: counted per stream and reason, the last {@value #KEEP} listed with
 * their stream entry id (never their content, which holds phone numbers), for /api/stats/health.
 */
final class Quarantine {
    static final String COUNTS = "stats:quarantine:counts";
    static final String LIST = "stats:quarantine:recent";
    static final int KEEP = 200;

    private final UnifiedJedis jedis;

    Quarantine(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    void add(String stream, String entryId, String recordId, String reason, Instant at) {
        jedis.hincrBy(COUNTS, stream, 1);
        jedis.hincrBy(COUNTS, stream + "/" + reason, 1);
        jedis.lpush(LIST, at + " " + stream + " " + entryId + " " + reason + (recordId == null ? "" : " " + recordId));
        jedis.ltrim(LIST, 0, KEEP - 1);
    }

    List<String> recent() {
        return jedis.lrange(LIST, 0, KEEP - 1);
    }
}
