package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.CallInfo;
import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrEvent;
import cn.hotline12333.ivr.IvrEvent.CallerHungUp;
import cn.hotline12333.ivr.IvrEvent.CommandFailed;
import cn.hotline12333.ivr.IvrEvent.DigitsEntered;
import cn.hotline12333.ivr.IvrEvent.Done;
import cn.hotline12333.ivr.IvrEvent.PromptPlayed;
import cn.hotline12333.ivr.IvrEvent.QueueLeft;
import cn.hotline12333.ivr.IvrEvent.RecordingFinished;
import cn.hotline12333.ivr.IvrEvent.VariableRead;
import cn.hotline12333.ivr.Prompt;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/driver.md, the transition table, row by row: action, the command sent, Asterisk's reply, the event the IvrCall hears. */
class CallHandlerTest {
    private static final Prompt MENU = new Prompt("请按键", "hotline/menu");
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine";

    static Stream<Arguments> rows() {
        IvrAction answer = new IvrAction.Answer();
        IvrAction read = new IvrAction.ReadVariable("${HOTLINE_TOPIC}");
        IvrAction play = new IvrAction.Play(MENU, "0123456789*#");
        IvrAction ask = new IvrAction.Ask(MENU, Duration.ofSeconds(6), 6);
        IvrAction wait = new IvrAction.WaitForKey(Duration.ofSeconds(6));
        IvrAction record = new IvrAction.Record("msg-1", "wav", Duration.ofSeconds(60), Duration.ofSeconds(3));
        return Stream.of(
                Arguments.of(answer, "ANSWER", "200 result=0", new Done()),
                Arguments.of(answer, "ANSWER", "200 result=-1", new CallerHungUp()),
                Arguments.of(read, "GET FULL VARIABLE ${HOTLINE_TOPIC}", "200 result=1 (pension query)",
                        new VariableRead("pension query")),
                Arguments.of(read, "GET FULL VARIABLE ${HOTLINE_TOPIC}", "200 result=0", new VariableRead(null)),
                Arguments.of(new IvrAction.SetVariable("HOTLINE_RESULT", "ok"), "SET VARIABLE HOTLINE_RESULT \"ok\"",
                        "200 result=1", new Done()),
                Arguments.of(play, "STREAM FILE hotline/menu \"0123456789*#\"", "200 result=0 endpos=19360",
                        new PromptPlayed((char) 0, false)),
                Arguments.of(play, "STREAM FILE hotline/menu \"0123456789*#\"", "200 result=53 endpos=19360",
                        new PromptPlayed('5', false)),
                Arguments.of(play, "STREAM FILE hotline/menu \"0123456789*#\"", "200 result=-1 endpos=0",
                        new PromptPlayed((char) 0, true)),
                Arguments.of(play, "STREAM FILE hotline/menu \"0123456789*#\"", "200 result=-1 endpos=1200",
                        new CallerHungUp()),
                Arguments.of(ask, "GET DATA hotline/menu 6000 6", "200 result=123", new DigitsEntered("123", false)),
                Arguments.of(ask, "GET DATA hotline/menu 6000 6", "200 result=12 (timeout)", new DigitsEntered("12", true)),
                Arguments.of(ask, "GET DATA hotline/menu 6000 6", "200 result= (timeout)", new DigitsEntered("", true)),
                Arguments.of(wait, "WAIT FOR DIGIT 6000", "200 result=0", new PromptPlayed((char) 0, false)),
                Arguments.of(wait, "WAIT FOR DIGIT 6000", "200 result=55", new PromptPlayed('7', false)),
                Arguments.of(wait, "WAIT FOR DIGIT 6000", "200 result=-1", new CallerHungUp()),
                Arguments.of(new IvrAction.SayNumber(3256), "SAY NUMBER 3256 \"\"", "200 result=0", new Done()),
                Arguments.of(new IvrAction.SayNumber(3256), "SAY NUMBER 3256 \"\"", "200 result=-1", new CallerHungUp()),
                Arguments.of(new IvrAction.SayDigits("12333"), "SAY DIGITS 12333 \"\"", "200 result=0", new Done()),
                // With escape digits SAY tells the key that cut it, as STREAM FILE does (barge-in).
                Arguments.of(new IvrAction.SayNumber(3256, "0123456789*#"), "SAY NUMBER 3256 \"0123456789*#\"",
                        "200 result=49", new PromptPlayed('1', false)),
                Arguments.of(new IvrAction.SayDigits("12333", "0123456789*#"), "SAY DIGITS 12333 \"0123456789*#\"",
                        "200 result=0", new PromptPlayed((char) 0, false)),
                Arguments.of(new IvrAction.SayDigits("12333", "0123456789*#"), "SAY DIGITS 12333 \"0123456789*#\"",
                        "200 result=-1", new CallerHungUp()),
                Arguments.of(new IvrAction.SayDigits("12333"), "SAY DIGITS 12333 \"\"", "200 result=-1", new CallerHungUp()),
                Arguments.of(record, "RECORD FILE msg-1 wav \"#\" 60000 BEEP s=3", "200 result=0 (timeout) endpos=8000",
                        new RecordingFinished(8000, true)),
                // Silence ends RECORD FILE with the milliseconds left as the result, not 0 (res_agi.c, Asterisk 22).
                Arguments.of(record, "RECORD FILE msg-1 wav \"#\" 60000 BEEP s=3", "200 result=52000 (timeout) endpos=64000",
                        new RecordingFinished(64000, true)),
                Arguments.of(record, "RECORD FILE msg-1 wav \"#\" 60000 BEEP s=3", "200 result=35 (dtmf) endpos=16000",
                        new RecordingFinished(16000, false)),
                Arguments.of(record, "RECORD FILE msg-1 wav \"#\" 60000 BEEP s=3", "200 result=-1 (writefile) endpos=0",
                        new IvrEvent.RecordingFailed("RECORD FILE answered -1 (writefile)")),
                Arguments.of(new IvrAction.Hangup(), "HANGUP", "200 result=1", new Done()),
                Arguments.of(answer, "ANSWER", DEAD, new CallerHungUp()),
                Arguments.of(play, "STREAM FILE hotline/menu \"0123456789*#\"", "510 Invalid or unknown command",
                        new CommandFailed("510 unknown command STREAM_FILE")));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void actionBecomesCommandAndReplyBecomesEvent(IvrAction action, String command, String reply, IvrEvent event) {
        EmbeddedCall call = new EmbeddedCall(action).connect();
        assertThat(call.sent()).containsExactly(command);
        call.asterisk(reply);
        assertThat(call.heard).containsExactly(event);
        assertThat(call.sent()).isEmpty();
        assertThat(call.channel.isOpen()).isFalse(); // the script ran out: End closes the socket
    }

    @Test
    void environmentBecomesCallInfo() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.End()).connect();
        assertThat(call.openedWith()).isEqualTo(new CallInfo("1795387794.19", "hotline", List.of("first"),
                "13800138000", "12333", "PJSIP/trunk-00000009", "from-trunk", "12333", "zh", "embedded"));
    }

    @Test
    void endClosesTheSocketWithoutACommand() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.End()).connect();
            assertThat(call.sent()).isEmpty();
            assertThat(call.channel.isOpen()).isFalse();
            assertThat(logs.lines()).hasSize(2);
            assertThat(logs.events("call_start")).containsExactly(
                    "event=call_start call=1795387794.19 script=hotline channel=PJSIP/trunk-00000009");
            assertThat(logs.events("call_end")).singleElement().asString().startsWith("event=call_end call=1795387794.19 ms=");
        }
    }

    @Test
    void multiLine520FailsTheCommandAndIsLogged() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(6), 1)).connect();
            call.sent();
            call.asterisk("520-Invalid command syntax.  Proper usage follows:",
                    "Stream the given <replaceable>file</replaceable>, and receive DTMF data.",
                    "520 End of proper usage.");
            assertThat(call.heard).containsExactly(new CommandFailed("520 bad syntax GET_DATA"));
            assertThat(logs.events("agi_520")).containsExactly("event=agi_520 call=1795387794.19 command=GET_DATA");
        }
    }

    @Test
    void askResendsOnBeepWhenThePromptIsMissing() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(6), 4)).connect();
        assertThat(call.sent()).containsExactly("GET DATA hotline/menu 6000 4");
        call.asterisk("200 result=-1");
        assertThat(call.heard).isEmpty();
        assertThat(call.sent()).containsExactly("GET DATA beep 6000 4");
        call.asterisk("200 result=1234");
        assertThat(call.heard).containsExactly(new DigitsEntered("1234", false));
    }

    @Test
    void askFailingTwiceMeansTheCallerHungUp() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(6), 4)).connect();
        call.asterisk("200 result=-1", "200 result=-1");
        assertThat(call.sent()).containsExactly("GET DATA hotline/menu 6000 4", "GET DATA beep 6000 4");
        assertThat(call.heard).containsExactly(new CallerHungUp());
    }

    @Test
    void queueReadsHowTheCallerLeftAfterExec() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.EnterQueue("hotline-general", Duration.ofSeconds(8))).connect();
        call.asterisk("200 result=0");
        assertThat(call.sent()).containsExactly("EXEC Queue \"hotline-general,c,,,8\"",
                "GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}:${MEMBERNAME}");
        assertThat(call.heard).isEmpty();
        call.asterisk("200 result=1 (CONTINUE:2500:30000:Agent:1001)");
        assertThat(call.heard).containsExactly(new QueueLeft("CONTINUE", false, 2500L, 30000L, "Agent:1001"));
    }

    @Test
    void queueTimeoutLeavesTalkTimeUnset() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.EnterQueue("hotline-noanswer", Duration.ofSeconds(4))).connect();
        call.asterisk("200 result=0", "200 result=1 (TIMEOUT:4006:)");
        assertThat(call.heard).containsExactly(new QueueLeft("TIMEOUT", false, 4006L, null));
    }

    // Transcript queue-abandon.txt: Queue answers -1, HANGUP arrives before the variables' reply, which is unset.
    @Test
    void callerHangingUpInTheQueueIsToldOnceThroughQueueLeft() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.EnterQueue("hotline-noanswer", Duration.ofSeconds(20)),
                new IvrAction.Hangup()).connect();
        call.asterisk("200 result=-1", "HANGUP", "200 result=1 (:::)");
        assertThat(call.heard).containsExactly(new QueueLeft(null, true, null, null));
        assertThat(call.sent()).containsExactly("EXEC Queue \"hotline-noanswer,c,,,20\"",
                "GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}:${MEMBERNAME}", "HANGUP");
        call.asterisk(DEAD);
        assertThat(call.heard).containsExactly(new QueueLeft(null, true, null, null), new CallerHungUp());
    }

    // Transcript hangup.txt: GET DATA answers -1; HANGUP comes only after our next command, before its 511.
    @Test
    void hangupAfterOurNextCommandEndsInOneCallerHungUp() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer(),
                new IvrAction.Ask(MENU, Duration.ofSeconds(20), 1), new IvrAction.End()).connect();
        call.asterisk("200 result=0", "200 result=-1", "HANGUP", DEAD);
        assertThat(call.sent()).containsExactly("ANSWER", "GET DATA hotline/menu 20000 1", "GET DATA beep 20000 1");
        assertThat(call.heard).containsExactly(new Done(), new CallerHungUp());
        assertThat(call.channel.isOpen()).isFalse();
    }

    @Test
    void hangupBeforeReplyStillCompletesCommandThenReplacesTheNextOne() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer(), new IvrAction.Play(MENU, ""),
                new IvrAction.SetVariable("HOTLINE_RESULT", "ok")).connect();
        call.asterisk("HANGUP", "200 result=0");
        // Play is never sent: the IvrCall hears CallerHungUp instead, and its answer (SetVariable) goes out.
        assertThat(call.heard).containsExactly(new Done(), new CallerHungUp());
        assertThat(call.sent()).containsExactly("ANSWER", "SET VARIABLE HOTLINE_RESULT \"ok\"");
        call.asterisk("HANGUP", "200 result=1");
        assertThat(call.heard).containsExactly(new Done(), new CallerHungUp(), new Done());
    }

    @Test
    void recordingCutByHangupReportsTheRecordingThenTheHangup() {
        EmbeddedCall call = new EmbeddedCall(
                new IvrAction.Record("msg-1", "wav", Duration.ofSeconds(60), Duration.ofSeconds(3)),
                new IvrAction.Play(MENU, "")).connect();
        call.asterisk("200 result=-1 (hangup) endpos=24000");
        assertThat(call.heard).containsExactly(new RecordingFinished(24000, false), new CallerHungUp());
        assertThat(call.sent()).containsExactly("RECORD FILE msg-1 wav \"#\" 60000 BEEP s=3");
    }

    @Test
    void repeatedHangupLinesAfterTheCallWasToldChangeNothing() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer(), new IvrAction.SayDigits("12333")).connect();
        call.asterisk("HANGUP", DEAD, "HANGUP");
        assertThat(call.sent()).containsExactly("ANSWER", "SAY DIGITS 12333 \"\"");
        assertThat(call.heard).containsExactly(new CallerHungUp());
    }
}
