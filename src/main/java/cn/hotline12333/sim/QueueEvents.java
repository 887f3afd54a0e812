package cn.hotline12333.sim;

/**
 * What happens to callers in the emulated queues, told at the moments app_queue would log it (the events of
 * its queue_log). Each call's events come in order from that call's event loop; different calls' events come
 * from different threads at once, so a listener is thread-safe and never blocks (the loops carry every call).
 * Times are epoch milliseconds: the emulator's model time scaled to real time, anchored when the caller
 * joined. Durations are model seconds as app_queue counts them (whole seconds). {@code uniqueId} is the
 * caller channel's Uniqueid, {@code memberName} the agent's MEMBERNAME ({@code <queue>-agent-<n>}).
 */
public interface QueueEvents {

    /** Nothing listens. */
    QueueEvents NONE = new QueueEvents() { };

    /** ENTERQUEUE: the caller is in line at {@code position} (1 = first). Refused joins are not told. */
    default void callerJoined(String queue, String uniqueId, String callerId, int position, long at) { }

    /** An agent's phone starts ringing for the caller. */
    default void agentRung(String queue, String uniqueId, String memberName, long at) { }

    /** The caller gave up while {@code memberName} was ringing (RINGCANCELED, ring time in ms). */
    default void ringCanceled(String queue, String uniqueId, String memberName, long ringMs, long at) { }

    /** The caller's queue time ran out, or the queue emptied, while {@code memberName} rang (RINGNOANSWER, ms). */
    default void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) { }

    /** CONNECT: the agent answered; {@code memberUniqueId} is the agent leg's channel. */
    default void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                                long holdSeconds, long ringSeconds, long at) { }

    /** COMPLETEAGENT ({@code byAgent}) or COMPLETECALLER: the conversation ended. */
    default void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds,
                               long talkSeconds, int originalPosition, boolean byAgent, long at) { }

    /** ABANDON: the caller hung up while waiting or ringing. */
    default void callerAbandoned(String queue, String uniqueId, int position, int originalPosition,
                                 long waitSeconds, long at) { }

    /** EXITWITHTIMEOUT: the Queue() timeout ran out. */
    default void callerTimedOut(String queue, String uniqueId, int position, int originalPosition,
                                long waitSeconds, long at) { }

    /** EXITEMPTY: leavewhenempty put the caller out. */
    default void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition,
                                 long waitSeconds, long at) { }
}
