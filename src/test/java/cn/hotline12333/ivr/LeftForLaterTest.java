package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.CALLER;
import static cn.hotline12333.ivr.CallHarness.END;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.record;
import static cn.hotline12333.ivr.TestFlows.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.Outcome;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** What callers leave for later: a recorded message, a callback or an SMS link. */
class LeftForLaterTest {
    private static final String FILE = Hotline.DEFAULT_RECORDINGS + "/1732259050-17-complaint";
    private static final IvrAction RECORD = new IvrAction.Record(FILE, "wav",
            Duration.ofSeconds(120), Duration.ofSeconds(5));
    private static final IvrAction CONFIRM = new IvrAction.Ask(Requests.CONFIRM_NUMBER, Requests.CONFIRM_TIMEOUT, 1);
    private static final IvrAction ENTER = new IvrAction.Ask(Requests.ENTER_NUMBER, Requests.NUMBER_TIMEOUT, 12);
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-23T10:00:00+08:00");

    private static CallHarness hotline() {
        return new CallHarness(flow("hotline", "complaint", null,
                record("complaint", "labour", "thanks"),
                request("callback", "callback", "general", "thanks"),
                request("sms", "sms_link", "sign_language", "thanks"),
                TestFlows.play("thanks", null),
                TestFlows.play("silent", null)));
    }

    @Test
    void messageIsRecordedAndSavedToTheMailbox() {
        CallHarness h = hotline();
        assertThat(h.answer("hotline")).isEqualTo(play("complaint"));
        assertThat(h.played()).isEqualTo(RECORD);
        assertThat(h.on(new IvrEvent.RecordingFinished(48_000, false))).isInstanceOf(IvrAction.Work.class);
        assertThat(h.work()).isEqualTo(play("thanks"));
        verify(h.requests).messageLeft("labour", "ast-bj-1/1732259050.17", CALLER,
                FILE, NOW);
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.MESSAGE_LEFT);
    }

    @Test
    void hangUpWhileSpeakingStillLeavesTheMessage() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.played();
        // RECORD FILE answers result=-1 (hangup) endpos=N; the driver tells us of the hang-up on our next command.
        h.on(new IvrEvent.RecordingFinished(16_000, false));
        h.work();
        assertThat(h.hangUp()).isEqualTo(END);
        verify(h.requests).messageLeft(any(), any(), any(), any(), any());
        assertThat(h.record().outcome()).isEqualTo(Outcome.MESSAGE_LEFT);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void silenceIsRetriedOnceThenTheCallGoesToOnSilenceNotToTheThanks() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.played();
        assertThat(h.on(new IvrEvent.RecordingFinished(0, true))).isEqualTo(play("no_input"));
        assertThat(h.played()).isEqualTo(play("complaint"));
        assertThat(h.played()).isEqualTo(RECORD);
        assertThat(h.on(new IvrEvent.RecordingFinished(0, true))).isEqualTo(play("silent"));
        verifyNoInteractions(h.requests);
        h.hangUp();
        assertThat(h.record().outcome()).isNotEqualTo(Outcome.MESSAGE_LEFT);
    }

    @Test
    void theSecondAsteriskKeepsAfterSilenceIsNoMessage() {
        // res_agi keeps about 1 s when silence ends the recording: endpos 8000 at 8 kHz from a silent caller.
        CallHarness h = hotline();
        h.answer("hotline");
        h.played();
        assertThat(h.on(new IvrEvent.RecordingFinished(8_000, true))).isEqualTo(play("no_input"));
        h.played();
        h.played();
        assertThat(h.on(new IvrEvent.RecordingFinished(8_160, true))).isEqualTo(play("silent"));
        verifyNoInteractions(h.requests);
    }

    @Test
    void messageThatCannotBeSavedIsAnError() {
        CallHarness h = hotline();
        doThrow(new IllegalStateException("redis down")).when(h.requests)
                .messageLeft(any(), any(), any(), any(), any());
        h.answer("hotline");
        h.played();
        h.on(new IvrEvent.RecordingFinished(16_000, false));
        assertThat(h.work()).isEqualTo(play("sorry"));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
    }

    private static CallHarness atRequest(String node, String callerId) {
        CallHarness h = new CallHarness(flow("hotline", node, null,
                request("callback", "callback", "general", "thanks"),
                request("sms", "sms_link", "sign_language", "thanks"),
                TestFlows.play("thanks", null)));
        assertThat(h.answer("hotline", callerId)).isEqualTo(play(node));
        return h;
    }

    @Test
    void callbackReadsTheCallersNumberBackAndSavesItOnConfirm() {
        CallHarness h = atRequest("callback", CALLER);
        assertThat(h.played()).isEqualTo(new IvrAction.SayDigits(CALLER, Prompt.ALL_KEYS));
        assertThat(h.done()).isEqualTo(CONFIRM);
        assertThat(h.keys("1")).isInstanceOf(IvrAction.Work.class);
        assertThat(h.work()).isEqualTo(play("thanks"));
        verify(h.requests).requested("callback", "general", "ast-bj-1/1732259050.17", CALLER, NOW);
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
    }

    @Test
    void callbackToAnotherNumberOnTwo() {
        CallHarness h = atRequest("callback", CALLER);
        h.played();
        h.done();
        assertThat(h.keys("2")).isEqualTo(ENTER);
        assertThat(h.keys("123")).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(ENTER);
        h.keys("01087654321");
        h.work();
        verify(h.requests).requested("callback", "general", "ast-bj-1/1732259050.17", "01087654321", NOW);
        h.hangUp();
        assertThat(h.record().inputs()).containsExactly(new Input("callback", "phone", "***", false),
                new Input("callback", "phone", "010****4321", true));
    }

    @Test
    void unknownCallerNumberIsAskedFor() {
        CallHarness h = atRequest("callback", null);
        assertThat(h.played()).isEqualTo(ENTER);
        h = atRequest("callback", "6001");
        assertThat(h.played()).isEqualTo(ENTER);
    }

    @Test
    void confirmWithoutAnswerIsAskedAgainThenGivenUp() {
        CallHarness h = atRequest("callback", CALLER);
        h.played();
        h.done();
        assertThat(h.timeout()).isEqualTo(play("no_input"));
        assertThat(h.played()).isEqualTo(CONFIRM);
        assertThat(h.keys("7")).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(CONFIRM);
        h.timeout();
        assertThat(h.played()).isEqualTo(play("thanks"));
        verifyNoInteractions(h.requests);
    }

    @Test
    void smsLinkIsAnOutcomeOfItsOwn() {
        CallHarness h = atRequest("sms", CALLER);
        h.played();
        h.done();
        h.keys("1");
        h.work();
        verify(h.requests).requested("sms_link", "sign_language", "ast-bj-1/1732259050.17", CALLER, NOW);
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.SMS_LINK_REQUESTED);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void requestThatCannotBeSavedIsAnError() {
        CallHarness h = atRequest("callback", CALLER);
        doThrow(new IllegalStateException("redis down")).when(h.requests)
                .requested(anyString(), anyString(), anyString(), anyString(), any());
        h.played();
        h.done();
        h.keys("1");
        assertThat(h.work()).isEqualTo(play("sorry"));
    }
}
