package cn.hotline12333.stats;

import cn.hotline12333.calllog.QueueName;
import cn.hotline12333.config.YamlReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code stats.yaml} into a {@link StatsConfig}, or into every problem with its line. Anything the file leaves
 * out keeps the standard value; a queue inherits whatever its entry leaves out from {@code defaults}, colours KPI
 * by KPI. The format is in docs/stats-api.md.
 */
final class StatsConfigParser {
    /** The KPIs a colour threshold may name (the keys of the report columns). */
    static final Set<String> COLOURED_KPIS = Set.of("service_level", "answer_rate", "abandon_rate",
            "satisfaction", "fcr", "self_service_rate", "transfer_rate", "occupancy", "on_time_rate");
    private static final long DAY = 86_400;

    record Result(StatsConfig config, List<StatsConfigProblem> problems) {
    }

    private StatsConfigParser() {
    }

    static Result parse(String file, byte[] bytes) {
        List<StatsConfigProblem> problems = new ArrayList<>();
        YamlReader.Composed composed = YamlReader.compose(bytes);
        if (composed.error() != null) {
            problems.add(new StatsConfigProblem(file, composed.error().line(),
                    "YAML syntax error: " + composed.error().problem()));
            return new Result(null, problems);
        }
        Node root = composed.root();
        if (root == null) {
            // An empty file (or only comments) means the standard settings.
            return new Result(StatsConfig.standard(), List.of());
        }
        ConfigNodes top = ConfigNodes.of(root, file, "stats", problems);
        if (top == null) {
            return new Result(null, problems);
        }
        StatsConfig std = StatsConfig.standard();
        ZoneId zone = zone(top, std.timezone());
        Duration fcr = Duration.ofSeconds(top.seconds("fcr_window", std.fcrWindow().toSeconds(), DAY, 90 * DAY));
        Duration shortIvr = Duration.ofSeconds(top.seconds("short_ivr_hangup", std.shortIvrHangup().toSeconds(), 0, 60));
        StatsConfig.Survey survey = survey(top, std.survey());
        StatsConfig.Retention retention = retention(top, std.retention());
        StatsConfig.QueueThresholds defaults = std.defaults();
        ConfigNodes d = top.map("defaults");
        if (d != null) {
            defaults = thresholds(d, defaults);
        }
        Map<String, StatsConfig.QueueThresholds> queues = new HashMap<>();
        ConfigNodes q = top.map("queues");
        if (q != null) {
            for (String name : q.keys()) {
                // The flows' rule (a flow's queue is the name the records and so the figures carry): a name the
                // flows would refuse could never match a queue here, silently.
                String problem = name.isBlank() ? "a queue needs a name" : QueueName.problem(name);
                if (problem != null) {
                    q.problem(name, problem);
                }
                ConfigNodes one = q.map(name);
                if (one != null) {
                    queues.put(name, thresholds(one, defaults));
                }
            }
        }
        top.unknownKeys();
        problems.sort(java.util.Comparator.comparingInt(StatsConfigProblem::line));
        return problems.isEmpty()
                ? new Result(new StatsConfig(zone, fcr, shortIvr, survey, retention, defaults, queues), List.of())
                : new Result(null, List.copyOf(problems));
    }

    /**
     * A warning for each queue the file gives settings to that none of {@code flowQueues} (the queues the flows
     * transfer to) is: no problem, since a queue may be set up before the flow that uses it ships, but until then
     * its settings apply to no call, and a misspelt name looks just the same. Empty for a file that does not parse.
     */
    static List<StatsConfigProblem> unusedQueues(String file, byte[] bytes,
                                                 java.util.Collection<String> flowQueues) {
        YamlReader.Composed composed = YamlReader.compose(bytes);
        if (composed.error() != null || composed.root() == null) {
            return List.of();
        }
        List<StatsConfigProblem> parseProblems = new ArrayList<>();
        ConfigNodes top = ConfigNodes.of(composed.root(), file, "stats", parseProblems);
        ConfigNodes q = top == null ? null : top.map("queues");
        if (q == null) {
            return List.of();
        }
        List<StatsConfigProblem> warnings = new ArrayList<>();
        for (String name : q.keys()) {
            if (!flowQueues.contains(name)) {
                warnings.add(new StatsConfigProblem(file, q.keyLine(name), "warning: stats.queues." + name
                        + ": no flow transfers to queue \"" + name + "\"; its settings apply to no call"));
            }
        }
        return warnings;
    }

