package cn.hotline12333.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The emulator's listeners as one: a listener that throws is logged and does not stop the others or the call. */
final class QueueEventFanOut implements QueueEvents {

    private static final Logger log = LoggerFactory.getLogger(QueueEventFanOut.class);
    private final List<QueueEvents> listeners = new CopyOnWriteArrayList<>();

    void add(QueueEvents listener) {
        listeners.add(listener);
    }

    private void each(Consumer<QueueEvents> event) {
        for (QueueEvents listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("event=queue_listener_failed listener={}", listener.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void callerJoined(String queue, String uniqueId, String callerId, int position, long at) {
        each(l -> l.callerJoined(queue, uniqueId, callerId, position, at));
    }

    @Override
    public void agentRung(String queue, String uniqueId, String memberName, long at) {
        each(l -> l.agentRung(queue, uniqueId, memberName, at));
    }

    @Override
    public void ringCanceled(String queue, String uniqueId, String memberName, long ringMs, long at) {
        each(l -> l.ringCanceled(queue, uniqueId, memberName, ringMs, at));
    }

    @Override
    public void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) {
        each(l -> l.ringNoAnswer(queue, uniqueId, memberName, ringMs, at));
    }

    @Override
    public void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                               long holdSeconds, long ringSeconds, long at) {
        each(l -> l.agentConnected(queue, uniqueId, memberName, memberUniqueId, holdSeconds, ringSeconds, at));
    }

    @Override
    public void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds, long talkSeconds,
                              int originalPosition, boolean byAgent, long at) {
        each(l -> l.callCompleted(queue, uniqueId, memberName, holdSeconds, talkSeconds, originalPosition, byAgent, at));
    }

    @Override
    public void callerAbandoned(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        each(l -> l.callerAbandoned(queue, uniqueId, position, originalPosition, waitSeconds, at));
    }

    @Override
    public void callerTimedOut(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                               long at) {
        each(l -> l.callerTimedOut(queue, uniqueId, position, originalPosition, waitSeconds, at));
    }

    @Override
    public void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        each(l -> l.callerLeftEmpty(queue, uniqueId, position, originalPosition, waitSeconds, at));
    }
}
