package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hotline stats check} and {@code hotline wrapup check}: the YAML files beside the flows that are no flow. */
class FileCheckCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("stats", "stats.yaml", "statistics settings valid",
                        "survey:\n  scale: 5\n  satisfied_form: 4\n",
                        ":3: stats.survey: unknown setting \"satisfied_form\""),
                Arguments.of("wrapup", "wrapup.yaml", "wrap-up codes valid",
                        "version: \"1\"\ntopics:\n  pension:\n    name: 养老保险\n    codes:\n      card.x: 挂失\n",
                        ":6: code id 'card.x' must be pension.<word>"));
    }

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} check")
    @MethodSource("files")
    void theShippedFilePassesAndIsNoFlow(String command, String name, String valid, String broken, String problem)
            throws Exception {
        assertThat(run(command, "check", "ivr-flows/" + name)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ivr-flows/" + name + ": " + valid);
        assertThat(run("flows", "check", "ivr-flows")).as(name + " is not taken for a flow").isZero();
    }

    @Test
    void statsCheckWarnsOfAQueueNoShippedFlowTransfersTo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.yaml");
        Files.writeString(file, "queues:\n  hotline-general:\n    service_level: 30s\n  hotline-card: {}\n");

        assertThat(run("stats", "check", file.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(file + ":4: warning: stats.queues.hotline-card:"
                + " no flow transfers to queue \"hotline-card\"; its settings apply to no call\n"
                + file + ": statistics settings valid, 1 warning\n");
    }

    @ParameterizedTest(name = "{0} check")
    @MethodSource("files")
    void aBrokenFilePrintsFileAndLineAndFails(String command, String name, String valid, String broken, String problem,
                                              @TempDir Path dir) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, broken);
        assertThat(run(command, "check", file.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(file + problem);
        assertThat(run(command, "check", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(run(command, "frobnicate")).isEqualTo(2);
    }
}
