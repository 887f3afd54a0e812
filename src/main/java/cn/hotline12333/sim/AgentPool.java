package cn.hotline12333.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The agents of one emulated queue, shared by every call on the emulator (calls on different event loops),
 * hence synchronized. A caller that joins gets a free agent if nobody waits before it, else waits in line;
 * an agent who finishes takes the caller at the head of the line. An offer is a callback the caller's own
 * loop runs: it must hand the agent back with {@link #release()} if the caller has left meanwhile.
 */
final class AgentPool {

    private final QueueBehaviour behaviour;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int free;

    AgentPool(QueueBehaviour behaviour) {
        this.behaviour = behaviour;
        this.free = behaviour.agents();
    }

    QueueBehaviour behaviour() {
        return behaviour;
    }

    synchronized void join(Runnable offer) {
        if (free > 0 && waiting.isEmpty()) {
            free--;
            offer.run();
        } else {
            waiting.add(offer);
        }
    }

    /** Takes a waiting caller out of line; answers its position (1 = head) or 0 if it was not waiting. */
    synchronized int leave(Runnable offer) {
        int position = 1;
        for (var it = waiting.iterator(); it.hasNext(); position++) {
            if (it.next() == offer) {
                it.remove();
                return position;
            }
        }
        return 0;
    }

    synchronized void release() {
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        } else {
            free++;
        }
    }

    synchronized int freeAgents() {
        return free;
    }

    synchronized int waitingCallers() {
        return waiting.size();
    }
}
