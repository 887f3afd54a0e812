package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Prompts, keys and recordings: what the scripted caller hears and presses, in model time. */
class PromptAndKeyTest {

    /** 3 s prompts, keys 2 s into a command (1.5 s into a 3 s sound) and 0.3 s apart, delivered at once (scale 0). */
    private static CallScript.Builder caller() {
        return CallScript.to("hotline").timing(TimeModel.instant());
    }

    @Test
    void missingSoundsAnswerAtOnceLikeAsterisk() {
        ServerEnd server = new ServerEnd(caller().sounds(Sounds.allExcept("hotline/nope", "beep"))
                .timing(TimeModel.realistic()).build());
        assertThat(server.ask("STREAM FILE hotline/nope \"\"")).isEqualTo("200 result=-1 endpos=0\n");
        assertThat(server.ask("STREAM FILE hotline/nope \"\" 800")).isEqualTo("200 result=-1 endpos=800\n");
        assertThat(server.ask("GET DATA hotline/nope 5000 4")).isEqualTo("200 result=-1\n");
        assertThat(server.ask("GET OPTION hotline/nope \"12\"")).isEqualTo("200 result=-1 endpos=0\n");
        assertThat(server.ask("RECORD FILE msg wav \"#\" 5000 BEEP"))
                .isEqualTo("200 result=-1 (randomerror) endpos=0\n");
        assertThat(server.hangUpServerSide().prompts()).isEmpty();
    }

    @Test
    void aSoundPlaysToItsEndAtScaleOneAndAtOnceAtScaleZero() {
        ServerEnd real = new ServerEnd(caller().timing(TimeModel.realistic()).build());
        assertThat(real.ask("STREAM FILE hotline/welcome \"\"")).isEmpty();
        real.advance(Duration.ofMillis(2999));
        assertThat(real.received()).isEmpty();
        real.advance(Duration.ofMillis(1));
        assertThat(real.received()).isEqualTo("200 result=0 endpos=24000\n");

        ServerEnd instant = new ServerEnd(caller().build());
        assertThat(instant.ask("STREAM FILE hotline/welcome \"\"")).isEqualTo("200 result=0 endpos=24000\n");
    }

    @Test
    void anEscapeKeyCutsTheSoundAndAnswersItsAsciiCodeAndPosition() {
        ServerEnd server = new ServerEnd(caller().keyDuring("hotline/menu", "2").build());
        assertThat(server.ask("STREAM FILE hotline/menu \"0123456789*#\"")).isEqualTo("200 result=50 endpos=12000\n");
        EmulatedCall call = server.hangUpServerSide();
        assertThat(call.prompts()).containsExactly("hotline/menu");
        assertThat(call.variables()).containsEntry("PLAYBACKSTATUS", "FAILED");
    }

    @Test
    void aKeyThatIsNoEscapeDigitIsSwallowedAndTheSoundPlaysOn() {
        ServerEnd server = new ServerEnd(caller().keyDuring("menu", "5").keys("7").build());
        assertThat(server.ask("STREAM FILE hotline/menu \"12\"")).isEqualTo("200 result=0 endpos=24000\n");
        assertThat(server.ask("WAIT FOR DIGIT 5000")).isEqualTo("200 result=55\n");
    }

    @Test
    void withoutEscapeDigitsAKeyDuringTheSoundIsDiscardedNotKeptForTheNextCommand() {
        ServerEnd server = new ServerEnd(caller().keyDuring("welcome", "1").build());
        assertThat(server.ask("STREAM FILE hotline/hotline-welcome \"\"")).isEqualTo("200 result=0 endpos=24000\n");
        assertThat(server.ask("WAIT FOR DIGIT 5000")).isEqualTo("200 result=0\n");
        assertThat(server.ask("GET DATA beep 3000 1")).isEqualTo("200 result= (timeout)\n");
    }

    @Test
    void theSameKeyWithEscapeDigitsCutsTheSoundAndTheRestOfTheEntryAnswersTheNextCommand() {
        ServerEnd server = new ServerEnd(caller().keyDuring("welcome", "123").keys("9").build());
        assertThat(server.ask("STREAM FILE hotline/hotline-welcome \"0123456789*#\"")).isEqualTo("200 result=49 endpos=12000\n");
        assertThat(server.ask("GET DATA hotline/silence 5000 5")).isEqualTo("200 result=23 (timeout)\n");
        assertThat(server.ask("GET DATA beep 5000 1")).isEqualTo("200 result=9\n");
    }

