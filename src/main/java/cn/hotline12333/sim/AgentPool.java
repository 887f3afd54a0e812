package cn.hotline12333.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The agents of one emulated queue, shared by every call on the emulator (calls on different event loops),
 * hence synchronized. Agents are numbered 1..n and named {@code <queue>-agent-<n>} (their MEMBERNAME). A caller
 * that joins gets a free agent if nobody waits before it, else waits in line; an agent who finishes takes the
 * caller at the head of the line. An offer is a callback the caller's own loop runs with the agent's number: it
 * must hand the agent back with {@link #release(int)} if the caller has left meanwhile.
 */
class AgentPool {

    // agents' legs are numbered apart from callers' (Uniqueid is epoch.sequence), so the two never collide
    private static final AtomicLong AGENT_LEGS = new AtomicLong(1_000_000);

    private final String queue;
    private final QueueBehaviour behaviour;
    private final QueueEvents events;
    private final Deque<IntConsumer> waiting = new ArrayDeque<>();
    private final Deque<Integer> free = new ArrayDeque<>();
    private long rings;

    AgentPool(String queue, QueueBehaviour behaviour) {
        this(queue, behaviour, QueueEvents.NONE);
    }

    AgentPool(String queue, QueueBehaviour behaviour, QueueEvents events) {
        this.queue = queue;
        this.behaviour = behaviour;
        this.events = events;
        for (int agent = 1; agent <= behaviour.agents(); agent++) {
            free.add(agent);
        }
    }

    QueueBehaviour behaviour() {
        return behaviour;
    }

    String name() {
        return queue;
    }

    QueueEvents events() {
        return events;
    }

    /** A Uniqueid for the leg that rings an agent, as Asterisk gives the member channel its own. */
    static String agentLeg(long epochSecond) {
        return epochSecond + "." + AGENT_LEGS.incrementAndGet();
    }

    /** MEMBERNAME of agent {@code n}, as app_queue sets it on the caller's channel with setinterfacevar=yes. */
    String memberName(int agent) {
        return queue + "-agent-" + agent;
    }

    /** MEMBERINTERFACE of agent {@code n}: the device its calls ring. */
    String memberInterface(int agent) {
        return "PJSIP/" + memberName(agent);
    }

    /**
     * Answers the caller's position on joining (1 = first). An offer always reaches the caller through its
     * own loop's queue, so the caller learns its position before any agent rings.
     */
    synchronized int join(IntConsumer offer) {
        if (!free.isEmpty() && waiting.isEmpty()) {
            offer.accept(free.poll());
            return 1;
        }
        waiting.add(offer);
        return waiting.size();
    }

    /** Takes a waiting caller out of line; answers its position (1 = head) or 0 if it was not waiting. */
    synchronized int leave(IntConsumer offer) {
        int position = 1;
        for (var it = waiting.iterator(); it.hasNext(); position++) {
            if (it.next() == offer) {
                it.remove();
                return position;
            }
        }
        return 0;
    }

    /**
     * Every agent rung with {@code agent} for the caller behind {@code offer}, in the order they ring; the
     * answering one is {@code agent}. One agent at a time here; a ring-all queue of AMI members rings several.
     */
    synchronized int[] rungWith(IntConsumer offer, int agent) {
        return new int[] {agent};
    }

    /** Counts a ring of this queue; answers whether it is one the agent does not pick up (every n-th). */
    synchronized boolean missesNextRing() {
        rings++;
        return behaviour.missEvery() > 0 && rings % behaviour.missEvery() == 0;
    }

    /**
     * A caller whose ring ran out keeps its place (app_queue rings the next member for the same caller): answers
     * the free agent to ring now, or 0 when the caller waits at the head of the line for the next one freed.
     */
    synchronized int rejoin(IntConsumer offer) {
        if (!free.isEmpty()) {
            return free.poll();
        }
        waiting.addFirst(offer);
        return 0;
    }

    synchronized void release(int agent) {
        IntConsumer next = waiting.poll();
        if (next != null) {
            next.accept(agent);
        } else {
            free.add(agent);
        }
    }

    synchronized int freeAgents() {
        return free.size();
    }

    synchronized int waitingCallers() {
        return waiting.size();
    }
}
