package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Deletes the 15-minute buckets of UTC days older than {@code bucketDays} (every node runs it hourly; deleting is
 * idempotent). Older periods are rebuilt from the JSONL files on demand with {@code stats rebuild}. It looks two
 * weeks back past the limit, so a node that was down for a while still cleans up after itself.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int LOOK_BACK_DAYS = 14;

    private final UnifiedJedis jedis;
    private final int bucketDays;

    Retention(UnifiedJedis jedis, int bucketDays) {
        this.jedis = jedis;
        this.bucketDays = bucketDays;
    }

    void sweep(LocalDate todayUtc) {
        LocalDate oldestKept = todayUtc.minusDays(bucketDays);
        for (LocalDate day = oldestKept.minusDays(LOOK_BACK_DAYS); day.isBefore(oldestKept); day = day.plusDays(1)) {
            String prefix = Buckets.prefix(day);
            String gen = Objects.requireNonNullElse(jedis.get(prefix + "gen"), "0");
            if (!jedis.exists(prefix + gen + ":is") && !jedis.exists(prefix + gen + ":iq")
                    && !jedis.exists(prefix + gen + ":ia")) {
                continue;
            }
            DayKeys.delete(jedis, day, gen);
            jedis.del(prefix + "gen", prefix + "building");
            log.info("event=stats_day_expired day={} kept_days={}", day, bucketDays);
        }
    }
}
