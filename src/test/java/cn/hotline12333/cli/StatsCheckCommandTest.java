package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCheckCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theShippedSettingsPass() throws Exception {
        assertThat(run("stats", "check", "ivr-flows/stats.yaml")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ivr-flows/stats.yaml: statistics settings valid");
        assertThat(run("flows", "check", "ivr-flows")).as("stats.yaml is not taken for a flow").isZero();
    }

    @Test
    void aBrokenFilePrintsFileAndLineAndFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.yaml");
        Files.writeString(file, "survey:\n  scale: 5\n  satisfied_form: 4\n");
        assertThat(run("stats", "check", file.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(file + ":3: stats.survey: unknown setting \"satisfied_form\"");
        assertThat(run("stats", "check", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(run("stats", "frobnicate")).isEqualTo(2);
    }
}
