package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotline simulate --traffic} end to end: a node, seeded callers, the floor, and the queue_log. */
class SimulatedTrafficTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final cn.hotline12333.store.RedisFixture REDIS = new cn.hotline12333.store.RedisFixture();

    @TempDir
    Path dir;

    @Test
    void aShortRunPlacesTheMixWritesTheQueueLogAndOneHandlingRecordPerConnectedCall() throws Exception {
        Settings settings = Settings.of(Map.of("HOTLINE_FLOWS", "ivr-flows", "HOTLINE_JOURNAL",
                dir.resolve("journal").toString(), "HOTLINE_CLOCK", "2026-11-23T10:00+08:00",
                "HOTLINE_NODE", "traffic-test", "WEB_BIND", "127.0.0.1"));
        Path queueLog = dir.resolve("queue_log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // 30 model seconds at 2 calls a second, the model running 100 times faster than real time
        int rc = SimulateCommand.run(new String[] {"--traffic", "--rate", "2", "--seconds", "30", "--scale", "0.01",
                "--seed", "5", "--agents", "2", "--queue-log", queueLog.toString(), "--web-port", "0", "--ami-port", "0",
                "--ring-no-answer", "2"}, settings,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("/manager/wallboard").containsPattern("calls=\\d{2} failed=0")
                .containsPattern("event=ami_emulator_listening port=\\d+ user=hotline members=simulated");

        List<String> lines = Files.readAllLines(queueLog, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith("|NONE|NONE|NONE|QUEUESTART|");
        long entered = lines.stream().filter(l -> l.contains("|ENTERQUEUE|")).count();
        long connected = lines.stream().filter(l -> l.contains("|CONNECT|")).count();
        long left = lines.stream().filter(l -> l.matches(".*\\|(COMPLETEAGENT|ABANDON|EXITWITHTIMEOUT|EXITEMPTY)\\|.*"))
                .count();
        assertThat(entered).isPositive().isEqualTo(left);
        assertThat(connected).isPositive();
        // pension callers whose 90 s ran out overflow: the same call enters hotline-general after leaving
        // hotline-pension by timeout
        Map<String, List<String>> byCall = new java.util.LinkedHashMap<>();
        lines.stream().skip(1).map(l -> l.split("\\|", -1))
                .forEach(f -> byCall.computeIfAbsent(f[1], k -> new java.util.ArrayList<>()).add(f[2] + ":" + f[4]));
        List<String> overflowed = byCall.entrySet().stream().filter(e -> String.join(" ", e.getValue())
                        .matches(".*hotline-pension:EXITWITHTIMEOUT .*hotline-general:ENTERQUEUE.*"))
                .map(Map.Entry::getKey).toList();
        assertThat(overflowed).as(String.join("\n", lines)).isNotEmpty();
        // agents who let it ring: RINGNOANSWER after the whole 15 s (every second ring of a queue is not picked up)
        assertThat(lines).anyMatch(l -> l.contains("|RINGNOANSWER|15000"));
        // each call an agent took counts, in its handling record, the rings of that call that ran out before
        long ranOutBeforeAnAnswer = 0;
        for (List<String> events : byCall.values()) {
            int connect = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).endsWith(":CONNECT")) {
                    connect = i;
                }
            }
            ranOutBeforeAnAnswer += events.subList(0, Math.max(0, connect)).stream()
                    .filter(e -> e.endsWith(":RINGNOANSWER")).count();
        }

        Matcher floor = Pattern.compile("handling_records=(\\d+) in_stream=(\\d+) state_segments=(\\d+)")
                .matcher(printed);
        assertThat(floor.find()).as(printed).isTrue();
        assertThat(Long.parseLong(floor.group(1))).isEqualTo(connected);
        assertThat(Long.parseLong(floor.group(2))).isEqualTo(connected);
        assertThat(Long.parseLong(floor.group(3))).isPositive();

        // The statistics rebuilt from the run's CDR files agree with the emulated Asterisk's queue_log, queue by
        // queue: offered, answered, abandoned, timeouts.
        // The test Logback writes every test's CDR lines into one file (target/test-logs): this run's records
        // are those of its emulated Asterisk (its system name, unique per run, starts every queue_log call id),
        // filed here by Beijing day as the server files them.
        Set<String> systems = new java.util.HashSet<>();
        lines.stream().skip(1).map(l -> l.split("\\|")[1]).forEach(id -> systems.add(id.substring(0, id.lastIndexOf('-'))));
        Path cdrs = Files.createDirectories(dir.resolve("cdrs"));
        java.util.Map<String, List<String>> byDay = new java.util.TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(Path.of("target/test-logs/cdr-test.jsonl"), StandardCharsets.UTF_8)) {
            try {
                var r = json.readTree(line);
                java.time.OffsetDateTime started = java.time.OffsetDateTime.parse(r.path("started_at").asText());
                if (systems.contains(r.path("asterisk_system").asText())) {
                    byDay.computeIfAbsent(started.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString(),
                            d -> new java.util.ArrayList<>()).add(line);
                }
            } catch (Exception torn) {
                // another test's line cut short: not ours
            }
        }
        for (var e : byDay.entrySet()) {
            Files.write(cdrs.resolve("cdr-" + e.getKey() + ".jsonl"), e.getValue(), StandardCharsets.UTF_8);
        }
        List<String> days = List.copyOf(byDay.keySet());
        long rang = 0;
        long ourHandling = 0;
        for (String line : Files.readAllLines(Path.of("target/test-logs/handling-test.jsonl"), StandardCharsets.UTF_8)) {
            try {
                var h = json.readTree(line);
                String callId = h.path("call_id").asText();
                if (systems.stream().anyMatch(sys -> callId.startsWith(sys + "/"))) {
                    ourHandling++;
                    rang += h.path("ring_no_answer").asLong();
                }
            } catch (Exception torn) {
                // another test's line cut short
            }
        }
        assertThat(ourHandling).isEqualTo(connected);
        assertThat(rang).as("rings that ran out before an answer").isEqualTo(ranOutBeforeAnAnswer);
        assertThat(days).isNotEmpty();
        Settings stats = Settings.of(Map.of("REDIS_URL", REDIS.server().url(), "HOTLINE_CLOCK", "2026-11-30T10:00+08:00"));
        for (String day : days) {
            out.reset();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            assertThat(StatsCommand.run(new String[] {"rebuild", "--day", day, "--logs", cdrs.toString()},
                    stats, print, print)).as(out.toString(StandardCharsets.UTF_8)).isZero();
            out.reset();
            int reconciled = StatsCommand.run(new String[] {"reconcile", "--queue-log", queueLog.toString(), "--day", day},
                    stats, print, print);
            assertThat(reconciled).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 differences");
        }
    }

    @Test
    void amiOptionsAreCheckedBeforeAnythingStarts() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(SimulateCommand.run(new String[] {"--traffic", "--ami-members"}, Settings.of(Map.of()), out, errors))
                .isEqualTo(2);
        assertThat(SimulateCommand.run(new String[] {"--traffic", "--ami-port", "70000"}, Settings.of(Map.of()), out,
                errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ami-members needs --ami-port")
                .contains("--ami-port must be a port number (0 for any), was 70000");
    }
}
