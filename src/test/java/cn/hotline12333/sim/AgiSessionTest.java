package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AGI protocol as res_agi answers it: environment, 510/511/520, hang-up lines, session end. */
class AgiSessionTest {

    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";

    private static CallScript.Builder caller() {
        return CallScript.to("hotline").timing(TimeModel.instant());
    }

    @Test
    void environmentBlockFollowsAsterisksOrderAndSpelling() {
        ServerEnd server = new ServerEnd(CallScript.to("hotline?node=main").args("12333", "")
                .callerId("13800138000").dialled("12333").channel("PJSIP/trunk-0000001a").uniqueId("1795387708.7")
                .threadId(139767339550400L).context("from-pstn").priority(2).build());
        assertThat(server.received()).isEqualTo("""
                agi_network: yes
                agi_network_script: hotline?node=main
                agi_request: agi://10.0.0.5:4573/hotline?node=main
                agi_channel: PJSIP/trunk-0000001a
                agi_language: zh
                agi_type: PJSIP
                agi_uniqueid: 1795387708.7
                agi_version: 22.11.0-rc1
                agi_callerid: 13800138000
                agi_calleridname: unknown
                agi_callingpres: 0
                agi_callingani2: 0
                agi_callington: 0
                agi_callingtns: 0
                agi_dnid: 12333
                agi_rdnis: unknown
                agi_context: from-pstn
                agi_extension: 12333
                agi_priority: 2
                agi_enhanced: 0.0
                agi_accountcode: \n\
                agi_threadid: 139767339550400
                agi_arg_1: 12333
                agi_arg_2: \n\
                
                """);
    }

    @Test
    void unknownCallerAndNumbersAreTheWordUnknown() {
        String env = new ServerEnd(CallScript.to("hotline").build()).received();
        assertThat(env).contains("agi_callerid: unknown\nagi_calleridname: unknown\nagi_callingpres: 67\n")
                .contains("agi_dnid: unknown\nagi_rdnis: unknown\n").doesNotContain("agi_arg_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO BAR", "", "GET", "ANSWER\r", "\"\" ANSWER"})
    void unknownCommandsAnswer510(String command) {
        assertThat(new ServerEnd(caller().build()).ask(command)).isEqualTo("510 Invalid or unknown command\n");
    }

    @Test
    void commandWordsMatchIgnoringCaseAndMayBeQuoted() {
        ServerEnd server = new ServerEnd(caller().uniqueId("1795387708.7").build());
        assertThat(server.ask("get Full VARIABLE ${UNIQUEID}")).isEqualTo("200 result=1 (1795387708.7)\n");
        assertThat(server.ask("\"NOOP\"")).isEqualTo("200 result=0\n");
    }

