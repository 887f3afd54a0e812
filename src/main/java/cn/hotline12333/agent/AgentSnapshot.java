package cn.hotline12333.agent;

import java.util.List;

/**
 * What a desktop shows of one agent: the confirmed state since when, the request Asterisk has not yet confirmed,
 * the after-call flags, the phone, and the countdown of an open wrap-up. Times are epoch ms of the server's clock;
 * {@code serverTime} travels with them so a desktop with a wrong clock still shows true durations.
 *
 * @param request             what was asked and not yet confirmed, or null
 * @param refused             Asterisk's words for the last request it refused (shown as "not applied"), or null
 * @param removedByPhoneSystem logged out by a QueueMemberRemoved nobody asked for
 * @param overdue             not ready past its reason's limit
 * @param callUniqueId        the caller channel's Uniqueid of the call in hand, or null
 * @param wrapupDeadline      when an open wrap-up expires, or 0
 * @param unsaved             the change is not yet in Redis (Redis down); Asterisk has it
 */
public record AgentSnapshot(String agent, AgentState state, String reason, long since, Request request,
                            String pendingNotReady, boolean pendingLogout, boolean phoneOffline,
                            boolean removedByPhoneSystem, boolean overdue, String refused, String extension,
                            List<String> queues, String callUniqueId, long wrapupDeadline, long serverTime,
                            boolean unsaved) {

    public AgentSnapshot {
        queues = queues == null ? List.of() : List.copyOf(queues);
    }

    static AgentSnapshot of(AgentView v, long now, boolean unsaved) {
        AgentView.CallLeg c = v.call;
        long deadline = c != null && v.state == AgentState.WRAP_UP && c.wrapupEndedAt == 0 ? c.wrapupDeadline : 0;
        return new AgentSnapshot(v.agent, v.state, v.reason, v.since, v.request, v.pendingNotReady, v.pendingLogout,
                v.phoneOffline, v.removedByPbx, v.overdue, v.refused, v.extension, v.queues,
                c == null ? null : c.uniqueId, deadline, now, unsaved);
    }
}
