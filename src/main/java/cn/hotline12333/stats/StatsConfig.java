package cn.hotline12333.stats;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The statistics settings an administrator edits in {@code ivr-flows/stats.yaml} (format in docs/stats-api.md): thresholds
 * per queue, the FCR window, the short IVR hang-up limit, the survey scale, the default zone and how long
 * aggregates are kept. Immutable; a reload builds a new one and {@link StatsConfigLoader} keeps every version
 * with the time it took effect, so a report can use and state the thresholds of its own period.
 */
public record StatsConfig(ZoneId timezone, Duration fcrWindow, Duration shortIvrHangup, Survey survey,
                          Retention retention, QueueThresholds defaults, Map<String, QueueThresholds> queues) {

    public StatsConfig {
        queues = Map.copyOf(queues);
    }

    /** What the project ships with and what an absent file means. */
    public static StatsConfig standard() {
        return new StatsConfig(ZoneId.of("Asia/Shanghai"), Duration.ofDays(7), Duration.ofSeconds(5),
                new Survey(5, 4), new Retention(Duration.ofDays(62), Duration.ofDays(400)),
                new QueueThresholds(20, 5, 0.8, Colours.DEFAULTS), Map.of());
    }

    /** The queue's own thresholds, or the defaults for a queue the file does not name. */
    public QueueThresholds thresholds(String queue) {
        return queues.getOrDefault(queue, defaults);
    }

    /** Answers 1..{@code scale}; {@code satisfiedFrom} and above count as satisfied (4–5 of 5). */
    public record Survey(int scale, int satisfiedFrom) {
    }

    /** How long 15-minute buckets and daily roll-ups stay in Redis; older periods are rebuilt from files. */
    public record Retention(Duration buckets15m, Duration daily) {
    }

    /**
     * @param serviceLevelSeconds T: answered within it (exactly T included) counts within service level
     * @param shortAbandonSeconds S: abandoned within it is a short abandon, left out of the rates; S &lt; T
     * @param serviceLevelTarget  the share of calls to answer within T, 0..1 (0.8 for 80/20)
     * @param colours             amber and red thresholds per KPI key ({@code service_level}, {@code abandon_rate}, …)
     */
    public record QueueThresholds(int serviceLevelSeconds, int shortAbandonSeconds, double serviceLevelTarget,
                                  Map<String, Colours> colours) {
        public QueueThresholds {
            colours = Map.copyOf(colours);
        }
    }

    /**
     * When a KPI turns amber and red. Red below amber means lower is worse (service level: amber under 0.8,
     * red under 0.6); red above amber means higher is worse (abandon rate: amber over 0.05, red over 0.1).
     */
    public record Colours(double amber, double red) {
        static final Map<String, Colours> DEFAULTS = Map.of(
                "service_level", new Colours(0.8, 0.6),
                "answer_rate", new Colours(0.95, 0.85),
                "abandon_rate", new Colours(0.05, 0.1),
                "satisfaction", new Colours(0.9, 0.8));

        public boolean lowerIsWorse() {
            return red < amber;
        }

        /** {@code green}, {@code amber} or {@code red} for a value; null (no figure) has no colour. */
        public String colour(Double value) {
            if (value == null) {
                return null;
            }
            boolean isRed = lowerIsWorse() ? value < red : value > red;
            boolean isAmber = lowerIsWorse() ? value < amber : value > amber;
            return isRed ? "red" : isAmber ? "amber" : "green";
        }
    }
}
