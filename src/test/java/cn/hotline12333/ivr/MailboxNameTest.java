package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record node's mailbox becomes a Redis key ({@code mailbox:<name>}) and a key=value log field: one that would
 * split a log line, read as a key pattern or miss its reply deadline is refused at its line, naming the node.
 */
class MailboxNameTest {
    private static final String RULE = "cannot be in a mailbox name (lowercase letters, digits, \"-\" and \"_\")";

    // The mailbox is on line 10.
    private static String flow(String mailbox) {
        return """
                flow: main
                version: "1"
                start: message
                agent: agent
                prompts: {sorry: 抱歉。, invalid: 有误。, no_input: 没有按键。, goodbye: 再见。}
                nodes:
                  message:
                    type: record
                    prompt: 请在提示音后留言。
                    mailbox: %s
                    next: bye
                  agent:
                    type: transfer
                    queue: hotline-general
                    on_answered: bye
                    on_timeout: bye
                    on_unavailable: bye
                  bye:
                    type: hangup
                """.formatted(mailbox);
    }

    private static FlowLoader.Loaded load(String yaml) {
        return FlowLoader.load("main.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("\"labour inspection\"", "mailbox \"labour inspection\": U+0020 " + RULE),
                Arguments.of("\"a=b\"", "mailbox \"a=b\": U+003D " + RULE),
                Arguments.of("\"say \\\"hi\\\"\"", "mailbox \"say \"hi\"\": U+0020 " + RULE),
                Arguments.of("\"labour:inspection\"", "mailbox \"labour:inspection\": U+003A " + RULE),
                Arguments.of("\"labour*\"", "mailbox \"labour*\": U+002A " + RULE),
                Arguments.of("\"a\\nb\"", "mailbox \"a\\nb\": U+000A " + RULE),
                Arguments.of("\"zero\\u200Bwidth\"", "mailbox \"zero\u200Bwidth\": U+200B " + RULE),
                Arguments.of("劳动监察", "mailbox \"劳动监察\": U+52B3 " + RULE),
                Arguments.of("Labour-Inspection", "mailbox \"Labour-Inspection\" must be lowercase: messages are"
                        + " found by the exact name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void mailboxIsRefusedAtItsLine(String yaml, String message) {
        FlowLoader.Loaded loaded = load(flow(yaml));

        assertThat(loaded.problems()).containsExactly(new FlowProblem("main.yaml", 10, "record message: " + message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labour-inspection", "hotline_general", "12333"})
    void plainNamesLoad(String name) {
        assertThat(load(flow(name)).problems()).isEmpty();
    }

    @Test
    void emptyMailboxIsMissing() {
        assertThat(load(flow("\"\"")).problems())
                .containsExactly(new FlowProblem("main.yaml", 10, "record message: missing \"mailbox\""));
    }
}
