package cn.hotline12333.agent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The floor's one thread and its bounded queue. A full queue makes the sender wait instead of dropping: the AMI
 * listener then holds Asterisk-Java's own pump, whose queue is the next buffer; nothing is lost, memory stays
 * bounded.
 */
final class FloorExecutor extends ThreadPoolExecutor {

    FloorExecutor(int capacity) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "agent-floor");
            t.setDaemon(true);
            return t;
        }, (task, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("agent floor stopped");
            }
            try {
                pool.getQueue().put(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while the agent floor was full", e);
            }
        });
    }

    int waiting() {
        BlockingQueue<Runnable> q = getQueue();
        return q.size();
    }
}
