package cn.hotline12333.agent;

import cn.hotline12333.agent.Trigger.Kind;
import java.util.concurrent.atomic.LongAdder;
import org.asteriskjava.manager.event.AbstractHoldEvent;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.AgentRingNoAnswerEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueMemberStatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk's live events as facts for the floor. Members are found by {@code MemberName}, else by
 * {@code Interface} (QueueStatus spells them Name/Location: {@link Reconciliation}). Floor thread only.
 * A field Asterisk-Java could not convert (it logs and leaves it null, e.g. {@code HoldTime: abc}) makes the
 * event flawed: counted, applied with what is usable, never an exception.
 */
final class AmiFacts {
    private static final Logger log = LoggerFactory.getLogger(AmiFacts.class);
    static final String ASTERISK_AUTO_PAUSE = "Auto-Pause";

    final LongAdder applied = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder flawed = new LongAdder();
    final LongAdder foreign = new LongAdder();
    private final AgentFloor floor;

    AmiFacts(AgentFloor floor) {
        this.floor = floor;
    }

    void apply(ManagerEvent e) {
        try {
            if (!dispatch(e)) {
                ignored.increment();
            }
        } catch (RuntimeException bug) {
            flawed.increment();
            log.error("event=ami_event_failed type={}", e.getClass().getSimpleName(), bug);
        }
    }

    private boolean dispatch(ManagerEvent e) {
        if (e instanceof QueueMemberAddedEvent a) {
            AgentView v = member(a.getMemberName(), a.getInterface());
            if (v != null && !atOtherInterface(v, a.getInterface())) {
                v.memberOf.add(a.getQueue());
                floor.fact(v, Trigger.withReason(Kind.MEMBER_ADDED, a.getPausedReason()));
                if (Boolean.FALSE.equals(a.getPaused())) {
                    floor.fact(v, Trigger.of(Kind.UNPAUSED));
                }
                phone(v, a.getStatus());
            }
        } else if (e instanceof QueueMemberRemovedEvent r) {
            AgentView v = member(r.getMemberName(), r.getInterface());
            if (v != null && !atOtherInterface(v, r.getInterface())) {
                v.memberOf.remove(r.getQueue());
                if (v.memberOf.isEmpty()) {
                    floor.fact(v, Trigger.of(Kind.MEMBER_REMOVED));
                }
            }
        } else if (e instanceof QueueMemberPauseEvent p) {
            AgentView v = member(p.getMemberName(), p.getInterface());
            if (v != null && !atOtherInterface(v, p.getInterface())) {
                if (p.getPaused() == null) {
                    flawed.increment();
                } else if (p.getPaused()) {
                    floor.fact(v, Trigger.withReason(Kind.PAUSED, reason(pausedReason(p))));
                } else {
                    floor.fact(v, Trigger.of(Kind.UNPAUSED));
                }
            }
        } else if (e instanceof QueueMemberStatusEvent s) {
            AgentView v = member(s.getMemberName(), s.getInterface());
            if (v != null && !atOtherInterface(v, s.getInterface())) {
                phone(v, s.getStatus());
            }
        } else if (e instanceof AgentCalledEvent c) {
            AgentView v = member(c.getMemberName(), c.getInterface());
            if (v != null && c.getUniqueId() != null) {
                floor.fact(v, Trigger.call(Kind.AGENT_CALLED, c.getUniqueId(), c.getQueue())
                        .caller(c.getCallerIdNum()));
            }
        } else if (e instanceof AgentRingNoAnswerEvent n) {
            AgentView v = member(n.getMemberName(), n.getInterface());
            if (v != null) {
                floor.fact(v, Trigger.call(Kind.RING_NO_ANSWER, n.getUniqueId(), n.getQueue(), seconds(n.getRingtime())));
            }
        } else if (e instanceof AgentConnectEvent c) {
            AgentView v = member(c.getMemberName(), c.getInterface());
            if (v != null) {
                floor.fact(v, Trigger.call(Kind.AGENT_CONNECT, c.getUniqueId(), c.getQueue(), seconds(c.getHoldTime()))
                        .caller(c.getCallerIdNum()));
            }
        } else if (e instanceof AgentCompleteEvent c) {
            AgentView v = member(c.getMemberName(), c.getInterface());
            if (v != null) {
                floor.fact(v, Trigger.call(Kind.AGENT_COMPLETE, c.getUniqueId(), c.getQueue(), seconds(c.getTalkTime())));
            }
        } else if (e instanceof QueueCallerAbandonEvent a) {
            floor.callerFact(Kind.CALLER_ABANDON, a.getUniqueId());
        } else if (e instanceof QueueCallerLeaveEvent l) {
            floor.callerFact(Kind.CALLER_LEAVE, l.getUniqueId());
        } else if (e instanceof AbstractHoldEvent h) {
            hold(h);
        } else {
            return false;
        }
        applied.increment();
        return true;
    }

