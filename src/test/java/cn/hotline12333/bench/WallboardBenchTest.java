package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The wallboard benchmark works end to end on a tiny load: every record it writes is counted on every screen
 * (so its latency figures are about real frames), in both rounds. No timing is asserted.
 */
class WallboardBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return WallboardBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void agentsAndWaitingCallsAreInQueuesTheSampleQueuesConfDefines() throws IOException {
        // A queue section starts its line: [name] or [name](template). A task-pool-only queue has none.
        List<String> conf = Files.readAllLines(Path.of("deploy/asterisk/queues.conf"));
        for (String queue : WallboardBench.QUEUES) {
            assertThat(conf).as(queue).anyMatch(line -> line.startsWith("[" + queue + "]"));
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertThat(run("--clients", "lots")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--clients must be a whole number")
                .contains("usage: hotline bench wallboard");
    }

    @Test
    void everyRecordWrittenReachesEveryScreen() {
        assertThat(run("--clients", "3", "--calls", "20", "--agents", "5", "--seconds", "2", "--rate", "10",
                "--burst", "15")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher rounds = Pattern.compile("screens=(\\d+) records=(\\d+) .* uncounted=(\\d+) .* frames=(\\d+)")
                .matcher(printed);
        int seen = 0;
        while (rounds.find()) {
            seen++;
            assertThat(rounds.group(1)).isEqualTo("3");
            assertThat(rounds.group(2)).isEqualTo("35");
            assertThat(rounds.group(3)).as("records never counted on a screen").isEqualTo("0");
            assertThat(Long.parseLong(rounds.group(4))).isPositive();
        }
        assertThat(seen).isEqualTo(1);
        assertThat(printed).contains("computations per second:").contains("with 3 screens")
                .as("the floor moves with every call end: four live-key changes each").contains("live_key_changes=140");
    }
}
