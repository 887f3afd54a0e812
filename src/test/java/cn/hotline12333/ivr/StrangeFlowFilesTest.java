package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever an editor leaves in a flow file, the loader answers with problems, never an exception. */
class StrangeFlowFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "# only a comment\n",
            "- a\n- list\n",
            "just text",
            "flow: x\nflow: y\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts:\nnodes:\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: [sorry]\nnodes: [a, b]\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: hello\n  b:\n  c: {type: [menu]}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: menu, prompt: p, options: [1, 2]}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: menu, prompt: p, options: {}}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: service, service: card_status, say: {x: 1}}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: service, say: [{choice: status, cases: [a]}, [1], {}]}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: input, kind: pin, max_digits: many}\n",
            "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: tag, variables: [A]}\n",
            "flow: X Y\nversion:\nstart:\nagent:\nprompts: {sorry: {text: [a]}}\nnodes: {Bad-Id: {type: hangup}}\n",
            "a: &a [*a, *a]\n",
            "? [complex, key]\n: value\n",
            "flow: x\n\tversion: 1\n",
            "{{{{",
            "flow: x\n---\nflow: y\n",
    })
    void strangeFileIsAProblem(String yaml, @TempDir Path dir) throws IOException {
        FlowLoader.Loaded loaded = FlowLoader.load("x.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("x.yaml"), yaml);
        Files.writeString(dir.resolve(HoursLoader.SCHEDULES), yaml);

        assertThat(loaded.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(FlowLibrary.check(dir)).isNotEmpty();
    }

    @Test
    void aQuotedLineBreakStaysInsideItsProblemsLine() {
        String yaml = "flow: x\nversion: 1\nstart: a\nagent: a\nprompts: {}\nnodes:\n  a: {type: \"hang\\nup\"}\n";

        FlowLoader.Loaded loaded = FlowLoader.load("x.yaml", yaml.getBytes(StandardCharsets.UTF_8));

        assertThat(loaded.problems()).extracting(FlowProblem::toString)
                .contains("x.yaml:7: node a: unknown type \"hang\\nup\" (one of " + String.join(", ", NodeReader.TYPES) + ")")
                .allSatisfy(p -> assertThat(p).doesNotContain("\n", "\r"));
    }

    @Test
    void randomBytesAreProblems() {
        Random random = new Random(12333);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);

            assertThat(FlowLoader.load("x.yaml", bytes).problems()).isNotEmpty();
        }
    }
}