    @Test
    void wrongArgumentCountAnswersTheMultiLineUsageBlock() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("SET VARIABLE ONLY_NAME")).isEqualTo("""
                520-Invalid command syntax.  Proper usage follows:
                Sets a variable to the current channel.
                520 End of proper usage.
                """);
        assertThat(server.ask("WAIT FOR DIGIT soon")).startsWith("520-Invalid command syntax.  Proper usage")
                .contains("Use <literal>-1</literal> for the <replaceable>timeout</replaceable> value")
                .endsWith("\n520 End of proper usage.\n");
        assertThat(server.ask("STREAM FILE beep")).contains("<variable>PLAYBACKSTATUS</variable>: The status of "
                + "the playback attempt as a text string.\n    <value>SUCCESS</value>\n    <value>FAILED</value>\n"
                + "520 End");
    }

    @Test
    void hangupAnswersOneThenItsHangupLineComesBeforeTheNextCommandsReply() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("HANGUP")).isEqualTo("200 result=1\n");
        assertThat(server.ask("ANSWER")).isEqualTo("HANGUP\n" + DEAD);
        assertThat(server.ask("ANSWER")).isEqualTo(DEAD);
    }

    @Test
    void hangupLineComesAloneAboutFortyMillisecondsLaterWhenNoCommandFollows() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("HANGUP")).isEqualTo("200 result=1\n");
        server.advance(Duration.ofMillis(39));
        assertThat(server.received()).isEmpty();
        server.advance(Duration.ofMillis(1));
        assertThat(server.received()).isEqualTo("HANGUP\n");
        assertThat(server.ask("STREAM FILE beep \"\"")).isEqualTo(DEAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ANSWER", "STREAM FILE beep \"\"", "GET DATA beep 1000 1", "WAIT FOR DIGIT 100",
            "SAY NUMBER 5 \"\"", "SAY DIGITS 5 \"\"", "RECORD FILE m wav \"#\" 1000", "HANGUP", "CHANNEL STATUS",
            "GET OPTION beep \"1\"", "SET CONTEXT x", "SET MUSIC on", "SAY ALPHA abc \"\"", "CONTROL STREAM FILE a b"})
    void deadChannelRefusesCommandsWithoutTheDeadFlag(String command) {
        ServerEnd server = new ServerEnd(caller().build());
        server.ask("HANGUP");
        server.ask("NOOP");
        assertThat(server.ask(command)).isEqualTo(DEAD);
    }

    @Test
    void deadChannelStillAnswersVariablesVerboseAndExec() {
        ServerEnd server = new ServerEnd(caller().build());
        server.ask("HANGUP");
        assertThat(server.ask("SET VARIABLE A \"b\"")).isEqualTo("HANGUP\n200 result=1\n");
        assertThat(server.ask("GET VARIABLE A")).isEqualTo("200 result=1 (b)\n");
        assertThat(server.ask("GET VARIABLE CHANNEL(state)")).isEqualTo("200 result=1 (Ring)\n");
        assertThat(server.ask("GET FULL VARIABLE ${A}${A}")).isEqualTo("200 result=1 (bb)\n");
        assertThat(server.ask("VERBOSE \"bye\" 1")).isEqualTo("200 result=1\n");
        assertThat(server.ask("EXEC Verbose \"bye\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask("EXEC Playback beep")).isEqualTo("200 result=-1\n");
        assertThat(server.ask("NOOP")).isEqualTo("200 result=0\n");
    }

    @Test
    void withAgisighupNoThereIsNoHangupLineButStill511() {
        ServerEnd server = new ServerEnd(caller().variable("AGISIGHUP", "no").build());
        server.ask("HANGUP");
        server.advance(Duration.ofSeconds(1));
        assertThat(server.received()).isEmpty();
        assertThat(server.ask("ANSWER")).isEqualTo(DEAD);
    }

    @Test
    void withAgiexitonhangupAsteriskSaysHangupTwiceAndCloses() {
        ServerEnd server = new ServerEnd(caller().variable("AGIEXITONHANGUP", "yes").build());
        server.ask("HANGUP");
        server.advance(Duration.ofMillis(40));
        assertThat(server.received()).isEqualTo("HANGUP\nHANGUP\n");
        EmulatedCall call = server.result.join();
        assertThat(call.end()).isEqualTo(EmulatedCall.End.EMULATOR_CLOSED);
        assertThat(call.variables()).containsEntry("AGISTATUS", "HANGUP");
        assertThat(server.channel.isOpen()).isFalse();
    }

    @Test
    void aFailureLineEndsTheAgiWithFailure() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("FAILURE to start script")).isEqualTo("HANGUP\n");
        EmulatedCall call = server.result.join();
        assertThat(call.end()).isEqualTo(EmulatedCall.End.EMULATOR_CLOSED);
        assertThat(call.variables()).containsEntry("AGISTATUS", "FAILURE");
    }

    @Test
    void commandsSentTogetherAreRunOneAtATimeInOrder() {
        ServerEnd server = new ServerEnd(caller().timing(TimeModel.realistic()).build());
        server.received();
        server.sendRaw("ANSWER\nGET DATA beep 1000 1\nNOOP\n");
        assertThat(server.received()).isEqualTo("200 result=0\n");
        server.advance(Duration.ofMillis(1499));
        assertThat(server.received()).isEmpty();
        server.advance(Duration.ofMillis(1));
        assertThat(server.received()).isEqualTo("200 result= (timeout)\n200 result=0\n");
    }

    @Test
    void aLineLongerThanAsterisksBufferIsReadAsTwoCommands() {
        ServerEnd server = new ServerEnd(caller().build());
        String longLine = "VERBOSE " + "x".repeat(AgiLineReader.AGI_BUF_LEN);
        assertThat(server.ask(longLine)).isEqualTo("200 result=1\n510 Invalid or unknown command\n");
        EmulatedCall call = server.hangUpServerSide();
        assertThat(call.commands()).hasSize(2);
        assertThat(call.commands().get(0)).hasSize(AgiLineReader.AGI_BUF_LEN - 1);
    }

    @Test
    void aCommandTheEmulatorDoesNotEmulateClosesTheCallNamingIt() {
        ServerEnd server = new ServerEnd(caller().build());
        server.ask("DATABASE GET family key");
        EmulatedCall call = server.result.join();
        assertThat(call.end()).isEqualTo(EmulatedCall.End.EMULATOR_CLOSED);
        assertThat(call.problem()).isEqualTo("command not emulated: DATABASE GET");
    }

    @Test
    void aSilentServerIsHungUpOnAfterTheConfiguredTime() {
        ServerEnd server = new ServerEnd(caller().build(), EmulatorSettings.defaults()
                .withServerSilence(Duration.ofSeconds(10)));
        server.ask("ANSWER");
        server.advance(Duration.ofSeconds(9));
        assertThat(server.result).isNotDone();
        server.advance(Duration.ofSeconds(1));
        assertThat(server.result.join().end()).isEqualTo(EmulatedCall.End.EMULATOR_CLOSED);
        assertThat(server.result.join().problem()).contains("no command for 10000 ms");
    }

    @Test
    void agiStatusIsFailureAfterAFailedCommandOnALiveChannel() {
        ServerEnd server = new ServerEnd(caller().sounds(Sounds.allExcept("missing")).build());
        assertThat(server.ask("STREAM FILE missing \"\"")).isEqualTo("200 result=-1 endpos=0\n");
        assertThat(server.ask("SET VARIABLE HOTLINE_RESULT \"ok\"")).isEqualTo("200 result=1\n");
        EmulatedCall call = server.hangUpServerSide();
        assertThat(call.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
        assertThat(call.variables()).containsEntry("AGISTATUS", "FAILURE").containsEntry("HOTLINE_RESULT", "ok");
    }

    @Test
    void agiStatusTellsSuccessFromHangup() {
        ServerEnd quiet = new ServerEnd(caller().build());
        quiet.ask("ANSWER");
        assertThat(quiet.hangUpServerSide().variables()).containsEntry("AGISTATUS", "SUCCESS");
        ServerEnd gone = new ServerEnd(caller().hangUpAtInput(1).build());
        assertThat(gone.ask("GET DATA beep 3000 1")).isEqualTo("200 result=-1\n");
        EmulatedCall call = gone.hangUpServerSide();
        assertThat(call.variables()).containsEntry("AGISTATUS", "HANGUP");
        assertThat(call.callerHungUp()).isTrue();
    }

    @Test
    void callerHangsUpBetweenCommandsAfterTheGivenCount() {
        ServerEnd server = new ServerEnd(caller().hangUpAfterCommands(2).build());
        assertThat(server.ask("ANSWER")).isEqualTo("200 result=0\n");
        assertThat(server.ask("SET VARIABLE A 1")).isEqualTo("200 result=1\n");
        assertThat(server.ask("STREAM FILE beep \"\"")).isEqualTo("HANGUP\n" + DEAD);
    }

    @Test
    void everyCommandHasATurnaroundFromThePreviousReply() {
        ServerEnd server = new ServerEnd(caller().build());
        server.advance(Duration.ofMillis(3));
        server.ask("ANSWER");
        server.advance(Duration.ofMillis(5));
        server.ask("NOOP");
        EmulatedCall call = server.hangUpServerSide();
        assertThat(call.turnarounds()).extracting(EmulatedCall.Turnaround::command).containsExactly("ANSWER", "NOOP");
        assertThat(call.turnarounds()).extracting(EmulatedCall.Turnaround::nanos)
                .containsExactly(3_000_000L, 5_000_000L);
        assertThat(call.replies()).containsExactly("200 result=0", "200 result=0");
    }

    @Test
    void channelStatusFollowsAnswer() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("CHANNEL STATUS")).isEqualTo("200 result=4\n");
        server.ask("ANSWER");
        assertThat(server.ask("CHANNEL STATUS")).isEqualTo("200 result=6\n");
        assertThat(server.ask("CHANNEL STATUS SIP/other-1")).isEqualTo("200 result=-1\n");
    }

    @Test
    void unknownApplicationAnswersMinusTwo() {
        assertThat(new ServerEnd(caller().build()).ask("EXEC NoSuchApp \"x\"")).isEqualTo("200 result=-2\n");
    }

    // Asterisk 22 has app_read: answering -2 ("no such application") would be a reply Asterisk never gives.
    @ParameterizedTest
    @ValueSource(strings = {"EXEC Read \"PIN,hotline/pin,6\"", "exec background beep", "EXEC SayDigits 123"})
    void anAsteriskApplicationTheEmulatorDoesNotRunClosesTheCallNamingIt(String command) {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask(command)).isEmpty();
        EmulatedCall call = server.result.join();
        assertThat(call.end()).isEqualTo(EmulatedCall.End.EMULATOR_CLOSED);
        assertThat(call.problem()).isEqualTo("application not emulated: " + command.split(" ")[1]);
    }
}
