package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.END;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.CallHarness.set;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.hangup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The life of a call: start, the simple nodes, the end, and our own failures. */
class IvrCallTest {

    private static Flow welcomeOnly() {
        return flow("hotline", "welcome", null, TestFlows.play("welcome", "bye"), hangup("bye"));
    }

    @Test
    void readsTheSystemNameAnswersThenPlaysTheStartNode() {
        CallHarness h = new CallHarness(welcomeOnly());
        assertThat(h.dial("hotline", CallHarness.CALLER))
                .isEqualTo(new IvrAction.ReadVariable("${SYSTEMNAME}|${CHANNEL(linkedid)}"));
        assertThat(h.on(new IvrEvent.VariableRead("ast-bj-1|1732259050.11"))).isEqualTo(new IvrAction.Answer());
        assertThat(h.done()).isEqualTo(play("welcome"));
        assertThat(h.played()).isEqualTo(play("bye"));
        assertThat(h.played()).isEqualTo(new IvrAction.Hangup());
        assertThat(h.done()).isEqualTo(END);

        CallRecord r = h.record();
        assertThat(r.callId()).isEqualTo("ast-bj-1/1732259050.17");
        assertThat(r.asteriskSystem()).isEqualTo("ast-bj-1");
        assertThat(r.linkedId()).isEqualTo("1732259050.11");
        // the flow said goodbye, the caller did not hang up
        assertThat(r.outcome()).isEqualTo(Outcome.IVR_ENDED);
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.IVR);
        assertThat(r.path()).extracting(CallRecord.Visit::node, CallRecord.Visit::exit)
                .containsExactly(tuple("welcome", CallRecord.Exit.NEXT), tuple("bye", CallRecord.Exit.END));
        assertThat(r.error()).isNull();
    }

    @Test
    void blankSystemNameKeysTheCallByTheAsteriskHost() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.dial("hotline", null);
        h.on(new IvrEvent.VariableRead("  "));
        h.hangUp();
        assertThat(h.record().callId()).isEqualTo("asterisk@10.0.0.5/1732259050.17");
        assertThat(h.record().answeredAt()).isNull();
        assertThat(h.record().callerNumber()).isNull();
    }

    @Test
    void recordCarriesTimesInChinaOffsetPathAndCallFacts() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.dial("hotline", CallHarness.CALLER);
        h.on(new IvrEvent.VariableRead(null));
        h.clock.advance(Duration.ofSeconds(2));
        h.done();
        h.clock.advance(Duration.ofSeconds(5));
        h.played();
        h.clock.advance(Duration.ofSeconds(1));
        h.hangUp();

        CallRecord r = h.record();
        assertThat(r.startedAt()).isEqualTo(OffsetDateTime.parse("2026-11-23T10:00:00+08:00"));
        assertThat(r.answeredAt()).isEqualTo(OffsetDateTime.parse("2026-11-23T10:00:02+08:00"));
        assertThat(r.endedAt()).isEqualTo(OffsetDateTime.parse("2026-11-23T10:00:08+08:00"));
        assertThat(r.durationMs()).isEqualTo(8000);
        assertThat(r.path()).extracting(CallRecord.Visit::node).containsExactly("welcome", "bye");
        assertThat(r.path().get(1).at()).isEqualTo(OffsetDateTime.parse("2026-11-23T10:00:07+08:00"));
        assertThat(r.path()).extracting(CallRecord.Visit::flow).containsOnly("hotline");
        assertThat(r).extracting(CallRecord::serverNode, CallRecord::flow, CallRecord::flowVersion,
                        CallRecord::callerNumber, CallRecord::dialledNumber, CallRecord::channel, CallRecord::uniqueId)
                .containsExactly("node-a", "hotline", "1.0-abc123", CallHarness.CALLER, "12333",
                        "PJSIP/trunk-00000011", "1732259050.17");
        assertThat(r.outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void unknownScriptGoesBackToTheDialplanUnansweredAndStillLeavesItsRecord() {
        CallHarness h = new CallHarness(welcomeOnly());
        IvrCall call = h.hotline.open(CallHarness.info("nosuch", null)).orElseThrow();
        assertThat(call.start()).isEqualTo(new IvrAction.ReadVariable("${SYSTEMNAME}|${CHANNEL(linkedid)}"));
        assertThat(call.on(new IvrEvent.VariableRead("ast-bj-1")))
                .isEqualTo(new IvrAction.SetVariable("HOTLINE_RESULT", "error"));
        assertThat(call.on(new IvrEvent.Done())).isEqualTo(END);
        assertThat(h.records).hasSize(1);
        CallRecord r = h.records.get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.flow()).isEqualTo("nosuch");
        assertThat(r.answeredAt()).isNull();
        assertThat(r.error()).contains("no flow for AGI script nosuch");
        assertThat(r.callId()).isEqualTo("ast-bj-1/1732259050.17");
    }

    @Test
    void endAnswersEndForeverAndTheRecordGoesOutOnce() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.answer("hotline");
        assertThat(h.hangUp()).isEqualTo(END);
        assertThat(h.hangUp()).isEqualTo(END);
        assertThat(h.played()).isEqualTo(END);
        assertThat(h.on(new IvrEvent.CommandFailed("connection closed"))).isEqualTo(END);
        assertThat(h.records).hasSize(1);
    }

    @Test
    void endOfABranchSaysGoodbyeAndTellsTheDialplanOk() {
        CallHarness h = new CallHarness(flow("hotline", "welcome", null, TestFlows.play("welcome", null)));
        h.answer("hotline");
        assertThat(h.played()).isEqualTo(play("goodbye"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_RESULT", "ok"));
        assertThat(h.done()).isEqualTo(END);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.IVR);
    }

    @Test
    void callKeepsTheFlowsItStartedWithWhenTheyAreReloaded() {
        Flow before = flow("hotline", "welcome", null, TestFlows.play("welcome", "more"),
                new Node.GotoNode("more", 1, "other", null));
        Flow otherBefore = flow("other", "old", null, TestFlows.play("old", null));
        CallHarness h = new CallHarness(before, otherBefore);
        h.answer("hotline");

        h.flows = new FlowSet(Map.of("hotline", before, "other", flow("other", "new", null,
                TestFlows.play("new", null))), h.hours);
        assertThat(h.played()).isEqualTo(play("old"));
        assertThat(h.records).isEmpty();
    }

    @Test
    void gotoContinuesInAnotherFlowAndThePathSaysWhere() {
        CallHarness h = new CallHarness(
                flow("hotline", "deaf", null, new Node.GotoNode("deaf", 1, "deaf", "sign")),
                flow("deaf", "intro", null, TestFlows.play("intro", null), TestFlows.play("sign", null)));
        assertThat(h.answer("hotline")).isEqualTo(play("sign"));
        h.hangUp();
        assertThat(h.record().path()).extracting(v -> v.flow() + ":" + v.node())
                .containsExactly("hotline:deaf", "deaf:sign");
        assertThat(h.record().flow()).isEqualTo("hotline");
    }

    @Test
    void gotoAFlowsStartWhenNoNodeIsNamed() {
        CallHarness h = new CallHarness(
                flow("hotline", "deaf", null, new Node.GotoNode("deaf", 1, "deaf", null)),
                flow("deaf", "intro", null, TestFlows.play("intro", null)));
        assertThat(h.answer("hotline")).isEqualTo(play("intro"));
    }

    @Test
    void tagAddsTheTopicAndSetsItsVariables() {
        CallHarness h = new CallHarness(flow("hotline", "tag", null,
                new Node.TagNode("tag", 1, "wages", Map.of("HOTLINE_QUEUE", "labour", "A_FIRST", "1"), "welcome"),
                new Node.TagNode("again", 1, "wages", Map.of(), "welcome"),
                TestFlows.play("welcome", "again")));
        assertThat(h.answer("hotline")).isEqualTo(set("HOTLINE_TOPIC", "wages"));
        assertThat(h.done()).isEqualTo(set("A_FIRST", "1"));
        assertThat(h.done()).isEqualTo(set("HOTLINE_QUEUE", "labour"));
        assertThat(h.done()).isEqualTo(play("welcome"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_TOPIC", "wages"));
        h.hangUp();
        assertThat(h.record().topics()).containsExactly("wages");
    }

    @Test
    void scheduleGoesToOpenOrClosedByTheClock() {
        Flow f = flow("hotline", "hours", null, new Node.ScheduleNode("hours", 1, "hotline", "open", "closed"),
                TestFlows.play("open", null), TestFlows.play("closed", null));
        CallHarness open = new CallHarness(f);
        when(open.hours.isOpen("hotline", Instant.parse("2026-11-23T02:00:00Z"))).thenReturn(true);
        assertThat(open.answer("hotline")).isEqualTo(play("open"));

        CallHarness closed = new CallHarness(f);
        when(closed.hours.isOpen(eq("hotline"), any())).thenReturn(false);
        assertThat(closed.answer("hotline")).isEqualTo(play("closed"));
        closed.played();
        closed.hangUp();
        assertThat(closed.record().outcome()).isEqualTo(Outcome.AFTER_HOURS);
    }

    @Test
    void hangupNodeWithoutPromptHangsUpAtOnce() {
        CallHarness h = new CallHarness(flow("hotline", "bye", null, new Node.HangupNode("bye", 1, null)));
        assertThat(h.answer("hotline")).isEqualTo(new IvrAction.Hangup());
        assertThat(h.done()).isEqualTo(END);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.IVR);
    }

    @Test
    void commandFailedApologisesTellsTheDialplanErrorAndEnds() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.answer("hotline");
        assertThat(h.on(new IvrEvent.CommandFailed("510 Invalid or unknown command"))).isEqualTo(play("sorry"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_RESULT", "error"));
        assertThat(h.done()).isEqualTo(END);
        CallRecord r = h.record();
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.error()).isEqualTo("510 Invalid or unknown command");
        assertThat(r.hungUpBy()).isEqualTo(HungUpBy.SYSTEM);
    }

    @Test
    void secondFailureWhileApologisingEndsAtOnce() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.answer("hotline");
        h.on(new IvrEvent.CommandFailed("read timeout"));
        assertThat(h.on(new IvrEvent.CommandFailed("connection closed"))).isEqualTo(END);
        assertThat(h.record().error()).isEqualTo("read timeout");
    }

    @Test
    void callerHangingUpDuringTheApologyLeavesAnErrorRecord() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.answer("hotline");
        h.on(new IvrEvent.CommandFailed("read timeout"));
        assertThat(h.hangUp()).isEqualTo(END);
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.SYSTEM);
    }

    @Test
    void unknownNodeAtRunTimeIsAnError() {
        CallHarness h = new CallHarness(flow("hotline", "welcome", null, TestFlows.play("welcome", "nowhere")));
        h.answer("hotline");
        assertThat(h.played()).isEqualTo(play("sorry"));
        h.played();
        h.done();
        assertThat(h.record().error()).isEqualTo("unknown node nowhere in flow hotline");
    }

    @Test
    void replyThatDoesNotFitTheStateIsAnErrorNamingNoDigits() {
        CallHarness h = new CallHarness(welcomeOnly());
        h.answer("hotline");
        assertThat(h.keys("110105194912310021")).isEqualTo(play("sorry"));
        h.played();
        h.done();
        assertThat(h.record().error()).isEqualTo("unexpected DigitsEntered in PLAYING").doesNotContain("1101");
    }

    @Test
    void loopOfNodesWithoutPromptsFailsInsteadOfSpinning() {
        CallHarness h = new CallHarness(flow("hotline", "a", null,
                new Node.GotoNode("a", 1, "hotline", "b"), new Node.GotoNode("b", 1, "hotline", "a")));
        assertThat(h.answer("hotline")).isEqualTo(play("sorry"));
        h.played();
        h.done();
        assertThat(h.record().error()).startsWith("loop without any prompt");
    }

    @Test
    void serviceThrowingOnTheLoopIsOurBugWithARecordStill() {
        CallHarness h = new CallHarness(flow("hotline", "hours", null,
                new Node.ScheduleNode("hours", 1, "hotline", null, null)));
        when(h.hours.isOpen(any(), any())).thenThrow(new IllegalStateException("no such schedule"));
        assertThat(h.answer("hotline")).isEqualTo(play("sorry"));
        h.played();
        assertThat(h.done()).isEqualTo(END);
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().error()).isEqualTo("bug: IllegalStateException");
    }

    @Test
    void aRecordsConsumerThatThrowsStillEndsTheCall() {
        Flow f = welcomeOnly();
        int[] calls = {0};
        Hotline hotline = new Hotline(() -> new FlowSet(Map.of("hotline", f), null), null, null, null,
                r -> {
                    calls[0]++;
                    throw new IllegalStateException("redis down");
                }, new MutableClock(Instant.EPOCH), "node-a");
        IvrCall call = hotline.open(CallHarness.info("hotline", null)).orElseThrow();
        call.start();
        assertThat(call.on(new IvrEvent.CallerHungUp())).isEqualTo(END);
        assertThat(call.on(new IvrEvent.CallerHungUp())).isEqualTo(END);
        assertThat(calls[0]).isEqualTo(1);
    }
}
