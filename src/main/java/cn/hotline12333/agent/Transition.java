package cn.hotline12333.agent;

import cn.hotline12333.agent.Trigger.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One row of the transition table: in one of {@code from}, on {@code on}, when {@code when} holds, go to
 * {@code to} and do {@code effects}. docs/agent-states.md prints the same rows ({@link #markdown}).
 */
record Transition(String id, Set<AgentState> from, Kind on, Guard when, Target to, List<Effect> effects,
                  String note) {

    Transition {
        from = from.isEmpty() ? EnumSet.noneOf(AgentState.class) : EnumSet.copyOf(from);
        effects = List.copyOf(effects);
    }

    boolean matches(AgentView view, Trigger trigger) {
        return trigger.kind() == on && from.contains(view.state) && when.test(view, trigger);
    }

    /** The row as docs/agent-states.md writes it: {@code | A1 | READY, NOT_READY | AGENT_CALLED | any | … |}. */
    String markdown() {
        String states = from.size() == AgentState.values().length ? "any"
                : from.stream().map(Enum::name).collect(Collectors.joining(", "));
        String doing = effects.isEmpty() ? "—"
                : effects.stream().map(Enum::name).collect(Collectors.joining(", "));
        return "| " + id + " | " + states + " | " + on + " | " + when.words + " | " + to + " | " + doing + " | "
                + note + " |";
    }

    /** Conditions on the agent's request, flags and call beside the state. */
    enum Guard {
        ANY("any"),
        ASKED_LOGIN("login asked"),
        ASKED_LOGOUT("logout asked"),
        ASKED_READY("ready asked"),
        ASKED_NOT_READY("this not-ready asked"),
        NOT_ASKED("not asked"),
        AUTO_PAUSED("auto-pause, not asked"),
        THIS_CALL("this call"),
        WRAPUP_OPEN("wrap-up open");

        final String words;

        Guard(String words) {
            this.words = words;
        }

        boolean test(AgentView view, Trigger trigger) {
            Request r = view.request;
            return switch (this) {
                case ANY -> true;
                case ASKED_LOGIN -> r != null && r.kind() == Request.Kind.LOGIN;
                case ASKED_LOGOUT -> r != null && r.kind() == Request.Kind.LOGOUT;
                case ASKED_READY -> r != null && r.kind() == Request.Kind.READY;
                case ASKED_NOT_READY -> r != null && r.kind() == Request.Kind.NOT_READY
                        && (trigger.reason() == null || trigger.reason().equals(r.reason()));
                case NOT_ASKED -> r == null;
                case AUTO_PAUSED -> r == null && Transitions.AUTO_PAUSE_REASON.equals(trigger.reason());
                case THIS_CALL -> view.call != null && view.call.uniqueId.equals(trigger.uniqueId());
                case WRAPUP_OPEN -> view.call != null && view.call.wrapupEndedAt == 0;
            };
        }
    }

    /** The state after the row; SAME keeps it (and its reason). */
    enum Target { SAME, LOGGED_OUT, READY, RINGING, ON_CALL, WRAP_UP, NOT_READY }

    /** What the floor does besides changing the state. */
    enum Effect {
        /** remember the trigger as the pending request and send its action */
        REQUEST,
        /** the pending request is confirmed: forget it */
        CONFIRM,
        /** not possible in this state: the desk gets a refusal */
        REJECT,
        /** mark: not ready after this call */
        FLAG_NOT_READY,
        /** mark: log out after this call */
        FLAG_LOGOUT,
        /** clear both after-call flags */
        CLEAR_FLAGS,
        /** after an unanswered ring: act on the after-call flags (pause or remove) */
        APPLY_FLAGS,
        /**
         * rung with a not-ready still unconfirmed (our QueuePause crossed the ring): it becomes the after-call flag,
         * since its QueueMemberPause comes during the ring and confirms nothing
         */
        DEFER_NOT_READY,
        /** QueueRemove: a member nobody intends */
        QUEUE_REMOVE,
        /** QueuePause Paused=true Reason=wrapup: nothing rings until the wrap-up ends */
        PAUSE_WRAPUP,
        /** QueuePause Paused=true Reason=未接自动置忙 in every queue: app_queue auto-paused only the one that rang */
        PAUSE_EVERY_QUEUE,
        /** screen pop to the agent's desktop */
        POP,
        WITHDRAW_POP,
        /** the other agents rung for the same caller lose their pops */
        WITHDRAW_OTHER_POPS,
        COUNT_RING_NO_ANSWER,
        /** QueueCallerLeave may precede AgentConnect: withdraw only if no connect follows within 2 s */
        ARM_LEAVE_TIMER,
        HOLD_START,
        HOLD_END,
        /** the conversation ended: the countdown starts */
        START_WRAPUP,
        /** the handling record of the call, once */
        WRITE_HANDLING,
        /** the wrap-up is over: unpause, or pause with the pending reason, or remove (pending logout) */
        END_WRAPUP,
        /** the agent was removed by the phone system, not by us */
        REMOVED_BY_PBX,
        PHONE_OFFLINE,
        PHONE_ONLINE,
        /** the pending request was refused by Asterisk: forgotten and reported with Asterisk's reason */
        REPORT_REFUSED,
        /** a pause reason past its limit: shown amber/red to the supervisor */
        NOTIFY_OVERDUE
    }
}
