package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.END;
import static cn.hotline12333.ivr.CallHarness.ask;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.CallHarness.set;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.menu;
import static cn.hotline12333.ivr.TestFlows.p;
import static cn.hotline12333.ivr.TestFlows.service;
import static cn.hotline12333.ivr.TestFlows.survey;
import static cn.hotline12333.ivr.TestFlows.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transfer to a queue, the survey after it, and the referral to 12393. */
class TransferTest {
    private static final IvrAction QUEUE = new IvrAction.EnterQueue("general", Duration.ofSeconds(120));

    private static CallHarness hotline() {
        CallHarness h = new CallHarness(flow("hotline", "main", "agent",
                menu("main", 3, null, "1", "card", "5", "refer"),
                service("card", "card_status", null, List.of(), "main", null, null),
                transfer("agent", "general", "survey", "timeout", "busy"),
                survey("survey", null),
                TestFlows.play("timeout", "main"),
                TestFlows.play("busy", "main"),
                new Node.ReferNode("refer", 1, p("refer"), "12393")));
        when(h.selfService.answer(any(), any())).thenReturn(new ServiceAnswer(true, Map.of()));
        return h;
    }

    private static CallHarness inQueue() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("0")).isEqualTo(play("agent"));
        assertThat(h.played()).isEqualTo(QUEUE);
        return h;
    }

    @Test
    void answeredCallGoesToTheSurveyAndKeepsTheScore() {
        CallHarness h = inQueue();
        assertThat(h.on(new IvrEvent.QueueLeft("CONTINUE", false, 35_000L, 180_000L))).isEqualTo(ask("survey", 1));
        assertThat(h.keys("5")).isEqualTo(play("survey_thanks"));
        assertThat(h.played()).isEqualTo(play("goodbye"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_RESULT", "ok"));
        assertThat(h.done()).isEqualTo(END);

        CallRecord r = h.record();
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r).extracting(CallRecord::queue, CallRecord::queueStatus, CallRecord::queueWaitMs,
                CallRecord::surveyScore).containsExactly("general", "CONTINUE", 35_000L, 5);
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.IVR);
    }

    @Test
    void anAnsweredStintKeepsWaitTalkAgentAndTimesAndTheSurveyItsOffer() {
        CallHarness h = inQueue();
        h.clock.advance(Duration.ofSeconds(215));
        h.on(new IvrEvent.QueueLeft("CONTINUE", false, 35_000L, 180_000L, "Agent 1001"));
        h.keys("4");
        h.played();
        h.played();
        h.done();

        CallRecord r = h.record();
        CallRecord.QueueStint stint = r.queueStints().get(0);
        assertThat(r.queueStints()).hasSize(1);
        assertThat(stint).extracting(CallRecord.QueueStint::queue, CallRecord.QueueStint::waitMs,
                CallRecord.QueueStint::talkMs, CallRecord.QueueStint::agent, CallRecord.QueueStint::result)
                .containsExactly("general", 35_000L, 180_000L, "Agent 1001", CallRecord.StintResult.ANSWERED);
        assertThat(Duration.between(stint.enteredAt(), stint.leftAt())).isEqualTo(Duration.ofSeconds(215));
        assertThat(r.survey()).isEqualTo(new CallRecord.Survey(true, 4));
        assertThat(r.path()).extracting(CallRecord.Visit::node, CallRecord.Visit::exit, CallRecord.Visit::key)
                .containsExactly(tuple("main", CallRecord.Exit.KEY, "0"), tuple("agent", CallRecord.Exit.QUEUE, null),
                        tuple("survey", CallRecord.Exit.KEY, "4"));
    }

    @Test
    void everyQueueStatusBecomesItsStintResult() {
        Map<String, CallRecord.StintResult> expected = Map.of("TIMEOUT", CallRecord.StintResult.TIMEOUT,
                "FULL", CallRecord.StintResult.FULL, "JOINEMPTY", CallRecord.StintResult.JOINEMPTY,
                "LEAVEEMPTY", CallRecord.StintResult.LEAVEEMPTY, "JOINUNAVAIL", CallRecord.StintResult.JOINUNAVAIL,
                "LEAVEUNAVAIL", CallRecord.StintResult.LEAVEUNAVAIL, "UNKNOWN", CallRecord.StintResult.UNKNOWN);
        expected.forEach((status, result) -> {
            CallHarness h = inQueue();
            // MEMBERNAME left from an earlier conversation names no agent of an unanswered stint
            h.on(new IvrEvent.QueueLeft(status, false, 3_000L, 0L, "Agent 1001"));
            h.hangUp();
            assertThat(h.record().queueStints()).as(status).extracting(CallRecord.QueueStint::result,
                    CallRecord.QueueStint::agent).containsExactly(tuple(result, null));
            assertThat(h.record().outcome()).as(status).isEqualTo(Outcome.QUEUE_TIMEOUT);
        });
        CallHarness abandoned = inQueue();
        abandoned.on(new IvrEvent.QueueLeft(null, true, 9_000L, 0L));
        assertThat(abandoned.record().queueStints().get(0).result()).isEqualTo(CallRecord.StintResult.ABANDONED);
        assertThat(abandoned.record().path()).last().extracting(CallRecord.Visit::exit)
                .isEqualTo(CallRecord.Exit.HANGUP);
    }

    @Test
    void surveyAsksOnceMoreThenGoesOnWithoutAScore() {
        CallHarness h = inQueue();
        h.on(new IvrEvent.QueueLeft("CONTINUE", false, 1_000L, 60_000L));
        assertThat(h.keys("8")).isEqualTo(ask("survey", 1));
        assertThat(h.timeout()).isEqualTo(play("goodbye"));
        h.played();
        h.done();
        assertThat(h.record().surveyScore()).isNull();
    }

    @Test
    void callerHangingUpDuringTheConversationIsStillAnsweredWithoutASurvey() {
        CallHarness h = inQueue();
        assertThat(h.on(new IvrEvent.QueueLeft(null, true, 2_000L, 90_000L))).isEqualTo(END);
        CallRecord r = h.record();
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.CALLER);
        assertThat(r.queueStatus()).isNull();
    }

    @Test
    void answeredWithoutOnAnsweredGoesBackToTheDialplanOk() {
        CallHarness h = new CallHarness(flow("hotline", "agent", "agent",
                new Node.TransferNode("agent", 1, null, "general", Duration.ofSeconds(60), null, null, null)));
        assertThat(h.answer("hotline")).isEqualTo(new IvrAction.EnterQueue("general", Duration.ofSeconds(60)));
        assertThat(h.on(new IvrEvent.QueueLeft("CONTINUE", false, 1L, 1L))).isEqualTo(set("HOTLINE_RESULT", "ok"));
    }

    @Test
    void callerGivingUpWhileWaitingIsAbandonedWithTheClockAsWait() {
        CallHarness h = inQueue();
        h.clock.advance(Duration.ofSeconds(42));
        assertThat(h.on(new IvrEvent.QueueLeft(null, true, null, null))).isEqualTo(END);
        CallRecord r = h.record();
        assertThat(r.outcome()).isEqualTo(Outcome.QUEUE_ABANDONED);
        assertThat(r).extracting(CallRecord::queue, CallRecord::queueStatus, CallRecord::queueWaitMs)
                .containsExactly("general", "ABANDONED", 42_000L);
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void timeoutGoesToOnTimeoutAndIsNoAbandon() {
        CallHarness h = inQueue();
        assertThat(h.on(new IvrEvent.QueueLeft("TIMEOUT", false, 120_000L, 0L))).isEqualTo(play("timeout"));
        h.played();
        h.hangUp();
        // asked for an agent, got none, left nothing: a queue timeout, whoever ended the call afterwards
        assertThat(h.record().outcome()).isEqualTo(Outcome.QUEUE_TIMEOUT);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.CALLER);
        assertThat(h.record().queueStatus()).isEqualTo("TIMEOUT");
        assertThat(h.record().queueStints()).extracting(CallRecord.QueueStint::result, CallRecord.QueueStint::agent)
                .containsExactly(tuple(CallRecord.StintResult.TIMEOUT, null));
    }

    @Test
    void fullEmptyOrUnknownQueueGoesToOnUnavailable() {
        for (String status : List.of("FULL", "JOINEMPTY", "LEAVEEMPTY", "JOINUNAVAIL", "LEAVEUNAVAIL", "UNKNOWN")) {
            CallHarness h = inQueue();
            assertThat(h.on(new IvrEvent.QueueLeft(status, false, 0L, 0L))).as(status).isEqualTo(play("busy"));
            h.hangUp();
            assertThat(h.record().queueStatus()).isEqualTo(status);
        }
    }

    @Test
    void selfServiceThenAnAgentWhoAnsweredIsAgentAnswered() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("1");
        h.work();
        h.keys("0");
        h.played();
        h.on(new IvrEvent.QueueLeft(null, true, 5_000L, 30_000L));
        assertThat(h.record().outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
    }

    @Test
    void selfServiceThenAQueueTimeoutIsNoLongerSelfService() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("1");
        h.work();
        h.keys("0");
        h.played();
        h.on(new IvrEvent.QueueLeft("TIMEOUT", false, 120_000L, 0L));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.QUEUE_TIMEOUT);
        assertThat(h.record().selfService()).containsExactly(new CallRecord.ServiceResult("card_status", true));
    }

    @Test
    void referralSetsTheNumberForTheDialplanAndEnds() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("5")).isEqualTo(play("refer"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_TRANSFER", "12393"));
        assertThat(h.done()).isEqualTo(set("HOTLINE_RESULT", "transfer"));
        assertThat(h.done()).isEqualTo(END);
        assertThat(h.record().outcome()).isEqualTo(Outcome.TRANSFERRED);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.IVR);
    }

    @Test
    void callerHangingUpBeforeTheReferralIsSetIsNotTransferred() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("5");
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
    }

    @Test
    void queueCommandThatFailsIsAnError() {
        CallHarness h = inQueue();
        assertThat(h.on(new IvrEvent.CommandFailed("connection closed"))).isEqualTo(play("sorry"));
        assertThat(h.on(new IvrEvent.CommandFailed("connection closed"))).isEqualTo(END);
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
    }
}
