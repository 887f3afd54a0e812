package cn.hotline12333.agent;

import cn.hotline12333.agent.Transition.Effect;
import cn.hotline12333.agent.Transitions.Order;
import cn.hotline12333.agent.Transitions.Step;
import cn.hotline12333.agent.Trigger.Kind;
import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.HandlingRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every agent's view, run through {@link Transitions}; carries out the effects: AMI orders, screen pops, the
 * agent-state segments and handling records, timers. Single-threaded by contract: AgentDesk and the AMI link call
 * it only from the floor executor (tests: directly), so no field needs a lock.
 */
final class AgentFloor {
    private static final Logger log = LoggerFactory.getLogger(AgentFloor.class);
    private static final int MAX_RING_COUNTS = 10_000;

    private final Map<String, AgentView> views = new HashMap<>();
    private final Transitions machine;
    private final AgentSettings settings;
    private final Clock clock;
    private final Switchboard switchboard;
    private final ViewStore store;
    private final Consumer<AgentStateSegment> segments;
    private final Handlings handlings;
    private final Consumer<Runnable> onFloor;
    private final List<DeskListener> listeners = new CopyOnWriteArrayList<>();
    /** unanswered rings per caller Uniqueid, for the handling record's ring_no_answer; oldest dropped first */
    private final Map<String, Integer> ringNoAnswers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_RING_COUNTS;
        }
    };
    final LongAdder ignored = new LongAdder();

    /** the not-ready reasons and their limits: the settings' until an admin edits them (PauseReasons) */
    private Map<String, Duration> pauseLimits;

    /** the wrap-up form being submitted, read by the step it causes */
    private WrapUp form;

    /**
     * @param onFloor runs a task on the floor's thread later (a refusal arriving on Asterisk-Java's thread)
     */
    AgentFloor(AgentSettings settings, Clock clock, Switchboard switchboard, ViewStore store,
               Consumer<AgentStateSegment> segments, Consumer<HandlingRecord> handling, Consumer<Runnable> onFloor) {
        this.settings = settings;
        this.clock = clock;
        this.switchboard = switchboard;
        this.store = store;
        this.segments = segments;
        this.handlings = new Handlings(handling);
        this.onFloor = onFloor;
        this.machine = new Transitions(settings.wrapupExpiryNotReady(), settings::wrapupLimitMs);
        this.pauseLimits = settings.pauseLimits();
    }

    Map<String, Duration> pauseLimits() {
        return pauseLimits;
    }

    /** An admin's new list of reasons; agents already paused for a reason taken away stay paused. */
    void pauseLimits(Map<String, Duration> limits) {
        pauseLimits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    void addListener(DeskListener l) {
        listeners.add(l);
    }

    List<DeskListener> listeners() {
        return listeners;
    }

    /** Replaces what the floor knows by the stored views (start, AMI lease taken over). */
    void load(Collection<AgentView> stored) {
        views.clear();
        long now = clock.millis();
        for (AgentView v : stored) {
            // the desktops reconnect to this node now: a full heartbeat period before anyone is 桌面离线
            v.heartbeatAt = Math.max(v.heartbeatAt, now);
            v.stateIface = v.extension == null ? null : settings.stateInterfaceOf(v.extension);
            views.put(v.agent, v);
        }
    }

    Collection<AgentView> views() {
        return views.values();
    }

    AgentView view(String agent) {
        return views.get(agent);
    }

    /** The member whose MemberName or Interface this is, if it is one of our agents. */
    AgentView member(String memberName, String iface) {
        AgentView v = memberName == null ? null : views.get(memberName);
        if (v == null && iface != null) {
            for (AgentView each : views.values()) {
                if (iface.equalsIgnoreCase(each.iface)) {
                    return each;
                }
            }
        }
        return v;
    }

    AgentSnapshot snapshot(String agent) {
        AgentView v = views.get(agent);
        if (v == null) {
            v = new AgentView(agent);
        }
        return AgentSnapshot.of(v, clock.millis(), store.unsaved(agent));
    }

    DeskResult login(String agent, String extension) {
        return login(agent, extension, null);
    }

    /**
     * {@code queues}: the agent's skill group's, or null for AGENT_QUEUES. A login at another extension than the
     * one the agent is logged in at moves its membership there ({@link #move}); a login still unconfirmed at
     * another extension is withdrawn from the old one.
     */
    DeskResult login(String agent, String extension, List<String> queues) {
        AgentView v = views.computeIfAbsent(agent, AgentView::new);
        String iface = settings.interfaceOf(extension);
        if (v.state == AgentState.LOGGED_OUT) {
            if (v.request != null && v.request.kind() == Request.Kind.LOGIN && v.iface != null
                    && !v.iface.equalsIgnoreCase(iface)) {
                // the first QueueAdd may land yet: its member at the old interface goes again
                order(v, new Switchboard.Member(v.agent, v.iface, v.stateIface(), v.queues),
                        new Order(Order.Kind.REMOVE, null));
            }
            v.extension = extension;
            v.iface = iface;
            v.stateIface = settings.stateInterfaceOf(extension);
            v.queues = queues == null || queues.isEmpty() ? settings.queues() : List.copyOf(queues);
            v.removedByPbx = false;
        } else if (!iface.equalsIgnoreCase(v.iface)) {
            move(v, extension, iface);
        }
        v.heartbeatAt = clock.millis();
        return desk(agent, Trigger.of(Kind.LOGIN));
    }

    /**
     * A logged-in agent logs in at another extension: QueueAdd at the new interface first, with the pause its
     * state means, then QueueRemove at the old one. In that order the agent is never out of its queues (a queue
     * left with no member would turn callers away, joinempty/leaveempty) and the old member's QueueMemberRemoved
     * is not read as a logout (AmiFacts ignores the member at an interface that is no longer the agent's). A call
     * on the old phone goes on: its Agent* events name the agent. The state does not change, so no table row.
     */
    private void move(AgentView v, String extension, String iface) {
        Switchboard.Member old = new Switchboard.Member(v.agent, v.iface, v.stateIface(), v.queues);
        java.util.Set<String> oldQueues = new java.util.TreeSet<>(v.queues);
        oldQueues.addAll(v.memberOf);
        log.info("event=agent_moved agent={} from_extension={} to_extension={} from={} to={}", v.agent, v.extension,
                extension, v.iface, iface);
        v.extension = extension;
        v.iface = iface;
        v.stateIface = settings.stateInterfaceOf(extension);
        boolean paused = Reconciliation.paused(v);
        order(v, new Switchboard.Member(v.agent, v.iface, v.stateIface, v.queues),
                new Order(paused ? Order.Kind.ADD_PAUSED : Order.Kind.ADD_READY, null));
        order(v, new Switchboard.Member(old.agent(), old.iface(), old.stateIface(), List.copyOf(oldQueues)),
                new Order(Order.Kind.REMOVE, null));
        store.save(v);
        AgentSnapshot snap = AgentSnapshot.of(v, clock.millis(), store.unsaved(v.agent));
        listeners.forEach(l -> l.changed(snap));
    }

    private void order(AgentView v, Switchboard.Member m, Order order) {
        switchboard.send(m, order, says -> onFloor.accept(() -> refused(v.agent, says)));
    }

    DeskResult notReady(String agent, String reason) {
        if (reason == null || !pauseLimits.containsKey(reason)) {
            return DeskResult.refused("unknown reason: " + reason + " (one of " + pauseLimits.keySet()
                    + ")", snapshot(agent));
        }
        return desk(agent, Trigger.withReason(Kind.NOT_READY, reason));
    }

    /** A desktop request; a refusal is a value naming why. */
    DeskResult desk(String agent, Trigger trigger) {
        AgentView v = views.get(agent);
        if (v == null) {
            return DeskResult.refused("not logged in", snapshot(agent));
        }
        Step step = run(v, trigger);
        if (step != null && step.rejected) {
            return DeskResult.refused(trigger.kind() == Kind.WRAPUP_SUBMIT ? "no open wrap-up" : "not logged in",
                    snapshot(agent));
        }
        return DeskResult.done(snapshot(agent));
    }

    DeskResult wrapUp(String agent, WrapUp submitted) {
        long now = clock.millis();
        DeskResult earlier = handlings.answered(submitted.idempotencyKey(), now);
        if (earlier != null) {
            return earlier;
        }
        AgentView v = views.get(agent);
        DeskResult result;
        if (v != null && v.state == AgentState.WRAP_UP && v.call != null && v.call.wrapupEndedAt == 0
                && (submitted.uniqueId() == null || submitted.uniqueId().equals(v.call.uniqueId))) {
            form = submitted;
            try {
                result = desk(agent, Trigger.of(Kind.WRAPUP_SUBMIT));
            } finally {
                form = null;
            }
        } else if (handlings.correct(agent, submitted, now) != null) {
            result = DeskResult.done(snapshot(agent));
        } else {
            result = DeskResult.refused("no open wrap-up and nothing to correct for this call", snapshot(agent));
        }
        handlings.remember(submitted.idempotencyKey(), result, now);
        return result;
    }

    void heartbeat(String agent) {
        AgentView v = views.get(agent);
        if (v != null) {
            v.heartbeatAt = clock.millis();
        }
    }

    /** An AMI fact for one member. */
    void fact(AgentView v, Trigger trigger) {
        if (run(v, trigger) == null) {
            ignored.increment();
        }
    }

    /** A fact about a caller: every agent rung for {@code uniqueId} hears it. */
    void callerFact(Kind kind, String uniqueId) {
        for (AgentView v : new ArrayList<>(views.values())) {
            if (v.call != null && v.call.uniqueId.equals(uniqueId)) {
                run(v, Trigger.call(kind, uniqueId, v.call.queue));
            }
        }
        if (kind == Kind.CALLER_ABANDON) {
            ringNoAnswers.remove(uniqueId);
        }
    }

    /** Timers: wrap-up limits, leave grace, heartbeats, pause limits. Called every few hundred ms, and by tests. */
    void tick() {
        long now = clock.millis();
        for (AgentView v : new ArrayList<>(views.values())) {
            AgentView.CallLeg c = v.call;
            if (v.state == AgentState.WRAP_UP && c != null && c.wrapupEndedAt == 0 && c.wrapupDeadline <= now) {
                run(v, Trigger.of(Kind.WRAPUP_EXPIRED));
            } else if (v.state == AgentState.RINGING && c != null && c.leaveDeadline != 0 && c.leaveDeadline <= now) {
                run(v, Trigger.call(Kind.LEAVE_UNANSWERED, c.uniqueId, c.queue));
            } else if (v.state == AgentState.READY && v.request == null && !settings.heartbeatLimit().isZero()
                    && v.heartbeatAt + settings.heartbeatLimit().toMillis() <= now) {
                run(v, Trigger.of(Kind.HEARTBEAT_LOST));
            } else if (v.state == AgentState.NOT_READY && !v.overdue) {
                Duration limit = pauseLimits.get(v.reason);
                if (limit != null && v.since + limit.toMillis() <= now) {
                    run(v, Trigger.of(Kind.PAUSE_OVERDUE));
                }
            }
        }
    }

    private void refused(String agent, String asteriskSays) {
        AgentView v = views.get(agent);
        if (v != null) {
            run(v, Trigger.withReason(Kind.ACTION_REFUSED, asteriskSays));
        }
    }

    private Step run(AgentView v, Trigger trigger) {
        long now = clock.millis();
        Step step = machine.apply(v, trigger, now);
        if (step == null) {
            return null;
        }
        Stretch closed = Stretch.of(step.stateBefore, step.reasonBefore, step.phoneOfflineBefore);
        if (!closed.equals(Stretch.of(v.state, v.reason, v.phoneOffline)) && step.stateBefore != AgentState.LOGGED_OUT
                && now > step.sinceBefore) {
            segments.accept(new AgentStateSegment(AgentStateSegment.VERSION, v.agent + "/" + step.sinceBefore,
                    v.agent, AgentStateSegment.AgentState.valueOf(closed.state().name()), closed.reason(),
                    Handlings.time(step.sinceBefore), Handlings.time(now), v.queues));
        }
        if (v.state != step.stateBefore) {
            log.info("event=agent_state agent={} from={} to={} reason={} row={}", v.agent, step.stateBefore, v.state,
                    v.reason, step.row.id());
        }
        AgentView.CallLeg before = step.callBefore;
        if (step.has(Effect.WRITE_HANDLING) && before != null && before.answeredAt != 0 && !before.handlingWritten) {
            before.handlingWritten = true;
            handlings.first(v.agent, before, trigger.kind() == Kind.WRAPUP_SUBMIT ? form : null,
                    ringNoAnswers.getOrDefault(before.uniqueId, 0), now);
        }
        if (step.has(Effect.POP) && v.call != null) {
            DeskListener.Pop pop = new DeskListener.Pop(v.call.uniqueId, v.call.queue, v.call.caller, v.call.offeredAt);
            listeners.forEach(l -> l.pop(v.agent, pop));
        }
        if (step.has(Effect.WITHDRAW_POP) && before != null) {
            listeners.forEach(l -> l.withdrawn(v.agent, before.uniqueId));
        }
        if (step.has(Effect.COUNT_RING_NO_ANSWER) && before != null) {
            ringNoAnswers.merge(before.uniqueId, 1, Integer::sum);
        }
        if (step.refusedRequest != null) {
            Request r = step.refusedRequest;
            log.info("event=agent_request_refused agent={} request={} asterisk=\"{}\"", v.agent, r.kind(), v.refused);
            listeners.forEach(l -> l.refused(v.agent, r, v.refused));
        }
        for (Order order : step.orders) {
            order(v, new Switchboard.Member(v.agent, v.iface, v.stateIface(), v.queues), order);
        }
        store.save(v);
        AgentSnapshot snap = AgentSnapshot.of(v, now, store.unsaved(v.agent));
        listeners.forEach(l -> l.changed(snap));
        if (step.has(Effect.WITHDRAW_OTHER_POPS) && v.call != null) {
            String u = v.call.uniqueId;
            for (AgentView other : new ArrayList<>(views.values())) {
                if (other != v && other.call != null && u.equals(other.call.uniqueId)) {
                    run(other, Trigger.call(Kind.OTHER_ANSWERED, u, other.call.queue));
                }
            }
        }
        return step;
    }

    /**
     * What an agent-state segment records of a stretch: the state and reason, except that READY with the phone
     * offline is NOT_READY(话机离线) — app_queue offers that member no call, so it is not available time.
     */
    private record Stretch(AgentState state, String reason) {
        static Stretch of(AgentState state, String reason, boolean phoneOffline) {
            return state == AgentState.READY && phoneOffline
                    ? new Stretch(AgentState.NOT_READY, Transitions.PHONE_OFFLINE_REASON)
                    : new Stretch(state, reason);
        }
    }
}
