package cn.hotline12333.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The agents of one emulated queue when an {@link AmiEmulator} runs beside the FastAGI emulator: the queue's
 * AMI members (added by QueueAdd, or static), offered to callers in the order they were added, only while not
 * paused, with a phone that is not unavailable, and not already ringing, talking or wrapping up for another
 * caller. A caller who finds nobody waits until a member is added or unpaused, or a call ends. One member rings
 * at a time (app_queue's linear strategies; ring-all is not emulated here).
 *
 * <p>Agent numbers are this pool's own, one per member interface, kept for the pool's life.
 */
final class AmiMemberPool extends AgentPool {

    private final AmiQueues members;
    private final Deque<IntConsumer> waiting = new ArrayDeque<>();
    private final Set<Integer> busy = new HashSet<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Map<Integer, String> interfaces = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();

    AmiMemberPool(String queue, QueueBehaviour behaviour, QueueEvents events, AmiQueues members) {
        super(queue, new QueueBehaviour(0, behaviour.answerDelay(), behaviour.talkTime(), behaviour.wrapUp(),
                behaviour.refusal(), behaviour.leaveEmptyAfter()), events);
        this.members = members;
    }

    @Override
    String memberName(int agent) {
        synchronized (this) {
            return names.getOrDefault(agent, name() + "-agent-" + agent);
        }
    }

    @Override
    String memberInterface(int agent) {
        synchronized (this) {
            return interfaces.getOrDefault(agent, "PJSIP/" + name() + "-agent-" + agent);
        }
    }

    @Override
    synchronized int join(IntConsumer offer) {
        waiting.add(offer);
        int position = waiting.size();
        offerWaiting();
        return waiting.contains(offer) ? position : 1;
    }

    @Override
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

    @Override
    synchronized void release(int agent) {
        busy.remove(agent);
        offerWaiting();
    }

    /** A member was added, unpaused or came back: offer it to whoever waits. */
    synchronized void membersChanged() {
        offerWaiting();
    }

    @Override
    synchronized int freeAgents() {
        return (int) members.availableMembers(name()).stream().filter(m -> !busy.contains(number(m))).count();
    }

    @Override
    synchronized int waitingCallers() {
        return waiting.size();
    }

    private void offerWaiting() {
        while (!waiting.isEmpty()) {
            Integer free = null;
            List<String[]> available = members.availableMembers(name());
            for (String[] member : available) {
                int n = number(member);
                if (!busy.contains(n)) {
                    free = n;
                    break;
                }
            }
            if (free == null) {
                return;
            }
            busy.add(free);
            waiting.poll().accept(free);
        }
    }

    private int number(String[] member) {
        Integer n = numbers.get(member[0]);
        if (n == null) {
            n = numbers.size() + 1;
            numbers.put(member[0], n);
        }
        interfaces.put(n, member[0]);
        names.put(n, member[1]);
        return n;
    }
}
