package cn.hotline12333.web;

import cn.hotline12333.stats.StatsConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The statistics configuration as the admin route shows it: durations in seconds or days, as the file says. */
final class ConfigJson {
    private ConfigJson() {
    }

    static Map<String, Object> of(StatsConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timezone", c.timezone().getId());
        m.put("fcrWindowDays", c.fcrWindow().toDays());
        m.put("shortIvrHangupSeconds", c.shortIvrHangup().toSeconds());
        m.put("survey", Map.of("scale", c.survey().scale(), "satisfiedFrom", c.survey().satisfiedFrom()));
        m.put("retention", Map.of("buckets15mDays", c.retention().buckets15m().toDays(),
                "dailyDays", c.retention().daily().toDays()));
        m.put("defaults", thresholds(c.defaults()));
        Map<String, Object> queues = new TreeMap<>();
        c.queues().forEach((q, t) -> queues.put(q, thresholds(t)));
        m.put("queues", queues);
        return m;
    }

    private static Map<String, Object> thresholds(StatsConfig.QueueThresholds t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceLevelSeconds", t.serviceLevelSeconds());
        m.put("shortAbandonSeconds", t.shortAbandonSeconds());
        m.put("serviceLevelTarget", t.serviceLevelTarget());
        Map<String, Object> colours = new TreeMap<>();
        t.colours().forEach((k, v) -> colours.put(k, Map.of("amber", v.amber(), "red", v.red())));
        m.put("colours", colours);
        return m;
    }
}