    private static ZoneId zone(ConfigNodes top, ZoneId fallback) {
        String tz = top.text("timezone");
        if (tz == null) {
            return fallback;
        }
        if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            top.problem("timezone", "must be an IANA time-zone id such as Asia/Shanghai, got \"" + tz + "\"");
            return fallback;
        }
        return ZoneId.of(tz);
    }

    private static StatsConfig.Survey survey(ConfigNodes top, StatsConfig.Survey std) {
        ConfigNodes s = top.map("survey");
        if (s == null) {
            return std;
        }
        int scale = s.integer("scale", std.scale(), 2, 10);
        int satisfied = s.integer("satisfied_from", Math.min(std.satisfiedFrom(), scale), 1, 10);
        if (satisfied > scale) {
            s.problem("satisfied_from", "must not exceed the scale (" + scale + ")");
        }
        s.unknownKeys();
        return new StatsConfig.Survey(scale, satisfied);
    }

    private static StatsConfig.Retention retention(ConfigNodes top, StatsConfig.Retention std) {
        ConfigNodes r = top.map("retention");
        if (r == null) {
            return std;
        }
        long buckets = r.seconds("buckets_15m", std.buckets15m().toSeconds(), DAY, 400 * DAY);
        long daily = r.seconds("daily", std.daily().toSeconds(), DAY, 3660 * DAY);
        if (daily < buckets) {
            r.problem("daily", "must be at least as long as buckets_15m (daily roll-ups outlive the buckets)");
        }
        r.unknownKeys();
        return new StatsConfig.Retention(Duration.ofSeconds(buckets), Duration.ofSeconds(daily));
    }

    private static StatsConfig.QueueThresholds thresholds(ConfigNodes m, StatsConfig.QueueThresholds base) {
        int t = (int) m.seconds("service_level", base.serviceLevelSeconds(), 1, 600);
        int s = (int) m.seconds("short_abandon", base.shortAbandonSeconds(), 0, 600);
        // Reported where T or S is written; a queue that only inherits a bad pair is not blamed again.
        if (s >= t && (m.keys().contains("service_level") || m.keys().contains("short_abandon"))) {
            m.problem(m.keys().contains("short_abandon") ? "short_abandon" : "service_level",
                    "the short-abandon limit S (" + s + " s) must be less than the service-level time T (" + t + " s)");
        }
        double target = m.share("target", base.serviceLevelTarget());
        Map<String, StatsConfig.Colours> colours = new LinkedHashMap<>(base.colours());
        ConfigNodes c = m.map("colours");
        if (c != null) {
            for (String kpi : c.keys()) {
                if (!COLOURED_KPIS.contains(kpi)) {
                    c.problem(kpi, "unknown KPI; one of " + String.join(", ", new java.util.TreeSet<>(COLOURED_KPIS)));
                }
                ConfigNodes one = c.map(kpi);
                if (one == null) {
                    continue;
                }
                StatsConfig.Colours was = colours.getOrDefault(kpi, new StatsConfig.Colours(0, 0));
                double amber = one.share("amber", was.amber());
                double red = one.share("red", was.red());
                if (amber == red) {
                    c.problem(kpi, "amber and red must differ (red below amber: lower is worse; above: higher is worse)");
                }
                one.unknownKeys();
                colours.put(kpi, new StatsConfig.Colours(amber, red));
            }
        }
        m.unknownKeys();
        return new StatsConfig.QueueThresholds(t, s, target, colours);
    }
}
