package cn.hotline12333.stats;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
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
                            Duration claimIdle, int rollupDays, StatsConfigLoader yaml) {

    /** From the STATS_* settings alone (no stats.yaml). */
    public StatsSettings(ZoneId zone, Thresholds thresholds, Map<String, Thresholds> queueThresholds,
                         int shortIvrSeconds, int fcrDays, int bucketDays, Duration provisionalFor, int batch,
                         Duration claimIdle, int rollupDays) {
        this(zone, thresholds, queueThresholds, shortIvrSeconds, fcrDays, bucketDays, provisionalFor, batch, claimIdle,
                rollupDays, null);
    }

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

    /** The queue's T and S now: stats.yaml's current version when there is one, else the STATS_* settings. */
    public Thresholds thresholdsOf(String queue) {
        if (yaml != null) {
            return of(yaml.current().thresholds(queue));
        }
        return queueThresholds.getOrDefault(queue, thresholds);
    }

    /**
     * The queue's T and S in force at {@code t}: the stats.yaml version that had taken effect by then, so a changed
     * T counts from its change on, and live aggregation and a later rebuild of the same records agree.
     */
    public Thresholds thresholdsOf(String queue, Instant t) {
        return yaml == null ? thresholdsOf(queue) : of(yaml.at(t).thresholds(queue));
    }

    /** The short IVR hang-up limit in force at {@code t}. */
    public int shortIvrSeconds(Instant t) {
        return yaml == null ? shortIvrSeconds : (int) yaml.at(t).shortIvrHangup().toSeconds();
    }

    /** The default T and S now. */
    @Override
    public Thresholds thresholds() {
        return yaml == null ? thresholds : of(yaml.current().defaults());
    }

    /** The queues with their own T and S now. */
    @Override
    public Map<String, Thresholds> queueThresholds() {
        if (yaml == null) {
            return queueThresholds;
        }
        Map<String, Thresholds> out = new HashMap<>();
        yaml.current().queues().forEach((q, th) -> out.put(q, of(th)));
        return out;
    }

    @Override
    public int shortIvrSeconds() {
        return yaml == null ? shortIvrSeconds : (int) yaml.current().shortIvrHangup().toSeconds();
    }

    /** The FCR window now, in whole days. */
    @Override
    public int fcrDays() {
        return yaml == null ? fcrDays : (int) Math.max(1, yaml.current().fcrWindow().toDays());
    }

    private static Thresholds of(StatsConfig.QueueThresholds q) {
        return new Thresholds(q.serviceLevelSeconds(), q.shortAbandonSeconds());
    }

    public StatsSettings withZone(ZoneId z) {
        return new StatsSettings(z, thresholds, queueThresholds, shortIvrSeconds, fcrDays, bucketDays, provisionalFor,
                batch, claimIdle, rollupDays, yaml);
    }

    /**
     * Thresholds, short IVR hang-up limit and FCR window from stats.yaml from now on (hot-reloaded, each record
     * taking the version in force at its own time); its timezone and retention replace STATS_ZONE,
     * STATS_BUCKET_DAYS and STATS_ROLLUP_DAYS at start (the daily roll-ups are per local day of one zone, so the
     * zone and retention do not change while a node runs). The STATS_* values stay what an absent file means.
     */
    public StatsSettings withConfig(StatsConfigLoader loader) {
        StatsConfig c = loader.current();
        return new StatsSettings(c.timezone(), thresholds, queueThresholds, shortIvrSeconds, fcrDays,
                (int) Math.max(1, c.retention().buckets15m().toDays()), provisionalFor, batch, claimIdle,
                (int) Math.max(1, c.retention().daily().toDays()), loader);
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
