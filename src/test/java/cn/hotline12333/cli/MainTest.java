package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void flowsCheckPassesTheShippedFlows() throws Exception {
        assertThat(run("flows", "check", "ivr-flows")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("all flows valid");
    }

    @Test
    void flowsCheckWarnsOfALongMenuAndListsPromptsHeardWholeWithoutFailing() throws Exception {
        assertThat(run("flows", "check", "src/test/resources/flows-heard-whole")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsPattern("hotline\\.yaml:\\d+: warning: menu long_menu: prompt lasts about 22\\.8 s")
                .containsPattern("hotline\\.yaml:\\d+: play notice: heard whole: hotline/hotline-notice")
                .contains("all flows valid, 1 warning; prompts heard whole (interruptible: false): 2");
    }

    @Test
    void flowsCheckPrintsFileAndLineForABrokenFlowAndFails() throws Exception {
        assertThat(run("flows", "check", "src/test/resources/flows-broken/unknown-node")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\\.yaml:\\d+: .*unknown node");
    }

    @Test
    void unknownCommandsPrintUsage() throws Exception {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: hotline");
    }

    @Test
    void benchmarksPointToTheBenchJar() throws Exception {
        assertThat(run("bench", "agi", "--calls", "10")).isEqualTo(2);
        assertThat(run("kb", "bench")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("java -jar target/hotline-bench.jar bench agi")
                .contains("java -jar target/hotline-bench.jar kb bench");
    }

    @Test
    void usersHashReadsThePasswordFromStandardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a-long-password\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(run("users", "hash")).isZero();
        } finally {
            System.setIn(saved);
        }
        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(BCrypt.verifyer().verify("a-long-password".toCharArray(), hash).verified).isTrue();
    }
}
