package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsConfigLoaderTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(MONDAY);

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
            return now.get();
        }
    }

    @Test
    void theShippedFileLoadsWithTheStandardThresholds() {
        assertThat(StatsConfigLoader.check(Path.of("ivr-flows/stats.yaml"))).isEmpty();
        StatsConfigParser.Result r = parse(read(Path.of("ivr-flows/stats.yaml")));
        StatsConfig c = r.config();
        assertThat(c).isEqualTo(StatsConfig.standard());
        assertThat(c.timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(c.fcrWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(c.shortIvrHangup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.survey()).isEqualTo(new StatsConfig.Survey(5, 4));
        assertThat(c.retention()).isEqualTo(new StatsConfig.Retention(Duration.ofDays(62), Duration.ofDays(400)));
        assertThat(c.thresholds("any-queue").serviceLevelSeconds()).isEqualTo(20);
    }

    @Test
    void aQueueInheritsWhatItLeavesOutFromTheDefaults() {
        StatsConfig c = parse("""
                defaults:
                  service_level: 30s
                  short_abandon: 10s
                  target: 0.9
                queues:
                  hotline-pension:
                    service_level: 40s
                    colours:
                      service_level: {amber: 85%}
                  hotline-general: {}
                """).config();
        StatsConfig.QueueThresholds pension = c.thresholds("hotline-pension");
        assertThat(pension.serviceLevelSeconds()).isEqualTo(40);
        assertThat(pension.shortAbandonSeconds()).isEqualTo(10);
        assertThat(pension.serviceLevelTarget()).isEqualTo(0.9);
        assertThat(pension.colours().get("service_level")).isEqualTo(new StatsConfig.Colours(0.85, 0.6));
        assertThat(pension.colours().get("abandon_rate")).isEqualTo(new StatsConfig.Colours(0.05, 0.1));
        assertThat(c.thresholds("hotline-general").serviceLevelSeconds()).isEqualTo(30);
        assertThat(c.thresholds("unnamed").serviceLevelSeconds()).isEqualTo(30);
    }

    @Test
    void coloursKnowWhichWayIsWorse() {
        StatsConfig.Colours sl = new StatsConfig.Colours(0.8, 0.6);
        assertThat(sl.colour(0.85)).isEqualTo("green");
        assertThat(sl.colour(0.8)).isEqualTo("green");
        assertThat(sl.colour(0.7)).isEqualTo("amber");
        assertThat(sl.colour(0.5)).isEqualTo("red");
        StatsConfig.Colours abandon = new StatsConfig.Colours(0.05, 0.1);
        assertThat(abandon.colour(0.02)).isEqualTo("green");
        assertThat(abandon.colour(0.07)).isEqualTo("amber");
        assertThat(abandon.colour(0.2)).isEqualTo("red");
        assertThat(abandon.colour(null)).isNull();
    }

    @Test
    void everyProblemNamesItsFileAndLine() {
        List<String> problems = parse("""
                timezone: Asia/Peking
                fcr_window: 7 days
                survey:
                  scale: 5
                  satisfied_from: 6
                retention:
                  buckets_15m: 62d
                  daily: 30d
                defaults:
                  service_level: 5s
                  short_abandon: 5s
                  target: 120%
                  colours:
                    service_levle: {amber: 80%, red: 60%}
                    abandon_rate: {amber: 5%, red: 5%}
                queues:
                  "bad queue": {}
                  hotline-general:
                    servce_level: 30s
                colour: red
                """).problems().stream().map(Object::toString).toList();
        assertThat(problems).containsExactly(
                "stats.yaml:1: stats.timezone: must be an IANA time-zone id such as Asia/Shanghai, got \"Asia/Peking\"",
                "stats.yaml:2: stats.fcr_window: expected a duration such as 20s, 5m, 2h or 7d, got \"7 days\"",
                "stats.yaml:5: stats.survey.satisfied_from: must not exceed the scale (5)",
                "stats.yaml:8: stats.retention.daily: must be at least as long as buckets_15m (daily roll-ups outlive the buckets)",
                "stats.yaml:11: stats.defaults.short_abandon: the short-abandon limit S (5 s) must be less than the service-level time T (5 s)",
                "stats.yaml:12: stats.defaults.target: must be between 0% and 100%, got 120%",
                "stats.yaml:14: stats.defaults.colours.service_levle: unknown KPI; one of abandon_rate, answer_rate, fcr, "
                        + "occupancy, on_time_rate, satisfaction, self_service_rate, service_level, transfer_rate",
                "stats.yaml:15: stats.defaults.colours.abandon_rate: amber and red must differ (red below amber: lower is "
                        + "worse; above: higher is worse)",
                "stats.yaml:17: stats.queues.bad queue: queue \"bad\\u0020queue\": \"\\u0020\" cannot be in a queue name"
                        + " (lowercase letters, digits, \"-\" and \"_\")",
                "stats.yaml:19: stats.queues.hotline-general: unknown setting \"servce_level\"",
                "stats.yaml:20: stats: unknown setting \"colour\"");
        assertThat(parse("defaults: [1, 2\n").problems().get(0).toString()).startsWith("stats.yaml:2: YAML syntax error");
        assertThat(parse("- a\n").problems().get(0).toString()).isEqualTo("stats.yaml:1: stats: expected a mapping");
        assertThat(parse("# nothing yet\n").config()).isEqualTo(StatsConfig.standard());
    }

    @Test
    void queueNamesFollowTheFlowsRuleSoThatEveryOneCanMatchAFlowsQueue() {
        String tooLong = "q".repeat(80);
        List<String> problems = parse("""
                queues:
                  Hotline-General: {}
                  general: {}
                  %s: {}
                  "hotline.pension": {}
                  hotline-general: {}
                  labour_inspection-2: {}
                  %s: {}
                """.formatted(tooLong, "q".repeat(79))).problems().stream().map(Object::toString).toList();

        assertThat(problems).containsExactly(
                "stats.yaml:2: stats.queues.Hotline-General: queue \"Hotline-General\" must be lowercase: Asterisk finds"
                        + " queues ignoring case, the statistics would count \"hotline-general\" apart",
                "stats.yaml:3: stats.queues.general: queue \"general\" is the settings section of queues.conf, not a"
                        + " queue",
                "stats.yaml:4: stats.queues." + tooLong + ": queue name is 80 characters long; a queues.conf section"
                        + " name keeps 79",
                "stats.yaml:5: stats.queues.hotline.pension: queue \"hotline.pension\": \".\" cannot be in a queue name"
                        + " (lowercase letters, digits, \"-\" and \"_\")");
    }

    @Test
    void aBadFileRefusesToStartAndAMissingOneMeansTheStandardSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.yaml");
        try (StatsConfigLoader missing = StatsConfigLoader.open(file, null, Clock.systemUTC(), false)) {
            assertThat(missing.current()).isEqualTo(StatsConfig.standard());
        }
        Files.writeString(file, "fcr_window: forever\n");
        assertThatThrownBy(() -> StatsConfigLoader.open(file, null, Clock.systemUTC(), false))
                .hasMessageContaining(file + ":1: stats.fcr_window: expected a duration");
    }

    @Test
    void aChangedThresholdAppliesFromTheReloadOnAndOlderPeriodsKeepTheirs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.yaml");
        Path history = dir.resolve("state/stats-config-history.jsonl");
        Files.writeString(file, "defaults: {service_level: 20s}\n");
        HandClock clock = new HandClock();
        try (StatsConfigLoader loader = StatsConfigLoader.open(file, history, clock, false)) {
            assertThat(loader.versions()).hasSize(1);
            assertThat(loader.versions().get(0).effectiveFrom()).isEqualTo(Instant.EPOCH);

            clock.now.set(MONDAY.plus(Duration.ofHours(3)));
            Files.writeString(file, "defaults: {service_level: 30s}\n");
            assertThat(loader.reload()).isEmpty();
            assertThat(loader.current().defaults().serviceLevelSeconds()).isEqualTo(30);
            assertThat(loader.versions()).hasSize(2);
            assertThat(loader.versions().get(1).effectiveFrom()).isEqualTo(MONDAY.plus(Duration.ofHours(3)));
            assertThat(loader.at(MONDAY).defaults().serviceLevelSeconds()).isEqualTo(20);
            assertThat(loader.at(MONDAY.plus(Duration.ofHours(3))).defaults().serviceLevelSeconds()).isEqualTo(30);

            // Saving the same content again is no new version.
            clock.now.set(MONDAY.plus(Duration.ofHours(4)));
            Files.writeString(file, "defaults: {service_level: 30s}\n");
            loader.reload();
            assertThat(loader.versions()).hasSize(2);

            // A broken edit keeps the last good settings and says why.
            Files.writeString(file, "defaults: {service_level: 30s, short_abandon: 40s}\n");
            assertThat(loader.reload()).extracting(Object::toString)
                    .containsExactly(file + ":1: stats.defaults.short_abandon: the short-abandon limit S (40 s) must be "
                            + "less than the service-level time T (30 s)");
            assertThat(loader.current().defaults().serviceLevelSeconds()).isEqualTo(30);
            assertThat(loader.lastProblems()).hasSize(1);
            Files.delete(file);
            assertThat(loader.reload()).isNotEmpty();
            assertThat(loader.current().defaults().serviceLevelSeconds()).isEqualTo(30);
        }
        // A restart remembers when each version began.
        Files.writeString(file, "defaults: {service_level: 30s}\n");
        try (StatsConfigLoader again = StatsConfigLoader.open(file, history, new HandClock(), false)) {
            assertThat(again.versions()).extracting(StatsConfigLoader.Version::effectiveFrom)
                    .containsExactly(Instant.EPOCH, MONDAY.plus(Duration.ofHours(3)));
            assertThat(again.at(MONDAY.minus(Duration.ofDays(30))).defaults().serviceLevelSeconds()).isEqualTo(20);
        }
    }

    @Test
    void anEditIsPickedUpByTheWatcher(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.yaml");
        Files.writeString(file, "fcr_window: 7d\n");
        try (StatsConfigLoader loader = StatsConfigLoader.open(file, null, Clock.systemUTC(), true)) {
            Files.writeString(file, "fcr_window: 3d\n");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> loader.current().fcrWindow().equals(Duration.ofDays(3)));
            Files.writeString(file, "fcr_window: 3 days\n");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !loader.lastProblems().isEmpty());
            assertThat(loader.current().fcrWindow()).isEqualTo(Duration.ofDays(3));
        }
    }

    private static StatsConfigParser.Result parse(String yaml) {
        return StatsConfigParser.parse("stats.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
