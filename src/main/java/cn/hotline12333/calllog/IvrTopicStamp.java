package cn.hotline12333.calllog;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the IVR's topic on the agent desk's handling records before they go to the call log: the desk knows the
 * call by its id only, the topic is in the call's screen-pop context in Redis. Reading it is blocking work, so it
 * runs on a thread of its own, in order; a record whose context cannot be read (Redis away, context expired) or
 * that finds the backlog full goes on without the topic: a record is never held back or lost for it.
 */
public final class IvrTopicStamp implements Consumer<HandlingRecord>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IvrTopicStamp.class);

    private final CallContexts contexts;
    private final Consumer<HandlingRecord> next;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "ivr-topic-stamp");
                t.setDaemon(true);
                return t;
            });

    public IvrTopicStamp(CallContexts contexts, Consumer<HandlingRecord> next) {
        this.contexts = contexts;
        this.next = next;
    }

    @Override
    public void accept(HandlingRecord record) {
        try { // every record through the one worker, so that revisions keep their order
            worker.execute(() -> next.accept(stamped(record)));
        } catch (RejectedExecutionException e) {
            next.accept(record);
        }
    }

    private HandlingRecord stamped(HandlingRecord record) {
        if (record.ivrTopic() != null || record.callId() == null) {
            return record;
        }
        try {
            String topic = contexts.ivrTopic(record.callId());
            return topic == null ? record : record.withIvrTopic(topic);
        } catch (RuntimeException e) {
            log.warn("event=ivr_topic_unread handling={} error=\"{}\"", record.handlingId(), e.getMessage());
            return record;
        }
    }

    /** Hands on what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
