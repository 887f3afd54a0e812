package cn.hotline12333.agent;

import static cn.hotline12333.agent.AgentState.*;
import static cn.hotline12333.agent.Transition.Effect.*;
import static cn.hotline12333.agent.Transition.Guard.*;

import cn.hotline12333.agent.Transition.Effect;
import cn.hotline12333.agent.Transition.Target;
import cn.hotline12333.agent.Trigger.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The agent state machine: one table, first matching row wins; a trigger no row matches changes nothing (a
 * duplicate event after a resync, a pause confirmation for another queue). No I/O and no clock of its own: the
 * floor passes the time and carries out the effects and orders. docs/agent-states.md prints {@link #TABLE}.
 */
final class Transitions {
    static final String WRAPUP_REASON = "wrapup";
    static final String LOGIN_REASON = "未就绪";
    static final String WRAPUP_TIMEOUT_REASON = "小结超时";
    static final String DESKTOP_LOST_REASON = "桌面离线";
    static final String AUTO_PAUSE_REASON = "未接自动置忙";
    /**
     * The reason an agent-state segment gives a READY stretch whose phone is offline: app_queue offers such a member
     * no call, so statistics must not count it available (docs/agent-states.md). Never sent to Asterisk.
     */
    static final String PHONE_OFFLINE_REASON = "话机离线";
    static final long LEAVE_GRACE_MS = 2_000;

    private static final Set<AgentState> ANY_STATE = EnumSet.allOf(AgentState.class);
    private static final Set<AgentState> IN_CALL = EnumSet.of(RINGING, ON_CALL, WRAP_UP);
    private static final Set<AgentState> IDLE = EnumSet.of(READY, NOT_READY);
    private static final Set<AgentState> LOGGED_IN = EnumSet.complementOf(EnumSet.of(LOGGED_OUT));

    static final List<Transition> TABLE = List.of(
            row("D1", Set.of(LOGGED_OUT), Kind.LOGIN, ANY, Target.SAME, List.of(REQUEST),
                    "QueueAdd Paused=true to every queue of the agent"),
            row("D2", IDLE, Kind.READY, ASKED_READY, Target.SAME, List.of(), "already asked"),
            row("D3", Set.of(NOT_READY), Kind.READY, ANY, Target.SAME, List.of(REQUEST), "QueuePause Paused=false"),
            row("D4", IN_CALL, Kind.READY, ANY, Target.SAME, List.of(CLEAR_FLAGS), "ready again after this call"),
            row("D5", IDLE, Kind.NOT_READY, ANY, Target.SAME, List.of(REQUEST), "QueuePause Paused=true Reason=…"),
            row("D6", IN_CALL, Kind.NOT_READY, ANY, Target.SAME, List.of(FLAG_NOT_READY), "pendingNotReady"),
            row("D7", IDLE, Kind.LOGOUT, ANY, Target.SAME, List.of(REQUEST), "QueueRemove from every queue"),
            row("D8", IN_CALL, Kind.LOGOUT, ANY, Target.SAME, List.of(FLAG_LOGOUT), "pendingLogout"),
            row("D9", Set.of(LOGGED_OUT), Kind.READY, ANY, Target.SAME, List.of(REJECT), "not logged in"),
            row("D10", Set.of(LOGGED_OUT), Kind.NOT_READY, ANY, Target.SAME, List.of(REJECT), "not logged in"),
            row("D11", Set.of(LOGGED_OUT), Kind.LOGOUT, ANY, Target.SAME, List.of(), "already out"),
            row("D12", Set.of(WRAP_UP), Kind.WRAPUP_SUBMIT, WRAPUP_OPEN, Target.SAME,
                    List.of(WRITE_HANDLING, END_WRAPUP), "ends when Asterisk confirms the unpause or pause"),
            row("D13", ANY_STATE, Kind.WRAPUP_SUBMIT, ANY, Target.SAME, List.of(REJECT),
                    "no open wrap-up (a correction is a new revision, not a transition)"),
            row("T1", Set.of(WRAP_UP), Kind.WRAPUP_EXPIRED, WRAPUP_OPEN, Target.SAME,
                    List.of(WRITE_HANDLING, END_WRAPUP), "then READY, or NOT_READY(小结超时) if so configured"),
            row("T2", Set.of(READY), Kind.HEARTBEAT_LOST, ANY, Target.SAME, List.of(REQUEST),
                    "QueuePause Reason=桌面离线"),
            row("T3", Set.of(RINGING), Kind.LEAVE_UNANSWERED, THIS_CALL, READY, List.of(WITHDRAW_POP, APPLY_FLAGS),
                    "QueueCallerLeave without AgentConnect within 2 s"),
            row("T4", Set.of(NOT_READY), Kind.PAUSE_OVERDUE, ANY, Target.SAME, List.of(NOTIFY_OVERDUE),
                    "pause past its reason's limit"),
            row("A1", Set.of(LOGGED_OUT), Kind.MEMBER_ADDED, ASKED_LOGIN, Target.NOT_READY, List.of(CONFIRM),
                    "QueueMemberAdded confirms the login, paused"),
            row("A2", Set.of(LOGGED_OUT), Kind.MEMBER_ADDED, ANY, Target.SAME, List.of(QUEUE_REMOVE),
                    "a member nobody intends"),
            row("A3", LOGGED_IN, Kind.MEMBER_REMOVED, ASKED_LOGOUT, Target.LOGGED_OUT, List.of(CONFIRM),
                    "QueueMemberRemoved confirms the logout"),
            row("A4", LOGGED_IN, Kind.MEMBER_REMOVED, ANY, Target.LOGGED_OUT,
                    List.of(WRITE_HANDLING, WITHDRAW_POP, REMOVED_BY_PBX),
                    "shown as removed by the phone system; an answered call still gets its record"),
            row("A5", Set.of(ON_CALL), Kind.PAUSED, ANY, Target.SAME, List.of(), "our own wrap-up pause"),
            row("A6", Set.of(WRAP_UP), Kind.PAUSED, ASKED_NOT_READY, Target.NOT_READY, List.of(CONFIRM),
                    "wrap-up over, pending reason applied"),
            row("A7", Set.of(WRAP_UP, RINGING), Kind.PAUSED, ANY, Target.SAME, List.of(), "wrap-up pause, or a ring"
                    + " in progress"),
            row("A29", Set.of(READY), Kind.PAUSED, AUTO_PAUSED, Target.NOT_READY, List.of(PAUSE_EVERY_QUEUE),
                    "app_queue's Auto-Pause after ring-no-answer covers one queue: paused in all"),
            row("A8", IDLE, Kind.PAUSED, ANY, Target.NOT_READY, List.of(CONFIRM),
                    "Auto-Pause after ring-no-answer reads 未接自动置忙"),
            row("A9", Set.of(NOT_READY), Kind.UNPAUSED, ANY, READY, List.of(CONFIRM), "confirms ready"),
            row("A10", Set.of(WRAP_UP), Kind.UNPAUSED, ASKED_READY, READY, List.of(CONFIRM),
                    "wrap-up over, ready"),
            row("A11", Set.of(ON_CALL, WRAP_UP), Kind.UNPAUSED, ANY, Target.SAME, List.of(PAUSE_WRAPUP),
                    "unpaused before the wrap-up ended: paused again"),
            row("A12", IDLE, Kind.AGENT_CALLED, ANY, RINGING, List.of(DEFER_NOT_READY, POP), "screen pop"),
            row("A13", Set.of(WRAP_UP), Kind.AGENT_CALLED, ANY, RINGING, List.of(WRITE_HANDLING, DEFER_NOT_READY, POP),
                    "rung although the wrap-up pause was lost"),
            row("A14", Set.of(RINGING), Kind.RING_NO_ANSWER, THIS_CALL, READY,
                    List.of(WITHDRAW_POP, COUNT_RING_NO_ANSWER, APPLY_FLAGS), "RingTime in ms"),
            row("A15", Set.of(RINGING), Kind.AGENT_CONNECT, THIS_CALL, Target.ON_CALL,
                    List.of(PAUSE_WRAPUP, WITHDRAW_OTHER_POPS), "HoldTime, RingTime in s"),
            row("A16", IDLE, Kind.AGENT_CONNECT, ANY, Target.ON_CALL,
                    List.of(DEFER_NOT_READY, POP, PAUSE_WRAPUP, WITHDRAW_OTHER_POPS),
                    "AgentCalled missed (resync)"),
            row("A17", Set.of(RINGING), Kind.OTHER_ANSWERED, THIS_CALL, READY, List.of(WITHDRAW_POP, APPLY_FLAGS),
                    "another agent's AgentConnect for this Uniqueid"),
            row("A18", Set.of(RINGING), Kind.CALLER_ABANDON, THIS_CALL, READY, List.of(WITHDRAW_POP, APPLY_FLAGS),
                    "QueueCallerAbandon"),
            row("A19", Set.of(RINGING), Kind.CALLER_LEAVE, THIS_CALL, Target.SAME, List.of(ARM_LEAVE_TIMER),
                    "comes before AgentConnect on an answered call"),
            row("A20", Set.of(ON_CALL), Kind.HOLD, ANY, Target.SAME, List.of(HOLD_START), "hold time"),
            row("A21", Set.of(ON_CALL), Kind.UNHOLD, ANY, Target.SAME, List.of(HOLD_END), "hold time"),
            row("A22", Set.of(ON_CALL), Kind.AGENT_COMPLETE, THIS_CALL, Target.WRAP_UP, List.of(HOLD_END, START_WRAPUP),
                    "TalkTime in s; countdown"),
            row("A23", Set.of(RINGING), Kind.AGENT_COMPLETE, THIS_CALL, Target.WRAP_UP,
                    List.of(PAUSE_WRAPUP, START_WRAPUP), "AgentComplete before AgentConnect: repaired"),
            row("A24", Set.of(ON_CALL), Kind.CALL_GONE, ANY, Target.WRAP_UP, List.of(HOLD_END, START_WRAPUP),
                    "resync: no channel left for the call"),
            row("A25", Set.of(RINGING), Kind.CALL_GONE, ANY, READY, List.of(WITHDRAW_POP, APPLY_FLAGS),
                    "resync: no channel left for the call"),
            row("A26", ANY_STATE, Kind.PHONE_OFFLINE, ANY, Target.SAME, List.of(PHONE_OFFLINE),
                    "QueueMemberStatus Status=4 (invalid) or 5 (unavailable): app_queue offers no call"),
            row("A27", ANY_STATE, Kind.PHONE_ONLINE, ANY, Target.SAME, List.of(PHONE_ONLINE),
                    "QueueMemberStatus other status"),
            row("A28", ANY_STATE, Kind.ACTION_REFUSED, ANY, Target.SAME, List.of(REPORT_REFUSED),
                    "shown as not applied, with Asterisk's reason"));

    private final boolean wrapupExpiryNotReady;
    private final ToLongFunction<String> wrapupLimitMs;

    /**
     * @param wrapupExpiryNotReady an expired wrap-up leaves the agent NOT_READY(小结超时) instead of READY
     * @param wrapupLimitMs        the wrap-up limit of a queue
     */
    Transitions(boolean wrapupExpiryNotReady, ToLongFunction<String> wrapupLimitMs) {
        this.wrapupExpiryNotReady = wrapupExpiryNotReady;
        this.wrapupLimitMs = wrapupLimitMs;
    }

    static Transition find(AgentView view, Trigger trigger) {
        for (Transition t : TABLE) {
            if (t.matches(view, trigger)) {
                return t;
            }
        }
        return null;
    }

    /** Applies the first matching row to {@code view}; null when none matches (nothing changed). */
    Step apply(AgentView view, Trigger trigger, long now) {
        Transition row = find(view, trigger);
        if (row == null) {
            return null;
        }
        Step step = new Step(row, view.state, view.reason, view.since, view.phoneOffline, view.call);
        for (Effect e : row.effects()) {
            effect(e, view, trigger, now, step);
        }
        AgentState to = switch (row.to()) {
            case SAME -> view.state;
            case LOGGED_OUT -> LOGGED_OUT;
            case READY -> READY;
            case RINGING -> RINGING;
            case ON_CALL -> ON_CALL;
            case WRAP_UP -> WRAP_UP;
            case NOT_READY -> NOT_READY;
        };
        if (to == ON_CALL && view.call != null && view.call.answeredAt == 0) {
            view.call.answeredAt = now;
        }
        String reason = to == NOT_READY ? notReadyReason(view, trigger, step) : null;
        if (row.to() != Target.SAME && (to != view.state || !java.util.Objects.equals(reason, view.reason))) {
            view.state = to;
            view.reason = reason;
            view.since = now;
            view.overdue = false;
        } else if (view.state == READY && view.phoneOffline != step.phoneOfflineBefore) {
            // a ready agent's phone went offline or came back: a new stretch for the statistics (its segment)
            view.since = now;
        }
        if (row.to() == Target.LOGGED_OUT) {
            view.request = null;
            view.pendingNotReady = null;
            view.pendingLogout = false;
            view.memberOf.clear();
        }
        if (!IN_CALL.contains(view.state)) {
            view.call = null;
        }
        return step;
    }

    private static String notReadyReason(AgentView view, Trigger trigger, Step step) {
        if (step.confirmed != null && step.confirmed.kind() == Request.Kind.NOT_READY) {
            return step.confirmed.reason();
        }
        String r = trigger.reason();
        if (r != null && !r.isBlank() && !r.equals(WRAPUP_REASON)) {
            return r;
        }
        return LOGIN_REASON;
    }

    private void effect(Effect e, AgentView v, Trigger t, long now, Step step) {
        switch (e) {
            case REQUEST -> ask(v, requestOf(t), now, step);
            case CONFIRM -> {
                step.confirmed = v.request;
                v.request = null;
                v.refused = null;
            }
            case REJECT -> step.rejected = true;
            case FLAG_NOT_READY -> v.pendingNotReady = t.reason();
            case FLAG_LOGOUT -> v.pendingLogout = true;
            case CLEAR_FLAGS -> {
                v.pendingNotReady = null;
                v.pendingLogout = false;
            }
            case APPLY_FLAGS -> afterCall(v, null, now, step);
            case DEFER_NOT_READY -> {
                if (v.request != null && v.request.kind() == Request.Kind.NOT_READY) {
                    v.pendingNotReady = v.request.reason();
                    v.request = null;
                }
            }
            case QUEUE_REMOVE -> step.orders.add(new Order(Order.Kind.REMOVE, null));
            case PAUSE_WRAPUP -> step.orders.add(new Order(Order.Kind.PAUSE, WRAPUP_REASON));
            case PAUSE_EVERY_QUEUE -> step.orders.add(new Order(Order.Kind.PAUSE, AUTO_PAUSE_REASON));
            case POP -> v.call = new AgentView.CallLeg(t.uniqueId(), t.queue(), t.caller(), now);
            case ARM_LEAVE_TIMER -> v.call.leaveDeadline = now + LEAVE_GRACE_MS;
            case HOLD_START -> {
                if (v.call != null && v.call.holdSince == 0) {
                    v.call.holdSince = now;
                }
            }
            case HOLD_END -> {
                if (v.call != null && v.call.holdSince != 0) {
                    v.call.holdMs += now - v.call.holdSince;
                    v.call.holdSince = 0;
                }
            }
            case START_WRAPUP -> {
                v.call.endedAt = now;
                if (t.kind() == Kind.AGENT_COMPLETE) {
                    v.call.talkSeconds = t.seconds();
                }
                v.call.wrapupDeadline = now + wrapupLimitMs.applyAsLong(v.call.queue);
            }
            case END_WRAPUP -> {
                v.call.wrapupEndedAt = now;
                afterCall(v, t.kind() == Kind.WRAPUP_EXPIRED && wrapupExpiryNotReady ? WRAPUP_TIMEOUT_REASON : null,
                        now, step);
                if (step.orders.isEmpty()) {
                    ask(v, Request.of(Request.Kind.READY), now, step);
                }
            }
            case REMOVED_BY_PBX -> v.removedByPbx = true;
            case PHONE_OFFLINE -> v.phoneOffline = true;
            case PHONE_ONLINE -> v.phoneOffline = false;
            case REPORT_REFUSED -> {
                step.refusedRequest = v.request;
                v.refused = t.reason();
                v.request = null;
            }
            case NOTIFY_OVERDUE -> v.overdue = true;
            case WITHDRAW_POP, WITHDRAW_OTHER_POPS, COUNT_RING_NO_ANSWER, WRITE_HANDLING -> {
                // carried out by the floor, which knows the other agents and the call log
            }
        }
    }

    /** The after-call flags become requests; {@code fallbackReason} pauses when no flag is set. */
    private static void afterCall(AgentView v, String fallbackReason, long now, Step step) {
        if (v.pendingLogout) {
            ask(v, Request.of(Request.Kind.LOGOUT), now, step);
        } else if (v.pendingNotReady != null) {
            ask(v, new Request(Request.Kind.NOT_READY, v.pendingNotReady), now, step);
        } else if (fallbackReason != null) {
            ask(v, new Request(Request.Kind.NOT_READY, fallbackReason), now, step);
        }
        v.pendingLogout = false;
        v.pendingNotReady = null;
    }

    private static Request requestOf(Trigger t) {
        return switch (t.kind()) {
            case LOGIN -> Request.of(Request.Kind.LOGIN);
            case READY -> Request.of(Request.Kind.READY);
            case LOGOUT -> Request.of(Request.Kind.LOGOUT);
            case NOT_READY, HEARTBEAT_LOST -> new Request(Request.Kind.NOT_READY,
                    t.kind() == Kind.HEARTBEAT_LOST ? DESKTOP_LOST_REASON : t.reason());
            default -> throw new IllegalArgumentException("no request for " + t.kind());
        };
    }

    private static void ask(AgentView v, Request r, long now, Step step) {
        v.request = r;
        v.requestedAt = now;
        v.refused = null;
        step.orders.add(switch (r.kind()) {
            case LOGIN -> new Order(Order.Kind.ADD_PAUSED, LOGIN_REASON);
            case READY -> new Order(Order.Kind.UNPAUSE, null);
            case NOT_READY -> new Order(Order.Kind.PAUSE, r.reason());
            case LOGOUT -> new Order(Order.Kind.REMOVE, null);
        });
    }

    private static Transition row(String id, Set<AgentState> from, Kind on, Transition.Guard when, Target to,
                                  List<Effect> effects, String note) {
        return new Transition(id, from, on, when, to, effects, note);
    }

    private static Transition row(String id, Set<AgentState> from, Kind on, Transition.Guard when, AgentState to,
                                  List<Effect> effects, String note) {
        return new Transition(id, from, on, when, Target.valueOf(to.name()), effects, note);
    }

    /**
     * An AMI action the floor sends for the agent: to each of its queues, or all at once where AMI allows.
     * ADD_READY (QueueAdd Paused=false) only moves a READY agent to another extension (AgentFloor.login).
     */
    record Order(Kind kind, String reason) {
        enum Kind { ADD_PAUSED, ADD_READY, REMOVE, PAUSE, UNPAUSE }
    }

    /** What a trigger did: the row, the state before it, and what the floor must do. */
    static final class Step {
        final Transition row;
        final AgentState stateBefore;
        final String reasonBefore;
        final long sinceBefore;
        final boolean phoneOfflineBefore;
        final AgentView.CallLeg callBefore;
        final List<Order> orders = new ArrayList<>();
        Request confirmed;
        Request refusedRequest;
        boolean rejected;

        Step(Transition row, AgentState stateBefore, String reasonBefore, long sinceBefore, boolean phoneOfflineBefore,
             AgentView.CallLeg callBefore) {
            this.row = row;
            this.stateBefore = stateBefore;
            this.reasonBefore = reasonBefore;
            this.sinceBefore = sinceBefore;
            this.phoneOfflineBefore = phoneOfflineBefore;
            this.callBefore = callBefore;
        }

        boolean has(Effect e) {
            return row.effects().contains(e);
        }
    }
}
