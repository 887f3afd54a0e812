package cn.hotline12333.sim;

import java.time.Duration;

/**
 * How one emulated Asterisk queue treats callers (a queue name absent from the emulator's settings does not
 * exist: Queue answers {@code 200 result=0} at once with QUEUESTATUS {@code UNKNOWN}, transcript
 * queue-timeout.txt). All durations are model time (see {@link TimeModel}).
 *
 * @param agents          agents in the queue's pool, all free at start and shared by every call on the
 *                        emulator; 0 = nobody ever answers (callers leave by timeout or by giving up)
 * @param answerDelay     how long a free agent's phone rings before the agent answers
 * @param talkTime        how long the agent talks; then the agent hangs up
 * @param wrapUp          how long an agent stays unavailable after a call
 * @param refusal         when not null, nobody may join: Queue answers 0 at once with this QUEUESTATUS
 * @param leaveEmptyAfter when not null, a waiting caller is put out after this long with {@code LEAVEEMPTY}
 * @param missEvery       0: every agent rung picks up; n: every n-th ring of the queue is not picked up, it rings
 *                        {@code ringTimeout} (queues.conf {@code timeout}) and app_queue rings the next free agent
 *                        (AgentRingNoAnswer, queue_log RINGNOANSWER); the agent who missed it is free again after
 *                        {@code ringTimeout} more (app_queue's {@code retry} and the agent's own slowness)
 * @param ringTimeout     how long an unanswered ring lasts
 */
public record QueueBehaviour(int agents, Duration answerDelay, Duration talkTime, Duration wrapUp,
                             Refusal refusal, Duration leaveEmptyAfter, int missEvery, Duration ringTimeout) {

    /** The QUEUESTATUS values with which app_queue refuses a caller at the door. */
    public enum Refusal { FULL, JOINEMPTY, JOINUNAVAIL }

    public QueueBehaviour {
        if (agents < 0) {
            throw new IllegalArgumentException("agents must be zero or more, was " + agents);
        }
        for (Duration d : new Duration[] {answerDelay, talkTime, wrapUp}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("queue durations must be zero or more, was " + d);
            }
        }
        if (leaveEmptyAfter != null && leaveEmptyAfter.isNegative()) {
            throw new IllegalArgumentException("leaveEmptyAfter must be zero or more, was " + leaveEmptyAfter);
        }
        if (missEvery < 0 || ringTimeout == null || ringTimeout.isNegative()) {
            throw new IllegalArgumentException("missEvery and ringTimeout must be zero or more, were " + missEvery
                    + " and " + ringTimeout);
        }
    }

    public QueueBehaviour(int agents, Duration answerDelay, Duration talkTime, Duration wrapUp, Refusal refusal,
                          Duration leaveEmptyAfter) {
        this(agents, answerDelay, talkTime, wrapUp, refusal, leaveEmptyAfter, 0, Duration.ofSeconds(15));
    }

    public static QueueBehaviour agents(int agents, Duration answerDelay, Duration talkTime) {
        return new QueueBehaviour(agents, answerDelay, talkTime, Duration.ZERO, null, null);
    }

    public static QueueBehaviour nobodyAnswers() {
        return agents(0, Duration.ZERO, Duration.ZERO);
    }

    public static QueueBehaviour refusing(Refusal refusal) {
        return new QueueBehaviour(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, refusal, null);
    }

    public QueueBehaviour withWrapUp(Duration time) {
        return new QueueBehaviour(agents, answerDelay, talkTime, time, refusal, leaveEmptyAfter, missEvery,
                ringTimeout);
    }

    public QueueBehaviour withLeaveEmptyAfter(Duration time) {
        return new QueueBehaviour(agents, answerDelay, talkTime, wrapUp, refusal, time, missEvery, ringTimeout);
    }

    /** Every {@code n}-th ring of the queue goes unanswered for {@code ring}; 0 = agents always pick up. */
    public QueueBehaviour withRingNoAnswer(int n, Duration ring) {
        return new QueueBehaviour(agents, answerDelay, talkTime, wrapUp, refusal, leaveEmptyAfter, n, ring);
    }
}
