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
    private final Rollups rollups;
    private final int rollupDays;

    Retention(UnifiedJedis jedis, int bucketDays) {
        this(jedis, bucketDays, java.time.ZoneId.of("Asia/Shanghai"), 400);
    }

    Retention(UnifiedJedis jedis, int bucketDays, java.time.ZoneId zone, int rollupDays) {
        this.jedis = jedis;
        this.bucketDays = bucketDays;
        this.rollups = new Rollups(jedis, zone);
        this.rollupDays = rollupDays;
    }

    /** The first local day whose buckets are all still kept, given the oldest UTC day kept. */
    static LocalDate firstWholeLocalDay(LocalDate oldestKeptUtc, java.time.ZoneId zone) {
        return oldestKeptUtc.atStartOfDay(java.time.ZoneOffset.UTC).withZoneSameInstant(zone).toLocalDate().plusDays(1);
    }

    /** Whether either UTC day the local day overlaps holds buckets in its live generation or one being built. */
    private boolean hasBuckets(LocalDate localDay) {
        java.time.ZonedDateTime start = localDay.atStartOfDay(rollups.zone());
        LocalDate first = start.withZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDate();
        LocalDate last = start.plusDays(1).minusNanos(1).withZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            String prefix = Buckets.prefix(day);
            String gen = Objects.requireNonNullElse(jedis.get(prefix + "gen"), "0");
            String building = jedis.get(prefix + "building");
            if (hasBuckets(prefix, gen) || (building != null && hasBuckets(prefix, building))) {
                return true;
            }
        }
        return false;
    }

    /** Every applied record enters the day's seen index; queue and agent records their indexes too. */
    private boolean hasBuckets(String prefix, String gen) {
        return jedis.exists(prefix + gen + ":is") || jedis.exists(prefix + gen + ":iq")
                || jedis.exists(prefix + gen + ":ia");
    }

    void sweep(LocalDate todayUtc) {
        LocalDate oldestKept = todayUtc.minusDays(bucketDays);
        // roll up every whole local day at least two days old before its buckets can go
        for (LocalDate local = firstWholeLocalDay(oldestKept, rollups.zone()); local.isBefore(todayUtc.minusDays(1));
             local = local.plusDays(1)) {
            // a day with no buckets has nothing to roll up: a fresh Redis would read 96 slots of every kind for each
            // of the two months before today; it is looked at again at the next sweep, should its records come late
            if (!rollups.built(local) && hasBuckets(local)) {
                rollups.build(local, rollupDays);
                log.info("event=stats_day_rolled_up day={}", local);
            }
        }
        for (LocalDate day = oldestKept.minusDays(LOOK_BACK_DAYS); day.isBefore(oldestKept); day = day.plusDays(1)) {
            String prefix = Buckets.prefix(day);
            String gen = Objects.requireNonNullElse(jedis.get(prefix + "gen"), "0");
            if (!hasBuckets(prefix, gen)) {
                continue;
            }
            DayKeys.delete(jedis, day, gen);
            jedis.del(prefix + "gen", prefix + "building");
            log.info("event=stats_day_expired day={} kept_days={}", day, bucketDays);
        }
    }
}
