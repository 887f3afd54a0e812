package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.QueueName;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A queue name goes into EXEC Queue's arguments, AMI actions and queue_log lines: one that would split,
 * escape or be cut there is refused where it is written, naming the node and the rule.
 */
class QueueNameTest {
    private static final String RULE = "cannot be in a queue name (lowercase letters, digits, \"-\" and \"_\")";

    // The transfer's queue is on line 13, the request's on line 21.
    private static String flow(String transferQueue, String requestQueue) {
        return """
                flow: main
                version: "1"
                start: main
                agent: agent
                prompts: {sorry: 抱歉。, invalid: 有误。, no_input: 没有按键。, goodbye: 再见。}
                nodes:
                  main:
                    type: menu
                    prompt: 回电请按1，转人工请按0。
                    options: {"1": callback}
                  agent:
                    type: transfer
                    queue: %s
                    on_answered: bye
                    on_timeout: callback
                    on_unavailable: callback
                  callback:
                    type: request
                    kind: callback
                    prompt: 我们将给您回电。
                    queue: %s
                    next: bye
                  bye:
                    type: hangup
                """.formatted(transferQueue, requestQueue);
    }

    private static FlowLoader.Loaded load(String yaml) {
        return FlowLoader.load("main.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> refused() {
        String tooLong = "q".repeat(80);
        return Stream.of(
                Arguments.of("\"hotline,general\"", "queue \"hotline,general\": \",\" " + RULE),
                Arguments.of("\"hotline|general\"", "queue \"hotline|general\": \"|\" " + RULE),
                Arguments.of("'say \"hi\"'", "queue \"say\\u0020\\\"hi\\\"\": \"\\u0020\" " + RULE),
                Arguments.of("'back\\slash'", "queue \"back\\\\slash\": \"\\\\\" " + RULE),
                Arguments.of("\"hotline(general)\"", "queue \"hotline(general)\": \"(\" " + RULE),
                Arguments.of("\"a)\"", "queue \"a)\": \")\" " + RULE),
                Arguments.of("\"hotline general\"", "queue \"hotline\\u0020general\": \"\\u0020\" " + RULE),
                Arguments.of("\"hotline\\tgeneral\"", "queue \"hotline\\u0009general\": \"\\u0009\" " + RULE),
                Arguments.of("\"hotline\\ngeneral\"", "queue \"hotline\\u000Ageneral\": \"\\u000A\" " + RULE),
                Arguments.of("\"bell\\a\"", "queue \"bell\\u0007\": \"\\u0007\" " + RULE),
                Arguments.of("\"zero\\u200Bwidth\"", "queue \"zero\\u200Bwidth\": \"\\u200B\" " + RULE),
                Arguments.of("综合坐席", "queue \"综合坐席\": \"综\" " + RULE),
                Arguments.of("\"${QUEUE}\"", "queue \"${QUEUE}\": \"$\" " + RULE),
                Arguments.of("\"[general]\"", "queue \"[general]\": \"[\" " + RULE),
                Arguments.of("\"a;comment\"", "queue \"a;comment\": \";\" " + RULE),
                Arguments.of("hotline.general", "queue \"hotline.general\": \".\" " + RULE),
                Arguments.of("Hotline-General", "queue \"Hotline-General\" must be lowercase: Asterisk finds queues"
                        + " ignoring case, the statistics would count \"hotline-general\" apart"),
                Arguments.of(tooLong, "queue name is 80 characters long; a queues.conf section name keeps 79"),
                Arguments.of("general", "queue \"general\" is the settings section of queues.conf, not a queue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void transferQueueIsRefusedAtItsLine(String yaml, String message) {
        FlowLoader.Loaded loaded = load(flow(yaml, "hotline-general"));

        assertThat(loaded.problems()).containsExactly(new FlowProblem("main.yaml", 13, "transfer agent: " + message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void requestQueueIsRefusedAtItsLine(String yaml, String message) {
        FlowLoader.Loaded loaded = load(flow("hotline-general", yaml));

        assertThat(loaded.problems()).containsExactly(new FlowProblem("main.yaml", 21, "request callback: " + message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\" \"", "''"})
    void emptyQueueIsMissing(String yaml) {
        FlowLoader.Loaded loaded = load(flow(yaml, "hotline-general"));

        assertThat(loaded.problems()).containsExactly(new FlowProblem("main.yaml", 13, "transfer agent: missing \"queue\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hotline-general", "labour_inspection", "12333", "general-2"})
    void plainNamesLoad(String name) {
        assertThat(load(flow(name, name)).problems()).isEmpty();
    }

    @Test
    void longestNameAsteriskKeepsLoads() {
        String longest = "q".repeat(QueueName.MAX_LENGTH);

        assertThat(load(flow(longest, longest)).problems()).isEmpty();
    }

    @Test
    void messageStaysOneLineWhateverTheName() {
        String name = "a\u2028b\rc\u0085d";

        assertThat(QueueName.problem(name)).doesNotContain("\n", "\r", "\u2028", "\u0085");
    }
}
