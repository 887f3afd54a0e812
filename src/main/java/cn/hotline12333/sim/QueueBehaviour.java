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
 */
public record QueueBehaviour(int agents, Duration answerDelay, Duration talkTime, Duration wrapUp,
                             Refusal refusal, Duration leaveEmptyAfter) {

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
        return new QueueBehaviour(agents, answerDelay, talkTime, time, refusal, leaveEmptyAfter);
    }

    public QueueBehaviour withLeaveEmptyAfter(Duration time) {
        return new QueueBehaviour(agents, answerDelay, talkTime, wrapUp, refusal, time);
    }
}
