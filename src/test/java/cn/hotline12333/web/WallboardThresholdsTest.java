package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.stats.StatsConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The board's colour thresholds are stats.yaml's, per queue and for the totals, and follow a reload. */
class WallboardThresholdsTest {

    private static StatsConfig withPension(double amber, double red) {
        StatsConfig std = StatsConfig.standard();
        StatsConfig.QueueThresholds d = std.defaults();
        Map<String, StatsConfig.Colours> colours = new java.util.HashMap<>(d.colours());
        colours.put("service_level", new StatsConfig.Colours(amber, red));
        return new StatsConfig(std.timezone(), std.fcrWindow(), std.shortIvrHangup(), std.survey(), std.retention(), d,
                Map.of("hotline-pension", new StatsConfig.QueueThresholds(30, 5, 0.75, colours)));
    }

    @Test
    void theFileThresholdsJoinTheLiveFiguresWithTheirDirection() throws Exception {
        AtomicReference<StatsConfig> config = new AtomicReference<>(withPension(0.75, 0.55));
        WallboardThresholds board = new WallboardThresholds(() -> Map.of("total.ivr", 7L), config::get);

        Map<String, Object> figures = board.figures();

        assertThat(figures).containsEntry("total.ivr", 7L)
                .containsEntry("threshold.*.sl", Map.of("amber", 0.8, "red", 0.6, "bad", "down"))
                .containsEntry("threshold.*.abandonRate", Map.of("amber", 0.05, "red", 0.1, "bad", "up"))
                .containsEntry("threshold.hotline-pension.sl", Map.of("amber", 0.75, "red", 0.55, "bad", "down"))
                .doesNotContainKey("threshold.*.service_level");

        config.set(withPension(0.9, 0.7));
        assertThat(board.figures()).containsEntry("threshold.hotline-pension.sl",
                Map.of("amber", 0.9, "red", 0.7, "bad", "down"));
    }
}
