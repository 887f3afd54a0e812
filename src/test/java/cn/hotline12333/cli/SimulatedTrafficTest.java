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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotline simulate --traffic} end to end: a node, seeded callers, the floor, and the queue_log. */
class SimulatedTrafficTest {

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
                "--seed", "5", "--agents", "2", "--queue-log", queueLog.toString(), "--web-port", "0", "--ami-port", "0"}, settings,
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

        Matcher floor = Pattern.compile("handling_records=(\\d+) in_stream=(\\d+) state_segments=(\\d+)")
                .matcher(printed);
        assertThat(floor.find()).as(printed).isTrue();
        assertThat(Long.parseLong(floor.group(1))).isEqualTo(connected);
        assertThat(Long.parseLong(floor.group(2))).isEqualTo(connected);
        assertThat(Long.parseLong(floor.group(3))).isPositive();
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
