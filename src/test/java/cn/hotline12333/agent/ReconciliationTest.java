package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static AgentView ringing(String pendingNotReady) {
        AgentView v = new AgentView("1001");
        v.iface = "PJSIP/6001";
        v.queues = List.of("hotline-general");
        v.state = AgentState.RINGING;
        v.call = new AgentView.CallLeg("u1", "hotline-general", null, 1);
        v.pendingNotReady = pendingNotReady;
        return v;
    }

    private static List<Reconciliation.Correction> plan(AgentView v, boolean pausedInAsterisk) {
        Reconciliation.Members members = new Reconciliation.Members(List.of(new Reconciliation.QueueMember(
                "hotline-general", "1001", "PJSIP/6001", pausedInAsterisk, pausedInAsterisk ? "休息" : "", true, 1)));
        return Reconciliation.plan(List.of(v), members, Set.of("hotline-general"));
    }

    /**
     * A not-ready whose QueuePause crossed the ring leaves the ringing member paused in Asterisk, and the agent
     * RINGING with the reason pending after the call: the drift check must not unpause it in the middle of the ring.
     */
    @Test
    void aRingingMemberWithANotReadyPendingIsNotUnpausedByTheDriftCheck() {
        assertThat(plan(ringing("休息"), true)).isEmpty();
    }

    @Test
    void aRingingMemberWithNothingPendingIsExpectedUnpaused() {
        assertThat(plan(ringing(null), true)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Reconciliation.Correction.Kind.PAUSE);
            assertThat(c.paused()).isFalse();
        });
        assertThat(plan(ringing(null), false)).isEmpty();
    }

    /**
     * The agent logged in again at 6002 while the link was down, so the QueueRemove of 6001 was lost: the member it
     * left at 6001 (its MemberName, another Location) is removed, after the add at 6002, and is not taken for the
     * agent's own membership.
     */
    @Test
    void aMemberLeftAtTheOldExtensionIsRemovedAfterTheAddAtTheNewOne() {
        AgentView v = new AgentView("1001");
        v.iface = "Local/6002@hotline-agents/n";
        v.stateIface = "PJSIP/agent6002";
        v.queues = List.of("hotline-general");
        v.state = AgentState.READY;
        Reconciliation.Members members = new Reconciliation.Members(List.of(new Reconciliation.QueueMember(
                "hotline-general", "1001", "Local/6001@hotline-agents/n", false, "", true, 1)));
        List<Reconciliation.Correction> plan = Reconciliation.plan(List.of(v), members, Set.of("hotline-general"));
        assertThat(plan).extracting(c -> c.kind() + " " + c.iface() + " " + c.stateIface() + " " + c.paused())
                .containsExactly("ADD Local/6002@hotline-agents/n PJSIP/agent6002 false",
                        "REMOVE Local/6001@hotline-agents/n null false");
    }
}
