package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.CALLER;
import static cn.hotline12333.ivr.CallHarness.ask;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.CallHarness.set;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.input;
import static cn.hotline12333.ivr.TestFlows.menu;
import static cn.hotline12333.ivr.TestFlows.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.Say;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Barge-in and type-ahead in every node kind: a key that cuts a prompt answers the next question, which is then
 * not asked (no GET DATA goes out for it), and a prompt the flow wants heard whole is played without escape keys.
 */
class BargeInTest {
    private static final IvrAction QUEUE = new IvrAction.EnterQueue("general", Duration.ofSeconds(120));

    /** welcome → main: 1 info (back to main), 2 id_intro then id, 3 pension answer, 4 queue, 5 referral, 6 message, 7 callback. */
    private static CallHarness hotline(Node welcome) {
        List<Say> say = List.of(new Say.SayPrompt(p("amount_is")), new Say.SayNumber("amount"),
                new Say.SayPrompt(p("yuan")));
        CallHarness h = new CallHarness(flow("hotline", "welcome", "agent",
                welcome,
                menu("main", 3, null, "1", "info", "2", "id_intro", "3", "pension", "4", "agent", "5", "refer",
                        "6", "message", "7", "callback", "#", "bye"),
                TestFlows.play("info", "main"),
                TestFlows.play("id_intro", "id"),
                input("id", InputKind.CITIZEN_ID, 18, "citizen", "main"),
                TestFlows.service("pension", "pension", null, say, "main", "main", null),
                TestFlows.transfer("agent", "general", "survey", "main", "main"),
                TestFlows.survey("survey", "bye"),
                new Node.ReferNode("refer", 1, p("refer"), "12393"),
                new Node.RecordNode("message", 1, p("message"), "general", Duration.ofSeconds(120),
                        Duration.ofSeconds(5), "bye", "main", "callback"),
                TestFlows.request("callback", "callback", "general", "bye"),
                TestFlows.hangup("bye")));
        when(h.selfService.answer(any(), any())).thenReturn(new ServiceAnswer(true, Map.of("amount", "3280")));
        return h;
    }

    private static CallHarness hotline() {
        return hotline(TestFlows.play("welcome", "main"));
    }

    private static IvrEvent key(char key) {
        return new IvrEvent.PromptPlayed(key, false);
    }

    @Test
    void everyPromptIsPlayedWithEveryKeyAsEscapeDigit() {
        CallHarness h = hotline();
        assertThat(h.answer("hotline")).isEqualTo(new IvrAction.Play(p("welcome"), "0123456789*#"));
    }

