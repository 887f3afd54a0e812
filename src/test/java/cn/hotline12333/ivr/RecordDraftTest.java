package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which outcome wins when a call came to several things (docs/call-record.md, "Outcomes"). */
class RecordDraftTest {
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private static RecordDraft draft() {
        RecordDraft d = new RecordDraft(CallHarness.info("hotline", null), "node-a",
                TestFlows.flow("hotline", "x", null), T0);
        d.asteriskSystem = "ast-bj-1";
        return d;
    }

    private static Outcome outcomeOf(Consumer<RecordDraft> happened) {
        RecordDraft d = draft();
        happened.accept(d);
        return d.outcome();
    }

    @Test
    void agentAnsweredWinsOverEverything() {
        assertThat(outcomeOf(d -> {
            d.selfServed = true;
            d.queueAbandoned = true;
            d.messageLeft = true;
            d.agentAnswered = true;
            d.failed("late failure");
        })).isEqualTo(Outcome.AGENT_ANSWERED);
    }

    @Test
    void abandonWinsOverAMessageLeftBefore() {
        assertThat(outcomeOf(d -> {
            d.messageLeft = true;
            d.queueAbandoned = true;
        })).isEqualTo(Outcome.QUEUE_ABANDONED);
    }

    @Test
    void messageOrCallbackWinOverReferralSelfServiceAndAfterHours() {
        assertThat(outcomeOf(d -> {
            d.afterHours = true;
            d.selfServed = true;
            d.transferred = true;
            d.callbackRequested = true;
        })).isEqualTo(Outcome.CALLBACK_REQUESTED);
        assertThat(outcomeOf(d -> {
            d.afterHours = true;
            d.messageLeft = true;
        })).isEqualTo(Outcome.MESSAGE_LEFT);
    }

    @Test
    void referralWinsOverSelfService() {
        assertThat(outcomeOf(d -> {
            d.selfServed = true;
            d.transferred = true;
        })).isEqualTo(Outcome.TRANSFERRED);
    }

    @Test
    void selfServiceWinsOverAfterHoursAndALaterFailure() {
        assertThat(outcomeOf(d -> {
            d.afterHours = true;
            d.selfServed = true;
            d.failed("read timeout");
        })).isEqualTo(Outcome.SELF_SERVICE);
    }

    @Test
    void afterHoursWinsOverAnErrorAndNothingAtAllIsCallerHungUp() {
        assertThat(outcomeOf(d -> {
            d.afterHours = true;
            d.failed("read timeout");
        })).isEqualTo(Outcome.AFTER_HOURS);
        assertThat(outcomeOf(d -> d.endedBy(HungUpBy.CALLER))).isEqualTo(Outcome.CALLER_HUNG_UP);
        assertThat(outcomeOf(d -> d.failed("read timeout"))).isEqualTo(Outcome.ERROR);
    }

    @Test
    void errorReasonIsKeptOnlyForAnErrorOutcomeAndOnlyTheFirst() {
        RecordDraft d = draft();
        d.failed("510 Invalid or unknown command");
        d.failed("connection closed");
        assertThat(d.build(T0).error()).isEqualTo("510 Invalid or unknown command");
        d.selfServed = true;
        assertThat(d.build(T0).error()).isNull();
    }

    @Test
    void whoEndedTheCallIsSetOnce() {
        RecordDraft d = draft();
        d.endedBy(HungUpBy.SYSTEM);
        d.endedBy(HungUpBy.CALLER);
        CallRecord r = d.build(T0.plusMillis(1500));
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.SYSTEM);
        assertThat(r.durationMs()).isEqualTo(1500);
        assertThat(r.endedAt().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
    }
}
