package cn.hotline12333.stats;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What every report states about itself, and when a row is still provisional. */
final class Reports {
    private Reports() {
    }

    static boolean provisional(ZonedDateTime rowEnd, StatsSettings settings, Instant now) {
        return rowEnd.toInstant().plus(settings.provisionalFor()).isAfter(now);
    }

    static Map<String, Object> meta(ReportQuery q, String report, StatsSettings settings) {
        return meta(q, report, settings, "redis");
    }

    static Map<String, Object> meta(ReportQuery q, String report, StatsSettings settings, String source) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("report", report);
        meta.put("zone", q.from().getZone().getId());
        meta.put("from", q.from().toOffsetDateTime().toString());
        meta.put("to", q.to().toOffsetDateTime().toString());
        meta.put("interval", q.interval().wireName());
        meta.put("source", source);
        Map<String, Object> thresholds = new LinkedHashMap<>();
        StatsSettings.Thresholds d = settings.thresholds();
        thresholds.put("service_level_seconds", q.serviceLevelSeconds() != null
                ? WaitHistogram.effective(q.serviceLevelSeconds()) : d.serviceLevelSeconds());
        thresholds.put("short_abandon_seconds", q.shortAbandonSeconds() != null
                ? WaitHistogram.effective(q.shortAbandonSeconds()) : d.shortAbandonSeconds());
        Map<String, String> perQueue = new TreeMap<>();
        settings.queueThresholds().forEach((queue, t) ->
                perQueue.put(queue, t.serviceLevelSeconds() + "/" + t.shortAbandonSeconds()));
        thresholds.put("per_queue_configured", perQueue);
        thresholds.put("short_ivr_hangup_seconds", settings.shortIvrSeconds());
        thresholds.put("satisfied_from_score", Contributions.SATISFIED_FROM);
        thresholds.put("fcr_days", settings.fcrDays());
        meta.put("thresholds", thresholds);
        meta.put("provisional_for", settings.provisionalFor().toString());
        return meta;
    }
}
