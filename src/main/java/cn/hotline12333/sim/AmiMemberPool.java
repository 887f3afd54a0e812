package cn.hotline12333.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * at a time, except in a {@code ringall} queue: there the caller at the head rings every free member of the best
 * (lowest) penalty at once (app_queue.c ring_one), in app_queue's order (try_calling puts each call attempt at
 * the head of its list, so the member added last rings first), and the member added first answers.
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
    /** The agents rung together for a caller whose offer is on its way to the caller's loop. */
    private final Map<IntConsumer, int[]> rung = new HashMap<>();

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

    @Override
    synchronized int[] rungWith(IntConsumer offer, int agent) {
        int[] together = rung.remove(offer);
        return together == null ? new int[] {agent} : together;
    }

    private void offerWaiting() {
        boolean ringAll = "ringall".equalsIgnoreCase(members.strategy(name()));
        while (!waiting.isEmpty()) {
            List<Integer> free = new ArrayList<>();
            int lowest = Integer.MAX_VALUE;
            for (String[] member : members.availableMembers(name())) {
                int n = number(member);
                if (busy.contains(n)) {
                    continue;
                }
                if (!ringAll) {
                    free.add(n);
                    break;
                }
                int penalty = Integer.parseInt(member[2]);
                if (penalty < lowest) {
                    free.clear();
                    lowest = penalty;
                }
                if (penalty == lowest) {
                    free.add(n);
                }
            }
            if (free.isEmpty()) {
                return;
            }
            busy.addAll(free);
            IntConsumer head = waiting.poll();
            int[] order = new int[free.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = free.get(order.length - 1 - i);
            }
            rung.put(head, order);
            head.accept(free.get(0));
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
