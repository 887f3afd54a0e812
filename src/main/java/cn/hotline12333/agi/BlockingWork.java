package cn.hotline12333.agi;

import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrEvent;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call's blocking work (Redis, disk) off the event loop. The contract of the seam: {@code onLoop} is
 * called exactly once, on {@code loop}, with the task's event, WorkFailed if it threw; unless the executor
 * refuses, in which case nothing runs and WorkRejected is returned at once for the caller to deliver.
 */
final class BlockingWork {
    private static final Logger log = LoggerFactory.getLogger(BlockingWork.class);

    private BlockingWork() {
    }

    /** Null when the work was accepted; WorkRejected when the executor is full (or shut down). */
    static IvrEvent submit(IvrAction.Work job, Executor work, Executor loop, String callId,
                           Consumer<IvrEvent> onLoop) {
        try {
            work.execute(() -> {
                IvrEvent result = run(job, callId);
                try {
                    loop.execute(() -> onLoop.accept(result));
                } catch (RejectedExecutionException loopGone) {
                    log.warn("event=work_result_dropped call={} work={}", callId, job.name());
                }
            });
            return null;
        } catch (RejectedExecutionException full) {
            log.warn("event=work_rejected call={} work={}", callId, job.name());
            return new IvrEvent.WorkRejected(job.name());
        }
    }

    // Throwable, not Exception: a task dying of an Error without an event would leave the caller in silence
    // with no command in flight, hence no timeout to rescue the call.
    private static IvrEvent run(IvrAction.Work job, String callId) {
        try {
            IvrEvent event = job.task().call();
            if (event == null) {
                throw new IllegalStateException("work " + job.name() + " returned no event");
            }
            return event;
        } catch (Throwable failure) {
            log.error("event=work_failed call={} work={}", callId, job.name(), failure);
            return new IvrEvent.WorkFailed(job.name(), failure.getClass().getSimpleName());
        }
    }
}