    @Test
    void plainEntriesWaitForAQuestionAndAreNotPressedDuringAPlayingSound() {
        ServerEnd server = new ServerEnd(caller().keys("3").build());
        assertThat(server.ask("STREAM FILE hotline/menu \"123\"")).isEqualTo("200 result=0 endpos=24000\n");
        assertThat(server.ask("SAY DIGITS 12 \"123\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask("WAIT FOR DIGIT 5000")).isEqualTo("200 result=51\n");
    }

    @Test
    void aKeyDuringAShortSoundFallsHalfwayThroughIt() {
        ServerEnd server = new ServerEnd(caller().keyDuring("short", "3").timing(TimeModel.instant()
                .withPrompt("short", Duration.ofMillis(500))).build());
        assertThat(server.ask("STREAM FILE short \"123\"")).isEqualTo("200 result=51 endpos=2000\n");
    }

    @Test
    void getDataAnswersTheDigitsAHashEnds() {
        ServerEnd server = new ServerEnd(caller().keys("110101199003078515#").build());
        assertThat(server.ask("GET DATA hotline/id 5000 18")).isEqualTo("200 result=110101199003078515\n");
    }

    @Test
    void getDataStopsAtTheMaximumCount() {
        ServerEnd server = new ServerEnd(caller().keys("12345", "9").build());
        assertThat(server.ask("GET DATA beep 5000 3")).isEqualTo("200 result=123\n");
        assertThat(server.ask("GET DATA beep 5000 1")).isEqualTo("200 result=9\n");
    }

    @Test
    void getDataWithAHashFirstAnswersNothingWithoutTimeout() {
        assertThat(new ServerEnd(caller().keys("#").build()).ask("GET DATA beep 5000 4")).isEqualTo("200 result=\n");
    }

    @Test
    void getDataTimesOutAfterTheLastKeyWithTheDigitsSoFar() {
        ServerEnd server = new ServerEnd(caller().keys("12").timing(TimeModel.realistic()).build());
        assertThat(server.ask("GET DATA beep 3000 6")).isEmpty();
        server.advance(Duration.ofMillis(2000 + 300 + 2999));
        assertThat(server.received()).isEmpty();
        server.advance(Duration.ofMillis(1));
        assertThat(server.received()).isEqualTo("200 result=12 (timeout)\n");
    }

    @Test
    void getDataWithNoKeysLeftTimesOutAfterThePromptAndTheTimeout() {
        ServerEnd server = new ServerEnd(caller().timing(TimeModel.realistic()).build());
        server.ask("GET DATA beep 1500 4");
        server.advance(Duration.ofMillis(1999));
        assertThat(server.received()).isEmpty();
        server.advance(Duration.ofMillis(1));
        assertThat(server.received()).isEqualTo("200 result= (timeout)\n");
    }

    @Test
    void aCallerSlowerThanTheTimeoutKeepsTheKeysForLater() {
        ServerEnd server = new ServerEnd(caller().keys("4").timing(TimeModel.instant()
                .withKeyDelay(Duration.ofSeconds(8))).build());
        assertThat(server.ask("GET DATA beep 1000 1")).isEqualTo("200 result= (timeout)\n");
        assertThat(server.ask("GET DATA beep 10000 1")).isEqualTo("200 result=4\n");
    }

    @Test
    void slowKeysWithinOneEntryTimeOutBetweenKeys() {
        ServerEnd server = new ServerEnd(caller().keys("123").timing(TimeModel.instant()
                .withInterKeyDelay(Duration.ofSeconds(3))).build());
        assertThat(server.ask("GET DATA beep 2000 3")).isEqualTo("200 result=1 (timeout)\n");
    }

    @Test
    void getDataWithoutTimeoutWaitsSixSecondsForTheFirstKey() {
        ServerEnd server = new ServerEnd(caller().timing(TimeModel.realistic()).build());
        server.ask("GET DATA beep");
        server.advance(Duration.ofMillis(6499));
        assertThat(server.received()).isEmpty();
        server.advance(Duration.ofMillis(1));
        assertThat(server.received()).isEqualTo("200 result= (timeout)\n");
    }

    @Test
    void waitForDigitAnswersZeroWhenNothingIsPressedInTime() {
        ServerEnd server = new ServerEnd(caller().keys("9").build());
        assertThat(server.ask("WAIT FOR DIGIT 1000")).isEqualTo("200 result=0\n");
        assertThat(server.ask("WAIT FOR DIGIT -1")).isEqualTo("200 result=57\n");
    }

    @Test
    void sayDigitsPlaysOneSoundPerDigitAndAnEscapeKeyCutsIt() {
        ServerEnd server = new ServerEnd(caller().keyDuring("say", "5").keyDuring("say", "0").build());
        assertThat(server.ask("SAY DIGITS 12333 \"\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask("SAY NUMBER 98765 \"0\"")).isEqualTo("200 result=48\n");
        assertThat(server.hangUpServerSide().prompts()).containsExactly("digits/1", "digits/2", "digits/3",
                "digits/3", "digits/3", "digits/9", "digits/8", "digits/7");
    }

    @Test
    void sayWithoutDigitSoundsPlaysNothingAndAnswersZero() {
        ServerEnd server = new ServerEnd(caller().sounds(Sounds.only("beep")).build());
        assertThat(server.ask("SAY NUMBER 3256 \"\"")).isEqualTo("200 result=0\n");
        assertThat(server.hangUpServerSide().prompts()).isEmpty();
    }

    @Test
    void getOptionWaitsForAKeyAfterTheSound() {
        ServerEnd server = new ServerEnd(caller().keys("1").timing(TimeModel.instant()
                .withPrompt("short", Duration.ofMillis(500))).build());
        assertThat(server.ask("GET OPTION short \"12\" 5000")).isEqualTo("200 result=49 endpos=4000\n");
        assertThat(server.ask("GET OPTION short \"12\" 5000")).isEqualTo("200 result=0 endpos=4000\n");
    }

    @Test
    void hangingUpDuringAnInputCommandCutsItShort() {
        ServerEnd server = new ServerEnd(caller().hangUpAtInput(2).build());
        assertThat(server.ask("STREAM FILE hotline/menu \"1\"")).isEqualTo("200 result=0 endpos=24000\n");
        assertThat(server.ask("GET DATA beep 1000 1")).isEqualTo("200 result= (timeout)\n");
        assertThat(server.ask("WAIT FOR DIGIT 5000")).isEqualTo("200 result=-1\n");
        assertThat(server.ask("GET DATA beep 1000 1")).isEqualTo("HANGUP\n"
                + "511 Command Not Permitted on a dead channel or intercept routine\n");
        assertThat(server.hangUpServerSide().variables()).containsEntry("AGISTATUS", "HANGUP");
    }

    @Test
    void recordingEndsOnAnEscapeKeyWithTheKeyToneCutOff() {
        ServerEnd server = new ServerEnd(caller().keys("#").messageLength(Duration.ofSeconds(5)).build());
        // beep 0.5 s, speech 5 s, '#' 2 s later: 7 s recorded, 0.2 s cut
        assertThat(server.ask("RECORD FILE msg wav \"#\" 60000 BEEP s=3"))
                .isEqualTo("200 result=35 (dtmf) endpos=54400\n");
        assertThat(server.hangUpServerSide().prompts()).containsExactly("beep");
    }

    @Test
    void recordingEndsOnSilenceWithTheTimeTheLastWaitHadLeft() {
        ServerEnd server = new ServerEnd(caller().messageLength(Duration.ofSeconds(5)).build());
        assertThat(server.ask("RECORD FILE msg wav \"#\" 60000 s=3"))
                .isEqualTo("200 result=52000 (timeout) endpos=48000\n");
    }

    @Test
    void recordingWithoutAudioTimesOutAtZero() {
        ServerEnd server = new ServerEnd(caller().build());
        assertThat(server.ask("RECORD FILE hotline-msg-test wav \"#\" 1500 0 s=1"))
                .isEqualTo("200 result=0 (timeout) endpos=0\n");
    }

    @Test
    void hangingUpWhileRecordingAnswersHangupWithThePosition() {
        ServerEnd server = new ServerEnd(caller().hangUpAtInput(1).messageLength(Duration.ofSeconds(4)).build());
        assertThat(server.ask("RECORD FILE msg wav \"#\" 60000")).isEqualTo("200 result=-1 (hangup) endpos=48000\n");
    }

    @Test
    void execPlaybackPlaysEachFileAndAnswersTheChannel() {
        ServerEnd server = new ServerEnd(caller().sounds(Sounds.allExcept("gone")).build());
        assertThat(server.ask("EXEC Playback \"hotline/a&gone&hotline/b\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask("CHANNEL STATUS")).isEqualTo("200 result=6\n");
        EmulatedCall call = server.hangUpServerSide();
        assertThat(call.prompts()).containsExactly("hotline/a", "hotline/b");
        assertThat(call.variables()).containsEntry("PLAYBACKSTATUS", "FAILED");
    }
}
