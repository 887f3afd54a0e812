package cn.hotline12333.agent;

/**
 * One input to an agent's state machine: a desktop request, a timer, or an AMI fact already mapped to our agent.
 * Fields a kind does not use are null or zero.
 *
 * @param reason   the not-ready reason (desk, timers) or Asterisk's {@code PausedReason}; the refusal text for
 *                 {@link Kind#ACTION_REFUSED}
 * @param uniqueId the queued caller channel's Uniqueid (AgentCalled, AgentConnect …)
 * @param seconds  HoldTime/TalkTime in seconds, RingTime in ms for ring-no-answer; -1 when Asterisk's value was
 *                 malformed
 */
record Trigger(Kind kind, String reason, String uniqueId, String queue, long seconds, String caller) {

    enum Kind {
        // desktop
        LOGIN, READY, NOT_READY, LOGOUT, WRAPUP_SUBMIT,
        // timers
        WRAPUP_EXPIRED, HEARTBEAT_LOST, LEAVE_UNANSWERED, PAUSE_OVERDUE,
        // Asterisk
        MEMBER_ADDED, MEMBER_REMOVED, PAUSED, UNPAUSED, AGENT_CALLED, RING_NO_ANSWER, AGENT_CONNECT,
        OTHER_ANSWERED, AGENT_COMPLETE, CALLER_ABANDON, CALLER_LEAVE, HOLD, UNHOLD, PHONE_OFFLINE, PHONE_ONLINE,
        CALL_GONE, ACTION_REFUSED
    }

    static Trigger of(Kind kind) {
        return new Trigger(kind, null, null, null, 0, null);
    }

    static Trigger withReason(Kind kind, String reason) {
        return new Trigger(kind, reason, null, null, 0, null);
    }

    static Trigger call(Kind kind, String uniqueId, String queue) {
        return new Trigger(kind, null, uniqueId, queue, 0, null);
    }

    static Trigger call(Kind kind, String uniqueId, String queue, long seconds) {
        return new Trigger(kind, null, uniqueId, queue, seconds, null);
    }

    Trigger caller(String number) {
        return new Trigger(kind, reason, uniqueId, queue, seconds, number);
    }
}
