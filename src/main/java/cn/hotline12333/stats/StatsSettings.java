package cn.hotline12333.stats;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * What the statistics engine is told at start (README's configuration table lists the keys): the report zone,
 * the service-level and short-abandon thresholds (a default and per queue), the short IVR hang-up limit, the FCR
 * window, how long buckets are kept, and how the consumers batch.
 *
 * @param zone             default report zone; also the zone of "today" in {@code me}
 * @param thresholds       T and S for a queue without its own
 * @param queueThresholds  per-queue T and S
 * @param shortIvrSeconds  an IVR hang-up within this is left out of the self-service rate's denominator
 * @param fcrDays          a repeat call within this many days makes an answered call not first-contact-resolved
 * @param bucketDays       15-minute buckets older than this many days are deleted
 * @param provisionalFor   an interval stays provisional this long after its end (late wrap-ups, replays)
 * @param batch            records per apply script and per XREADGROUP
 * @param claimIdle        a pending entry idle this long is claimed by another node's consumer
 * @param rollupDays       daily roll-ups (per local day of {@code zone}) are kept this many days
 */
public record StatsSettings(ZoneId zone, Thresholds thresholds, Map<String, Thresholds> queueThresholds,
                            int shortIvrSeconds, int fcrDays, int bucketDays, Duration provisionalFor, int batch,
                            Duration claimIdle, int rollupDays) {

    /** With daily roll-ups kept the default 400 days. */
    public StatsSettings(ZoneId zone, Thresholds thresholds, Map<String, Thresholds> queueThresholds,
                         int shortIvrSeconds, int fcrDays, int bucketDays, Duration provisionalFor, int batch,
                         Duration claimIdle) {
        this(zone, thresholds, queueThresholds, shortIvrSeconds, fcrDays, bucketDays, provisionalFor, batch, claimIdle,
                400);
    }

    public StatsSettings {
        if (rollupDays < 1) {
            throw new IllegalArgumentException("setting STATS_ROLLUP_DAYS must be at least 1, was " + rollupDays);
        }
        queueThresholds = Map.copyOf(queueThresholds);
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("setting STATS_BATCH must be 1..10000, was " + batch);
        }
        if (bucketDays < 1) {
            throw new IllegalArgumentException("setting STATS_BUCKET_DAYS must be at least 1, was " + bucketDays);
        }
        if (fcrDays < 1) {
            throw new IllegalArgumentException("setting STATS_FCR_DAYS must be at least 1, was " + fcrDays);
        }
    }

    /** T (service level) and S (short abandon) in seconds; S &lt; T, wait exactly T is within, exactly S is short. */
    public record Thresholds(int serviceLevelSeconds, int shortAbandonSeconds) {
        public Thresholds {
            if (shortAbandonSeconds < 0 || serviceLevelSeconds <= shortAbandonSeconds) {
                throw new IllegalArgumentException("thresholds need 0 <= S < T, were T=" + serviceLevelSeconds
                        + " S=" + shortAbandonSeconds);
            }
        }
    }

    public static StatsSettings defaults() {
        return new StatsSettings(ZoneId.of("Asia/Shanghai"), new Thresholds(20, 5), Map.of(), 5, 7, 62,
                Duration.ofHours(2), 1000, Duration.ofSeconds(3));
    }

    public Thresholds thresholdsOf(String queue) {
        return queueThresholds.getOrDefault(queue, thresholds);
    }

    public StatsSettings withZone(ZoneId z) {
        return new StatsSettings(z, thresholds, queueThresholds, shortIvrSeconds, fcrDays, bucketDays, provisionalFor,
                batch, claimIdle, rollupDays);
    }

    /** Reads the STATS_* keys; a bad value stops the start with a message naming the key. */
    public static StatsSettings from(Settings s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(s.string(SettingKey.STATS_ZONE));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("setting STATS_ZONE is not an IANA zone id (e.g. Asia/Shanghai)");
        }
        Thresholds t;
        try {
            t = new Thresholds(s.integer(SettingKey.STATS_SL_SECONDS), s.integer(SettingKey.STATS_SHORT_ABANDON_SECONDS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("settings STATS_SL_SECONDS / STATS_SHORT_ABANDON_SECONDS: "
                    + e.getMessage());
        }
        Map<String, Thresholds> perQueue = new HashMap<>();
        for (String item : s.list(SettingKey.STATS_QUEUE_THRESHOLDS)) {
            String[] parts = item.split(":");
            try {
                perQueue.put(parts[0], new Thresholds(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("setting STATS_QUEUE_THRESHOLDS: \"" + item
                        + "\" is not queue:T:S with 0 <= S < T (e.g. pension:30:5)");
            }
        }
        return new StatsSettings(zone, t, perQueue, s.integer(SettingKey.STATS_SHORT_IVR_SECONDS),
                s.integer(SettingKey.STATS_FCR_DAYS), s.integer(SettingKey.STATS_BUCKET_DAYS),
                s.duration(SettingKey.STATS_PROVISIONAL), s.integer(SettingKey.STATS_BATCH),
                s.duration(SettingKey.STATS_CLAIM_IDLE), s.integer(SettingKey.STATS_ROLLUP_DAYS));
    }
}
