package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.StatsConsumers;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node's warm-up of its statistics consumers: on records every consumer reads, bounded as configured. */
class StatsWarmUpTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void theNodesSamplesAreOfEveryKindAndAllReadSoTheWarmUpRunsTheRealPath() throws Exception {
        StatsConsumers.WarmUp node = HotlineNode.statsWarmUp(Settings.of(Map.of()));
        assertThat(node.limit()).isEqualTo(Duration.ofSeconds(10));
        assertThat(node.samples().get()).extracting(StatsConsumers.Sample::stream).contains(CallRecords.STREAM,
                "handling", "agent-states");
        StatsConsumers.WarmUp short_ = new StatsConsumers.WarmUp(node.samples(), 8000, Duration.ofMinutes(2));
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), StatsSettings.from(Settings.of(Map.of())),
                "node-a", Clock.systemUTC(), (stream, added, n) -> { }, short_)) {
            StatsConsumers.Warmed w = consumers.ready().get(2, TimeUnit.MINUTES);
            assertThat(w.stopped()).isEqualTo("records");
            assertThat(w.callRecords()).isEqualTo(8000);
            assertThat(w.problems()).isZero();
        }
    }

    @Test
    void zeroSecondsSkipsIt() throws Exception {
        StatsConsumers.WarmUp none = HotlineNode.statsWarmUp(Settings.of(Map.of("STATS_WARM_UP", "0s")));
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), StatsSettings.from(Settings.of(Map.of())),
                "node-a", Clock.systemUTC(), (stream, added, n) -> { }, none)) {
            assertThat(consumers.ready().get(30, TimeUnit.SECONDS).stopped()).isEqualTo("skipped");
        }
    }
}
