package cn.hotline12333.agent;

import static cn.hotline12333.agent.Trigger.Kind.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentFloorTest {
    private final FloorFixture f = new FloorFixture();

    private void call(String agent, String uniqueId) {
        f.fact(agent, Trigger.call(AGENT_CALLED, uniqueId, "hotline-general").caller("13800000000"));
    }

    @Test
    void loginIsPausedUntilReadyAndAsteriskConfirmsEachStep() {
        f.floor.login("1001", "6001");
        assertThat(f.sent).containsExactly("1001 ADD_PAUSED 未就绪");
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(f.floor.snapshot("1001").request().kind()).isEqualTo(Request.Kind.LOGIN);

        f.fact("1001", Trigger.withReason(MEMBER_ADDED, ""));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("未就绪");
        assertThat(f.floor.snapshot("1001").request()).isNull();

        f.clock.advance(Duration.ofSeconds(5));
        f.floor.desk("1001", Trigger.of(READY));
        assertThat(f.sent).last().isEqualTo("1001 UNPAUSE");
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        f.fact("1001", Trigger.of(UNPAUSED));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
        assertThat(f.segments).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(AgentStateSegment.AgentState.NOT_READY);
            assertThat(s.reason()).isEqualTo("未就绪");
            assertThat(Duration.between(s.from(), s.to())).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.queues()).containsExactly("hotline-general");
        });
    }

    @Test
    void aCallRingsTalksWrapsUpAndWritesOneHandlingRecordAndOneSegmentPerState() {
        f.ready("1001", "6001");
        f.segments.clear();
        f.clock.advance(Duration.ofSeconds(1));
        call("1001", "u1");
        assertThat(f.told).containsExactly("pop 1001 u1");
        f.clock.advance(Duration.ofSeconds(3));
        f.fact("1001", Trigger.call(CALLER_LEAVE, "u1", "hotline-general"));
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 3));
        assertThat(f.sent).last().isEqualTo("1001 PAUSE wrapup");
        f.fact("1001", Trigger.withReason(PAUSED, "wrapup"));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.ON_CALL);
        f.clock.advance(Duration.ofSeconds(10));
        f.fact("1001", Trigger.of(HOLD));
        f.clock.advance(Duration.ofSeconds(4));
        f.fact("1001", Trigger.of(UNHOLD));
        f.clock.advance(Duration.ofSeconds(6));
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 20));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(f.floor.snapshot("1001").wrapupDeadline()).isEqualTo(f.clock.millis() + 60_000);
        f.clock.advance(Duration.ofSeconds(2)); // past the leave grace: the answered call keeps its pop
        f.floor.tick();
        assertThat(f.told).containsExactly("pop 1001 u1");

        f.clock.advance(Duration.ofSeconds(15));
        DeskResult r = f.floor.wrapUp("1001", WrapUp.of("pension.payment", Resolution.ANSWERED));
        assertThat(r.done()).isTrue();
        assertThat(f.sent).last().isEqualTo("1001 UNPAUSE");
        assertThat(f.handling).singleElement().satisfies(h -> {
            assertThat(h.handlingId()).isEqualTo("u1/1001/1");
            assertThat(h.revision()).isEqualTo(1);
            assertThat(h.talkMs()).isEqualTo(20_000);
            assertThat(h.holdMs()).isEqualTo(4_000);
            assertThat(h.wrapupMs()).isEqualTo(17_000);
            assertThat(h.wrapupCode()).isEqualTo("pension.payment");
            assertThat(h.resolution()).isEqualTo(Resolution.ANSWERED);
            assertThat(Duration.between(h.offeredAt(), h.answeredAt())).isEqualTo(Duration.ofSeconds(3));
        });
        f.fact("1001", Trigger.of(UNPAUSED));
        f.fact("1001", Trigger.of(UNPAUSED)); // the same confirmation again: nothing more
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
        assertThat(f.segments).extracting(AgentStateSegment::state).containsExactly(
                AgentStateSegment.AgentState.READY, AgentStateSegment.AgentState.RINGING,
                AgentStateSegment.AgentState.ON_CALL, AgentStateSegment.AgentState.WRAP_UP);
        assertThat(f.handling).hasSize(1);
    }

    @Test
    void notReadyDuringACallIsPendingAndAppliedAfterTheWrapUp() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        f.floor.notReady("1001", "用餐");
        assertThat(f.floor.snapshot("1001").pendingNotReady()).isEqualTo("用餐");
        assertThat(f.sent).last().isEqualTo("1001 PAUSE wrapup");
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        f.floor.wrapUp("1001", WrapUp.of("card.loss", Resolution.ANSWERED));
        assertThat(f.sent).last().isEqualTo("1001 PAUSE 用餐");
        f.fact("1001", Trigger.withReason(PAUSED, "用餐"));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("用餐");
        assertThat(f.floor.snapshot("1001").pendingNotReady()).isNull();
    }

    /**
     * The not-ready click crossed a ring: app_queue rang the member before our QueuePause reached it, and pausing a
     * ringing member does not stop the ring (app_queue.c set_queue_member_pause). The QueueMemberPause comes while
     * RINGING and confirms nothing; before the fix the request was still open when the wrap-up ended, and the
     * wrap-up's end asked READY over it: the agent who had asked for a break was unpaused after the call.
     */
    @Test
    void notReadyAskedAsTheRingStartedIsAppliedAfterTheCall() {
        f.ready("1001", "6001");
        f.floor.notReady("1001", "休息");
        assertThat(f.sent).last().isEqualTo("1001 PAUSE 休息");
        call("1001", "u1");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.RINGING);
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        f.floor.wrapUp("1001", WrapUp.of("card.loss", Resolution.ANSWERED));
        assertThat(f.sent).last().isEqualTo("1001 PAUSE 休息");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("休息");
        assertThat(f.floor.snapshot("1001").request()).isNull();
    }

    /** The same crossing, the ring unanswered: the agent ends NOT_READY as asked, not READY with a request open. */
    @Test
    void notReadyAskedAsTheRingStartedIsAppliedAfterRingNoAnswer() {
        f.ready("1001", "6001");
        f.floor.notReady("1001", "休息");
        call("1001", "u1");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        int before = f.sent.size();
        f.fact("1001", Trigger.call(RING_NO_ANSWER, "u1", "hotline-general", 15_000));
        // asked again: the pause that came during the ring was taken for the ring's, and only a new
        // QueueMemberPause (app_queue publishes one for an already paused member too) confirms it
        assertThat(f.sent.subList(before, f.sent.size())).containsExactly("1001 PAUSE 休息");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("休息");
        assertThat(f.floor.snapshot("1001").request()).isNull();
    }

    /**
     * app_queue's autopause=yes pauses the member only in the queue that rang it (app_queue.c rna():
     * set_member_paused(qe->parent->name, …)); an agent of several queues shown NOT_READY(未接自动置忙) could still be
     * rung by the others until the drift check. The desk pauses it in every queue at once.
     */
    @Test
    void asterisksAutoPauseIsExtendedToEveryQueueOfTheAgent() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.fact("1001", Trigger.call(RING_NO_ANSWER, "u1", "hotline-general", 15_000));
        int before = f.sent.size();
        f.fact("1001", Trigger.withReason(PAUSED, AmiFacts.reason(AmiFacts.ASTERISK_AUTO_PAUSE)));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("未接自动置忙");
        assertThat(f.sent.subList(before, f.sent.size())).containsExactly("1001 PAUSE 未接自动置忙");
        f.fact("1001", Trigger.withReason(PAUSED, "未接自动置忙")); // our pause, confirmed: nothing more
        assertThat(f.sent).hasSize(before + 1);
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("未接自动置忙");
    }

    @Test
    void logoutDuringACallIsPendingAndRemovesAfterTheWrapUp() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        f.floor.desk("1001", Trigger.of(LOGOUT));
        assertThat(f.floor.snapshot("1001").pendingLogout()).isTrue();
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        f.floor.wrapUp("1001", WrapUp.of("card.loss", Resolution.ANSWERED));
        assertThat(f.sent).last().isEqualTo("1001 REMOVE");
        f.fact("1001", Trigger.of(MEMBER_REMOVED));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(f.floor.snapshot("1001").removedByPhoneSystem()).isFalse();
    }

    @Test
    void anExpiredWrapUpMakesTheAgentReadyAndALateFormIsARevision() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        f.clock.advance(Duration.ofSeconds(59));
        f.floor.tick();
        assertThat(f.handling).isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        f.floor.tick();
        f.floor.tick();
        assertThat(f.sent).last().isEqualTo("1001 UNPAUSE");
        assertThat(f.handling).singleElement().satisfies(h -> {
            assertThat(h.wrapupCode()).isNull();
            assertThat(h.wrapupMs()).isEqualTo(60_000);
        });

        f.clock.advance(Duration.ofMinutes(9));
        assertThat(f.floor.wrapUp("1001", WrapUp.of("pension.payment", Resolution.CALLBACK)).done()).isTrue();
        assertThat(f.handling).extracting(HandlingRecord::revision).containsExactly(1, 2);
        assertThat(f.handling.get(1).wrapupCode()).isEqualTo("pension.payment");
        assertThat(f.handling.get(1).recordId()).isEqualTo("u1/1001/1#2");

        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.floor.wrapUp("1001", WrapUp.of("card.loss", Resolution.ANSWERED)).done()).isFalse();
        assertThat(f.handling).hasSize(2);
    }

    @Test
    void anExpiredWrapUpCanLeaveTheAgentNotReady() {
        FloorFixture g = new FloorFixture(AgentSettings.defaults().withWrapupExpiryNotReady(true));
        g.ready("1001", "6001");
        g.fact("1001", Trigger.call(AGENT_CALLED, "u1", "hotline-general"));
        g.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        g.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        g.clock.advance(Duration.ofSeconds(60));
        g.floor.tick();
        assertThat(g.sent).last().isEqualTo("1001 PAUSE 小结超时");
        g.fact("1001", Trigger.withReason(PAUSED, "小结超时"));
        assertThat(g.floor.snapshot("1001").reason()).isEqualTo("小结超时");
    }

    @Test
    void theSameFormSentTwiceWritesOnce() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.fact("1001", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 1));
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 9));
        WrapUp form = new WrapUp(null, "c-1", null, "card.loss", Resolution.ANSWERED, "", null, List.of(), "k1");
        DeskResult first = f.floor.wrapUp("1001", form);
        DeskResult again = f.floor.wrapUp("1001", form);
        assertThat(again).isSameAs(first);
        assertThat(f.handling).singleElement().satisfies(h -> assertThat(h.handlingId()).isEqualTo("c-1/1001/1"));
    }

    @Test
    void aSilentDesktopMakesAReadyAgentNotReady() {
        f.ready("1001", "6001");
        f.clock.advance(Duration.ofSeconds(59));
        f.floor.heartbeat("1001");
        f.clock.advance(Duration.ofSeconds(59));
        f.floor.tick();
        assertThat(f.sent).last().isEqualTo("1001 UNPAUSE");
        f.clock.advance(Duration.ofSeconds(1));
        f.floor.tick();
        assertThat(f.sent).last().isEqualTo("1001 PAUSE 桌面离线");
        f.fact("1001", Trigger.withReason(PAUSED, "桌面离线"));
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("桌面离线");
    }

    @Test
    void ringAllLeavesOnePopOnTheWinnersConnect() {
        f.ready("1001", "6001");
        f.ready("1002", "6002");
        f.ready("1003", "6003");
        call("1001", "u9");
        call("1002", "u9");
        call("1003", "u9");
        f.fact("1002", Trigger.call(AGENT_CONNECT, "u9", "hotline-general", 2));
        assertThat(f.told).contains("withdrawn 1001 u9", "withdrawn 1003 u9").doesNotContain("withdrawn 1002 u9");
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
        assertThat(f.floor.snapshot("1002").state()).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void aLeavingCallerWithoutConnectLosesThePopAfterTwoSeconds() {
        f.ready("1001", "6001");
        call("1001", "u1");
        f.floor.callerFact(CALLER_LEAVE, "u1");
        f.clock.advance(Duration.ofMillis(1999));
        f.floor.tick();
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.RINGING);
        f.clock.advance(Duration.ofMillis(1));
        f.floor.tick();
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
        assertThat(f.told).containsExactly("pop 1001 u1", "withdrawn 1001 u1");
    }

    @Test
    void ringNoAnswersAreCountedIntoTheAnsweringAgentsRecord() {
        f.ready("1001", "6001");
        f.ready("1002", "6002");
        call("1001", "u1");
        f.fact("1001", Trigger.call(RING_NO_ANSWER, "u1", "hotline-general", 15000));
        f.fact("1001", Trigger.withReason(PAUSED, Transitions.AUTO_PAUSE_REASON));
        assertThat(f.floor.snapshot("1001").reason()).isEqualTo("未接自动置忙");
        call("1002", "u1");
        f.fact("1002", Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 20));
        f.fact("1002", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 30));
        f.floor.wrapUp("1002", WrapUp.of("x", Resolution.ANSWERED));
        assertThat(f.handling).singleElement().satisfies(h -> assertThat(h.ringNoAnswer()).isEqualTo(1));
    }

    @Test
    void aRefusedActionIsForgottenAndReportedWithAsterisksWords() {
        f.floor.login("1001", "6001");
        f.refusals.get(0).accept("Unable to add interface to queue: No such queue");
        AgentSnapshot s = f.floor.snapshot("1001");
        assertThat(s.request()).isNull();
        assertThat(s.refused()).isEqualTo("Unable to add interface to queue: No such queue");
        assertThat(f.told).containsExactly("refused 1001 LOGIN Unable to add interface to queue: No such queue");
    }

    @Test
    void aMemberRemovedByThePhoneSystemIsLoggedOutAndSaysSo() {
        f.ready("1001", "6001");
        f.fact("1001", Trigger.of(MEMBER_REMOVED));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(f.floor.snapshot("1001").removedByPhoneSystem()).isTrue();
    }

    @Test
    void unknownReasonsAndRequestsOfLoggedOutAgentsAreRefusedAsValues() {
        assertThat(f.floor.desk("1001", Trigger.of(READY)).problem()).isEqualTo("not logged in");
        f.ready("1001", "6001");
        assertThat(f.floor.notReady("1001", "打游戏").problem()).startsWith("unknown reason: 打游戏");
    }

    @Test
    void aPausePastItsLimitIsMarkedOverdue() {
        f.ready("1001", "6001");
        f.floor.notReady("1001", "休息");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        f.clock.advance(Duration.ofMinutes(15).minusMillis(1));
        f.floor.tick();
        assertThat(f.floor.snapshot("1001").overdue()).isFalse();
        f.clock.advance(Duration.ofMillis(1));
        f.floor.tick();
        assertThat(f.floor.snapshot("1001").overdue()).isTrue();
    }

    @Test
    void thePhoneGoingOfflineIsShownWithoutChangingTheState() {
        f.ready("1001", "6001");
        f.fact("1001", Trigger.of(PHONE_OFFLINE));
        assertThat(f.floor.snapshot("1001").phoneOffline()).isTrue();
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
    }

    @Test
    void readyTimeWithThePhoneOfflineIsWrittenAsNotReadyPhoneOffline() {
        f.ready("1001", "6001");
        f.segments.clear();
        f.clock.advance(Duration.ofSeconds(10));
        f.fact("1001", Trigger.of(PHONE_OFFLINE));
        f.fact("1001", Trigger.of(PHONE_OFFLINE)); // the same status again: no stretch of its own
        f.clock.advance(Duration.ofSeconds(30));
        f.fact("1001", Trigger.of(PHONE_ONLINE));
        assertThat(f.floor.snapshot("1001").state()).isEqualTo(AgentState.READY);
        assertThat(f.floor.snapshot("1001").since()).isEqualTo(f.clock.millis());
        f.clock.advance(Duration.ofSeconds(5));
        f.fact("1001", Trigger.of(PHONE_OFFLINE));
        f.clock.advance(Duration.ofSeconds(7));
        f.floor.notReady("1001", "休息");
        f.fact("1001", Trigger.withReason(PAUSED, "休息"));
        f.clock.advance(Duration.ofSeconds(20));
        f.fact("1001", Trigger.of(PHONE_ONLINE)); // paused all along: the 休息 stretch goes on
        f.clock.advance(Duration.ofSeconds(3));
        f.floor.desk("1001", Trigger.of(READY));
        f.fact("1001", Trigger.of(UNPAUSED));

        assertThat(f.segments).extracting(s -> s.state() + "/" + s.reason() + "/" + Duration.between(s.from(), s.to())
                .toSeconds()).containsExactly("READY/null/10", "NOT_READY/话机离线/30", "READY/null/5",
                "NOT_READY/话机离线/7", "NOT_READY/休息/23");
        assertThat(f.segments).extracting(AgentStateSegment::segmentId).doesNotHaveDuplicates();
    }

    @Test
    void aLoginAtAnotherExtensionAddsThereBeforeRemovingTheOldMember() {
        FloorFixture local = new FloorFixture(new AgentSettings(null, 5038, null, null, List.of("hotline-general"),
                "Local/%s@hotline-agents/n", Duration.ofSeconds(60), java.util.Map.of(), false, Duration.ofSeconds(60),
                AgentSettings.parsePauses(AgentSettings.DEFAULT_PAUSES, "x"), "PJSIP/agent%s"));
        local.ready("1001", "6001");
        local.floor.login("1001", "6002");
        // add first: the agent is never out of its queues, and the old member's removal is no logout
        assertThat(local.sentTo).containsExactly(
                "ADD_PAUSED Local/6001@hotline-agents/n PJSIP/agent6001",
                "UNPAUSE Local/6001@hotline-agents/n PJSIP/agent6001",
                "ADD_READY Local/6002@hotline-agents/n PJSIP/agent6002",
                "REMOVE Local/6001@hotline-agents/n PJSIP/agent6001");
        AgentSnapshot s = local.floor.snapshot("1001");
        assertThat(s.state()).isEqualTo(AgentState.READY);
        assertThat(s.extension()).isEqualTo("6002");

        local.floor.login("1001", "6002");
        assertThat(local.sentTo).as("the same extension again moves nothing").hasSize(4);
    }

    @Test
    void aSecondLoginBeforeTheFirstIsConfirmedWithdrawsTheFirstAdd() {
        f.floor.login("1001", "6001");
        f.floor.login("1001", "6002");
        assertThat(f.sentTo).containsExactly("ADD_PAUSED PJSIP/6001 PJSIP/6001", "REMOVE PJSIP/6001 PJSIP/6001",
                "ADD_PAUSED PJSIP/6002 PJSIP/6002");
        assertThat(f.floor.snapshot("1001").extension()).isEqualTo("6002");
    }

    @Test
    void viewsLoadedAfterARestartGetAFullHeartbeatPeriod() {
        AgentView stored = new AgentView("1001");
        stored.state = AgentState.READY;
        stored.iface = "PJSIP/6001";
        stored.heartbeatAt = f.clock.millis() - 3_600_000; // the desktop's last word reached the node that died
        f.floor.load(List.of(stored));
        f.floor.tick();
        assertThat(f.sent).isEmpty();
        f.clock.advance(Duration.ofSeconds(60));
        f.floor.tick();
        assertThat(f.sent).containsExactly("1001 PAUSE 桌面离线");
    }
}
