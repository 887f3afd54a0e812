package cn.hotline12333.agent;

import static cn.hotline12333.agent.Trigger.Kind.AGENT_CALLED;
import static cn.hotline12333.agent.Trigger.Kind.AGENT_COMPLETE;
import static cn.hotline12333.agent.Trigger.Kind.AGENT_CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A manager's force goes through the agent's own transition rows: at once when idle, after the wrap-up on a call. */
class AgentDeskForceTest {
    private final FloorFixture f = new FloorFixture();
    private final AgentDesk desk = new AgentDesk(f.floor, Runnable::run, null, Runnable::run, () -> { });

    private void onCall(String agent) {
        f.fact(agent, Trigger.call(AGENT_CALLED, "u1", "hotline-general").caller("13800000000"));
        f.fact(agent, Trigger.call(AGENT_CONNECT, "u1", "hotline-general", 3));
    }

    @Test
    void aReadyAgentForcedNotReadyIsPausedWithTheReasonAtOnce() {
        f.ready("1001", "6001");
        f.sent.clear();

        DeskResult r = desk.force("1001", new Request(Request.Kind.NOT_READY, "会议"), "manager").join();

        assertThat(r.done()).isTrue();
        assertThat(f.sent).containsExactly("1001 PAUSE 会议");
        assertThat(r.snapshot().request()).isEqualTo(new Request(Request.Kind.NOT_READY, "会议"));
    }

    @Test
    void aForceDuringACallIsPendingAndAppliedAfterTheWrapUp() {
        f.ready("1001", "6001");
        onCall("1001");
        f.sent.clear();

        DeskResult r = desk.force("1001", new Request(Request.Kind.NOT_READY, "培训"), "manager").join();

        assertThat(r.done()).isTrue();
        assertThat(r.snapshot().state()).isEqualTo(AgentState.ON_CALL);
        assertThat(r.snapshot().pendingNotReady()).isEqualTo("培训");
        assertThat(f.sent).isEmpty();
        f.fact("1001", Trigger.call(AGENT_COMPLETE, "u1", "hotline-general", 20));
        f.floor.wrapUp("1001", WrapUp.of("pension.payment", Resolution.ANSWERED));
        assertThat(f.sent).containsExactly("1001 PAUSE 培训");
    }

    @Test
    void aForcedLogoutDuringACallWaitsForTheWrapUp() {
        f.ready("1001", "6001");
        onCall("1001");
        f.sent.clear();

        DeskResult r = desk.force("1001", Request.of(Request.Kind.LOGOUT), "manager").join();

        assertThat(r.snapshot().pendingLogout()).isTrue();
        assertThat(f.sent).isEmpty();
    }

    @Test
    void anUnknownReasonALoggedOutAgentAndALoginAreRefusedAsValues() {
        f.ready("1001", "6001");
        assertThat(desk.force("1001", new Request(Request.Kind.NOT_READY, "散步"), "m").join().problem())
                .startsWith("unknown reason: 散步");
        assertThat(desk.force("1002", Request.of(Request.Kind.READY), "m").join().problem()).isEqualTo("not logged in");
        assertThat(desk.force("1001", Request.of(Request.Kind.LOGIN), "m").join().done()).isFalse();
    }

    @Test
    void everyAgentIsListedByIdAndAnEditedReasonListIsInForce() {
        f.ready("1002", "6002");
        f.ready("1001", "6001");
        assertThat(desk.agents().join()).extracting(AgentSnapshot::agent).containsExactly("1001", "1002");

        desk.pauseLimits(Map.of("辅导", Duration.ofMinutes(30))).join();

        assertThat(desk.pauseLimits().join()).containsOnlyKeys("辅导");
        assertThat(desk.force("1001", new Request(Request.Kind.NOT_READY, "辅导"), "m").join().done()).isTrue();
        assertThat(desk.force("1002", new Request(Request.Kind.NOT_READY, "休息"), "m").join().done()).isFalse();
    }
}
