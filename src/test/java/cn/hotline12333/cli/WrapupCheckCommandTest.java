package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrapupCheckCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theShippedCodesPassAndAreNoFlow() throws Exception {
        assertThat(run("wrapup", "check", "ivr-flows/wrapup.yaml")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ivr-flows/wrapup.yaml: wrap-up codes valid");
        assertThat(run("flows", "check", "ivr-flows")).as("wrapup.yaml is not taken for a flow").isZero();
    }

    @Test
    void aBrokenFilePrintsFileAndLineAndFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wrapup.yaml");
        Files.writeString(file, "version: \"1\"\ntopics:\n  pension:\n    name: 养老保险\n    codes:\n      card.x: 挂失\n");
        assertThat(run("wrapup", "check", file.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(file + ":6: code id 'card.x' must be pension.<word>");
        assertThat(run("wrapup", "check", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(run("wrapup", "frobnicate")).isEqualTo(2);
    }
}
