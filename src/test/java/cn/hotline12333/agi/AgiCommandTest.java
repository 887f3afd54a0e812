package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrEvent;
import cn.hotline12333.ivr.Prompt;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgiCommandTest {

    private static Prompt prompt(String audio) {
        return new Prompt("欢迎致电12333", audio);
    }

    static Stream<Arguments> wireLines() {
        return Stream.of(
                Arguments.of(new IvrAction.Answer(), "ANSWER"),
                Arguments.of(new IvrAction.ReadVariable("${HOTLINE_TOPIC}"), "GET FULL VARIABLE ${HOTLINE_TOPIC}"),
                Arguments.of(new IvrAction.SetVariable("HOTLINE_TOPIC", "pension query"),
                        "SET VARIABLE HOTLINE_TOPIC \"pension query\""),
                Arguments.of(new IvrAction.SetVariable("HOTLINE_TOPIC", "养老金"), "SET VARIABLE HOTLINE_TOPIC \"养老金\""),
                Arguments.of(new IvrAction.Play(prompt("beep"), ""), "STREAM FILE beep \"\""),
                Arguments.of(new IvrAction.Play(prompt("hotline/menu"), "0123456789*#"),
                        "STREAM FILE hotline/menu \"0123456789*#\""),
                Arguments.of(new IvrAction.Ask(prompt("hotline/menu"), Duration.ofSeconds(6), 1),
                        "GET DATA hotline/menu 6000 1"),
                Arguments.of(new IvrAction.WaitForKey(Duration.ofMillis(500)), "WAIT FOR DIGIT 500"),
                Arguments.of(new IvrAction.SayNumber(3256), "SAY NUMBER 3256 \"\""),
                Arguments.of(new IvrAction.SayDigits("12333"), "SAY DIGITS 12333 \"\""),
                Arguments.of(new IvrAction.EnterQueue("hotline-general", Duration.ofSeconds(8)),
                        "EXEC Queue \"hotline-general,c,,,8\""),
                Arguments.of(new IvrAction.EnterQueue("hotline-general", Duration.ofMillis(2500)),
                        "EXEC Queue \"hotline-general,c,,,3\""),
                Arguments.of(new IvrAction.EnterQueue("hotline-general", Duration.ofMillis(1)),
                        "EXEC Queue \"hotline-general,c,,,1\""),
                // app_queue.c queue_exec: a timeout of "0" expires at once (expire = start + 0); none waits on
                Arguments.of(new IvrAction.EnterQueue("hotline-general", Duration.ZERO),
                        "EXEC Queue \"hotline-general,c,,,\""),
                Arguments.of(new IvrAction.Record("hotline-msg-test", "wav", Duration.ofSeconds(60), Duration.ofSeconds(3)),
                        "RECORD FILE hotline-msg-test wav \"#\" 60000 BEEP s=3"),
                Arguments.of(new IvrAction.Hangup(), "HANGUP"));
    }

    @ParameterizedTest
    @MethodSource("wireLines")
    void everyActionHasItsExactWireLine(IvrAction action, String line) {
        assertThat(AgiCommand.of(action).line()).isEqualTo(line);
    }

    static Stream<Arguments> smuggling() {
        return Stream.of(
                Arguments.of(new IvrAction.SetVariable("A", "a\"\nHANGUP"), "SET VARIABLE A \"a\\\"HANGUP\""),
                Arguments.of(new IvrAction.SetVariable("A", "x\\\" \r\nEXEC System \"rm\""),
                        "SET VARIABLE A \"x\\\\\\\" EXEC System \\\"rm\\\"\""),
                Arguments.of(new IvrAction.SetVariable("A B\nHANGUP", "v"), "SET VARIABLE \"A BHANGUP\" \"v\""),
                Arguments.of(new IvrAction.ReadVariable("${A} ${B}"), "GET FULL VARIABLE \"${A} ${B}\""),
                Arguments.of(new IvrAction.Play(prompt("x\" \"\nHANGUP"), "1\n"), "STREAM FILE \"x\\\" \\\"HANGUP\" \"1\""),
                Arguments.of(new IvrAction.Play(prompt(""), null), "STREAM FILE \"\" \"\""),
                Arguments.of(new IvrAction.SayDigits("1 2\u0000"), "SAY DIGITS \"1 2\" \"\""),
                Arguments.of(new IvrAction.EnterQueue("q,r\n\"", Duration.ofSeconds(8)), "EXEC Queue \"qr\\\",c,,,8\""),
                Arguments.of(new IvrAction.Record("f\\x", "wav", Duration.ofSeconds(1), Duration.ZERO),
                        "RECORD FILE \"f\\\\x\" wav \"#\" 1000 BEEP s=0"));
    }

    @ParameterizedTest
    @MethodSource("smuggling")
    void noArgumentCanEndTheLineOrItsWord(IvrAction action, String line) {
        String wire = AgiCommand.of(action).line();
        assertThat(wire).isEqualTo(line).doesNotContain("\n", "\r", "\u0000");
    }

    @Test
    void workAndEndHaveNoCommand() {
        assertThatThrownBy(() -> AgiCommand.of(new IvrAction.End())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgiCommand.of(new IvrAction.Work("lookup", () -> null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusCodesBecomeNamedEvents() {
        AgiCommand answer = AgiCommand.of(new IvrAction.Answer());
        assertThat(answer.read(AgiReply.status(511))).isEqualTo(AgiCommand.hungUp());
        assertThat(answer.read(AgiReply.status(510)))
                .isEqualTo(AgiCommand.deliver(new IvrEvent.CommandFailed("510 unknown command ANSWER")));
        assertThat(answer.read(AgiReply.status(520)))
                .isEqualTo(AgiCommand.deliver(new IvrEvent.CommandFailed("520 bad syntax ANSWER")));
        assertThat(answer.read(AgiReply.status(503)))
                .isEqualTo(AgiCommand.deliver(new IvrEvent.CommandFailed("503 unexpected status ANSWER")));
    }

    @Test
    void commandsThatWaitOnTheCallerKnowHowLong() {
        Duration prompt = AgiCommand.LONGEST_PROMPT;
        // GET DATA: the prompt, then the timeout again after every digit.
        assertThat(AgiCommand.of(new IvrAction.Ask(prompt("a"), Duration.ofSeconds(6), 1)).ownTime())
                .isEqualTo(prompt.plusSeconds(6));
        assertThat(AgiCommand.of(new IvrAction.Ask(prompt("a"), Duration.ofSeconds(10), 18)).ownTime())
                .isEqualTo(prompt.plusSeconds(180));
        assertThat(AgiCommand.of(new IvrAction.Play(prompt("a"), "")).ownTime()).isEqualTo(prompt);
        assertThat(AgiCommand.of(new IvrAction.Record("f", "wav", Duration.ofSeconds(90), Duration.ofSeconds(3)))
                .ownTime()).isEqualTo(prompt.plusSeconds(90));
        assertThat(AgiCommand.of(new IvrAction.Answer()).ownTime()).isZero();
    }

    @Test
    void queueHasNoDeadlineBecauseItAnswersOnlyWhenTheAgentHangsUp() {
        assertThat(AgiCommand.of(new IvrAction.EnterQueue("q", Duration.ofMinutes(5))).ownTime()).isNull();
    }
}
