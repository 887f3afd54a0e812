package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's T and S come from stats.yaml, each record taking the version in force at its own time. */
class YamlThresholdsTest {
    @TempDir
    Path dir;

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static String yaml(int pensionT) {
        return """
                defaults:
                  service_level: 20s
                  short_abandon: 5s
                queues:
                  pension:
                    service_level: %ds
                """.formatted(pensionT);
    }

    /** A topic's answered-within-T count for one answered stint of {@code waitMs} entering the queue at {@code time}. */
    private static long topicWithin(Contributions contributions, String time, long waitMs) {
        Contribution c = contributions.of(call("pbx/" + time, at(time), Outcome.AGENT_ANSWERED,
                List.of(stint("pension", at(time), waitMs, StintResult.ANSWERED, "A1")), "c1", null));
        return c.days().values().stream().flatMap(List::stream)
                .filter(op -> op.key().startsWith("t:") && op.field().equals("pension|at")).count();
    }

    @Test
    void aChangedServiceLevelCountsFromTheChangeOnAndEarlierRecordsKeepTheirs() throws Exception {
        Path file = dir.resolve("stats.yaml");
        Files.writeString(file, yaml(30));
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T00:00:00Z"));
        try (StatsConfigLoader loader = StatsConfigLoader.open(file, dir.resolve("history.jsonl"), clock, false)) {
            StatsSettings settings = StatsSettings.defaults().withConfig(loader);
            Contributions contributions = new Contributions(settings);
            assertThat(settings.thresholdsOf("pension").serviceLevelSeconds()).isEqualTo(30);
            assertThat(settings.thresholdsOf("card").serviceLevelSeconds()).isEqualTo(20);

            clock.now = at("2026-11-23T10:00:00").toInstant();
            Files.writeString(file, yaml(15));
            assertThat(loader.reload()).isEmpty();

            assertThat(settings.thresholdsOf("pension", at("2026-11-23T09:59:59").toInstant()).serviceLevelSeconds())
                    .isEqualTo(30);
            assertThat(settings.thresholdsOf("pension", at("2026-11-23T10:00:00").toInstant()).serviceLevelSeconds())
                    .isEqualTo(15);
            // a 25 s wait: within the old T of 30 s before the change, outside the new 15 s after it
            assertThat(topicWithin(contributions, "2026-11-23T09:30:00", 25_000)).isEqualTo(1);
            assertThat(topicWithin(contributions, "2026-11-23T10:30:00", 25_000)).isZero();
        }
    }
}
