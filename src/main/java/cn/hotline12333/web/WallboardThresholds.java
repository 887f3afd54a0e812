package cn.hotline12333.web;

import cn.hotline12333.stats.StatsConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the wallboard's figures turn amber and red, from the statistics configuration ({@code stats.yaml}'s
 * {@code colours}, defaults and per queue), so the hall and the reports judge by the same thresholds and an edit
 * of the file reaches the screens on the next tick. Figures {@code threshold.<queue>.<figure>} (queue {@code *}
 * for the defaults, which the totals use) hold {@code {amber, red, bad}}; {@code bad} is {@code down} when lower
 * is worse (red below amber), as the file's own rule says.
 */
public final class WallboardThresholds implements WallboardSource {
    // stats.yaml KPI key → wallboard figure; KPIs the board does not show are left out
    private static final Map<String, String> FIGURES = Map.of("service_level", "sl", "answer_rate", "answerRate",
            "abandon_rate", "abandonRate", "satisfaction", "csat", "self_service_rate", "selfService");

    private final WallboardSource live;
    private final Supplier<StatsConfig> config;

    /** {@code live}: the board's own figures, to which the thresholds are added. */
    public WallboardThresholds(WallboardSource live, Supplier<StatsConfig> config) {
        this.live = live;
        this.config = config;
    }

    @Override
    public Map<String, Object> figures() throws Exception {
        Map<String, Object> out = new HashMap<>(live.figures());
        StatsConfig c = config.get();
        put(out, "*", c.defaults());
        c.queues().forEach((queue, t) -> put(out, queue, t));
        return out;
    }

    private static void put(Map<String, Object> out, String queue, StatsConfig.QueueThresholds t) {
        t.colours().forEach((kpi, colours) -> {
            String figure = FIGURES.get(kpi);
            if (figure != null) {
                out.put("threshold." + queue + "." + figure, Map.of("amber", colours.amber(), "red", colours.red(),
                        "bad", colours.red() < colours.amber() ? "down" : "up"));
            }
        });
    }
}