    @Test
    void aKeyDuringTheWelcomeIsTheMainMenuChoiceAndTheMenuIsNotAsked() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('1'))).isEqualTo(play("info"));
        assertThat(h.played()).isEqualTo(ask("main", 1));
        h.hangUp();
        assertThat(h.record().path()).extracting(v -> v.node()).containsExactly("welcome", "main", "info", "main");
    }

    @Test
    void aKeyDuringAnInformationPlayReturnsToItsMenuWithThatChoice() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.played();
        assertThat(h.keys("1")).isEqualTo(play("info"));
        assertThat(h.on(key('4'))).isEqualTo(play("agent"));
    }

    @Test
    void aWrongKeyTypedAheadGetsTheMenusNoticeAndTheMenuIsAskedAgain() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('8'))).isEqualTo(play("invalid"));
        assertThat(h.on(key('1'))).as("a key during the notice answers the menu too").isEqualTo(play("info"));
    }

    @Test
    void aPromptMarkedWholeIsPlayedWithoutEscapeDigits() {
        Node.PlayNode legal = new Node.PlayNode("welcome", 1, new Prompt("（法律声明）", "hotline/legal", false), "main");
        CallHarness h = hotline(legal);
        assertThat(h.answer("hotline")).isEqualTo(new IvrAction.Play(legal.prompt(), ""));
        assertThat(h.played()).isEqualTo(ask("main", 1));
    }

    @Test
    void theFirstKeyOfALongAnswerStartsItAndGetDataCollectsTheRest() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.played();
        h.keys("1");
        assertThat(h.on(key('2'))).isEqualTo(play("id_intro"));
        // the play before the id input is cut: its key starts the 18 digits, and the id prompt is not played
        assertThat(h.on(key(InputTest.ID.charAt(0))))
                .isEqualTo(new IvrAction.Ask(IvrCall.REST_OF_ENTRY, TestFlows.ASK, 17));
        assertThat(h.keys(InputTest.ID.substring(1))).isEqualTo(ask("main", 1));
        h.hangUp();
        assertThat(h.record().inputs()).extracting(i -> i.valid()).containsExactly(true);
    }

    @Test
    void aHashTypedAheadEndsALongAnswerEmpty() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('2'))).isEqualTo(play("id_intro"));
        assertThat(h.on(key('#'))).isEqualTo(play("no_input"));
    }

    @Test
    void aKeyDuringASelfServiceAnswerCutsTheRestOfItAndAnswersTheNextMenu() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.on(key('3'));
        assertThat(h.work()).isEqualTo(play("amount_is"));
        assertThat(h.played()).isEqualTo(new IvrAction.SayNumber(3280, Prompt.ALL_KEYS));
        // SAY NUMBER cut by 1: the last words are skipped and main takes the 1
        assertThat(h.on(key('1'))).isEqualTo(play("info"));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.SELF_SERVICE);
    }

    @Test
    void aKeyDuringTheQueueGreetingOnlyCutsItAndTheSurveyIsStillAsked() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('4'))).isEqualTo(play("agent"));
        assertThat(h.on(key('5'))).isEqualTo(QUEUE);
        assertThat(h.on(new IvrEvent.QueueLeft("CONTINUE", false, 1000L, 60_000L))).isEqualTo(ask("survey", 1));
    }

    @Test
    void aKeyDuringTheReferralGreetingHandsTheCallOverAtOnce() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.on(key('5'));
        assertThat(h.on(key('1'))).isEqualTo(set("HOTLINE_TRANSFER", "12393"));
    }

    @Test
    void aKeyDuringTheMessageGreetingStartsTheRecordingAndIsNoPartOfIt() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.on(key('6'));
        assertThat(h.on(key('1'))).isInstanceOf(IvrAction.Record.class);
    }

    @Test
    void aKeyDuringTheCallbackGreetingSkipsTheReadBackAndConfirms() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('7'))).isEqualTo(play("callback"));
        assertThat(h.on(key('1'))).isInstanceOf(IvrAction.Work.class);
        h.work();
        verify(h.requests).requested(any(), any(), any(), any(), any());
    }

    @Test
    void aKeyDuringTheNumberReadBackIsTheConfirmation() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.on(key('7'));
        assertThat(h.played()).isEqualTo(new IvrAction.SayDigits(CALLER, Prompt.ALL_KEYS));
        assertThat(h.on(key('2'))).isEqualTo(new IvrAction.Ask(Requests.ENTER_NUMBER, Requests.NUMBER_TIMEOUT, 12));
    }

    @Test
    void aKeyDuringTheFarewellHangsUp() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.on(key('#'))).isEqualTo(play("bye"));
        assertThat(h.on(key('1'))).isEqualTo(new IvrAction.Hangup());
    }

    @Test
    void aMessageThatCannotBeRecordedOffersACallbackAndSaysWhyOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger(Messages.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            CallHarness h = hotline();
            h.answer("hotline");
            h.on(key('6'));
            h.played();
            assertThat(h.on(new IvrEvent.RecordingFailed("RECORD FILE answered -1 (randomerror)")))
                    .isEqualTo(play("callback"));
            h.played();
            h.done();
            h.keys("1");
            h.work();
            h.hangUp();
            assertThat(h.record().outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
            assertThat(h.record().error()).isNull();
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "event=message_not_recorded call=ast-bj-1/1732259050.17 node=message"
                            + " cause=\"RECORD FILE answered -1 (randomerror)\" then=callback");
        } finally {
            logger.detachAppender(logs);
        }
    }
}