    /**
     * After QueueStatus and CoreShowChannels: membership and phone state as Asterisk has them, and calls whose
     * channels are gone (their AgentComplete fell into the gap) end here.
     */
    void resynced(Reconciliation.Members members, java.util.Set<String> liveChannels) {
        for (AgentView v : new java.util.ArrayList<>(floor.views())) {
            v.memberOf.clear();
            Integer status = null;
            for (Reconciliation.QueueMember m : members.of(v)) {
                if (!atOtherInterface(v, m.location())) { // a member left behind at an old extension is removed
                    v.memberOf.add(m.queue());
                    status = m.status();
                }
            }
            phone(v, status);
            if (v.call != null && (v.state == AgentState.RINGING || v.state == AgentState.ON_CALL)
                    && !liveChannels.contains(v.call.uniqueId)) {
                floor.fact(v, Trigger.of(Kind.CALL_GONE));
            }
        }
    }

    /** QueueAdd answered "Already there": the member is in, as asked. */
    void memberPresent(String agent, String queue) {
        AgentView v = floor.view(agent);
        if (v != null) {
            v.memberOf.add(queue);
            floor.fact(v, Trigger.withReason(Kind.MEMBER_ADDED, ""));
        }
    }

    /** QueueRemove answered "Not there": that queue is left already (by the old interface only, if it was that). */
    void memberGone(String agent, String queue, String iface) {
        AgentView v = floor.view(agent);
        if (v != null && !atOtherInterface(v, iface)) {
            v.memberOf.remove(queue);
            if (v.memberOf.isEmpty()) {
                floor.fact(v, Trigger.of(Kind.MEMBER_REMOVED));
            }
        }
    }

    /** Hold is raised for a channel of the call: the agent's leg (its interface) or one linked to the caller. */
    private void hold(AbstractHoldEvent h) {
        for (AgentView v : floor.views()) {
            if (v.state != AgentState.ON_CALL || v.call == null) {
                continue;
            }
            boolean agentLeg = v.iface != null && h.getChannel() != null
                    && h.getChannel().regionMatches(true, 0, v.iface + "-", 0, v.iface.length() + 1);
            boolean linked = v.call.uniqueId.equals(h.getLinkedId()) || v.call.uniqueId.equals(h.getUniqueId());
            if (agentLeg || linked) {
                floor.fact(v, Trigger.of(h.isHold() ? Kind.HOLD : Kind.UNHOLD));
                return;
            }
        }
    }

    /**
     * Status is the state interface's device state. app_queue's is_member_available never offers a call to
     * AST_DEVICE_INVALID (4: the interface names no device, a typo'd or deleted endpoint) or AST_DEVICE_UNAVAILABLE
     * (5: unregistered), so both are a phone that cannot take a call. 0 (unknown) is offered like 1 and is not.
     */
    static boolean phoneOffline(int status) {
        return status == DEVICE_INVALID || status == DEVICE_UNAVAILABLE;
    }

    static final int DEVICE_INVALID = 4;
    static final int DEVICE_UNAVAILABLE = 5;

    private void phone(AgentView v, Integer status) {
        if (status == null) {
            return;
        }
        boolean offline = phoneOffline(status);
        if (offline != v.phoneOffline) {
            floor.fact(v, Trigger.of(offline ? Kind.PHONE_OFFLINE : Kind.PHONE_ONLINE));
        }
    }

    /**
     * The agent's MemberName on an interface that is not its own now: the member it left at its old extension
     * (AgentFloor.login moves it: QueueAdd at the new one first, then QueueRemove at the old). Its removal, pause
     * and phone say nothing about the agent; its calls (Agent* events) still do.
     */
    private static boolean atOtherInterface(AgentView v, String iface) {
        return v.iface != null && iface != null && !iface.equalsIgnoreCase(v.iface);
    }

    private AgentView member(String name, String iface) {
        AgentView v = floor.member(name, iface);
        if (v == null) {
            foreign.increment();
        }
        return v;
    }

    private long seconds(Long value) {
        if (value == null) {
            flawed.increment();
            return -1;
        }
        return value;
    }

    /**
     * QueueMemberPauseEvent has two setters for the one header (setPausedreason of its own, setPausedReason
     * inherited); Asterisk-Java's builder fills its own, so the inherited getter stays null (asterisk-java #545).
     * Read with the inherited one only, a second queue's confirmation of a member's pause reset the reason.
     */
    static String pausedReason(QueueMemberPauseEvent p) {
        return p.getPausedreason() != null ? p.getPausedreason() : p.getPausedReason();
    }

    static String reason(String asterisk) {
        return ASTERISK_AUTO_PAUSE.equals(asterisk) ? Transitions.AUTO_PAUSE_REASON : asterisk;
    }
}
