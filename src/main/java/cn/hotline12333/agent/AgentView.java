package cn.hotline12333.agent;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One agent as the floor sees it: the confirmed state, what is asked and not yet confirmed, the after-call flags
 * and the call in hand. Touched only on the floor's own thread (AgentFloor), so its fields need no locking.
 */
final class AgentView {
    final String agent;
    String extension;
    String iface;
    /**
     * the device app_queue follows for the member (QueueAdd StateInterface, AGENT_STATE_INTERFACE); worked out
     * from the extension at login and on load, not stored; null: the interface
     */
    String stateIface;
    List<String> queues = List.of();
    /** queues Asterisk has confirmed this member in */
    final Set<String> memberOf = new TreeSet<>();

    AgentState state = AgentState.LOGGED_OUT;
    String reason;
    long since;

    Request request;
    long requestedAt;
    String pendingNotReady;
    boolean pendingLogout;
    boolean phoneOffline;
    boolean removedByPbx;
    boolean overdue;
    long heartbeatAt;
    /** the last refusal Asterisk gave, shown until the next request */
    String refused;

    CallLeg call;

    AgentView(String agent) {
        this.agent = agent;
    }

    String stateIface() {
        return stateIface != null ? stateIface : iface;
    }

    /** The call this agent is ringing for, talking on or wrapping up. Times are epoch ms, 0 = not yet. */
    static final class CallLeg {
        final String uniqueId;
        final String queue;
        final String caller;
        final long offeredAt;
        long answeredAt;
        long endedAt;
        long holdMs;
        long holdSince;
        long talkSeconds = -1;
        long wrapupDeadline;
        long wrapupEndedAt;
        long leaveDeadline;
        boolean handlingWritten;
        int ringNoAnswer;

        CallLeg(String uniqueId, String queue, String caller, long offeredAt) {
            this.uniqueId = uniqueId;
            this.queue = queue;
            this.caller = caller;
            this.offeredAt = offeredAt;
        }
    }
}
