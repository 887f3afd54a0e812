package cn.hotline12333.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated box's {@code queue_log}, line for line as Asterisk 22's app_queue writes it
 * ({@code epoch|callid|queue|agent|EVENT|data…}; a real one: src/test/resources/transcripts/queue_log-22.txt),
 * so that statistics can be reconciled against it as against a real one. Appends, starting with QUEUESTART as app_queue does on load.
 * Lines are formatted on the caller's thread and written by one thread of the writer's own, since the
 * emulator's loops never touch the disk; a refused join has no line, as in app_queue.
 */
public final class QueueLogWriter implements QueueEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueLogWriter.class);
    private static final int BACKLOG = 100_000;

    private final BufferedWriter out;
    private final ThreadPoolExecutor writer;
    private final AtomicBoolean overflowLogged = new AtomicBoolean();
    private final long shiftMs;

    private QueueLogWriter(BufferedWriter out, long shiftMs) {
        this.out = out;
        this.shiftMs = shiftMs;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BACKLOG), r -> {
            Thread t = new Thread(r, "queue-log-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or goes on with) the file and writes QUEUESTART at {@code epochMs}. */
    public static QueueLogWriter open(Path file, long epochMs) {
        return open(file, epochMs, 0);
    }

    /**
     * As {@link #open(Path, long)}, with every time moved by {@code shiftMs}: a box shares the hotline's clock, so
     * when a demo pins the hotline's clock ({@code HOTLINE_CLOCK}) the emulated box's queue_log follows it.
     */
    public static QueueLogWriter open(Path file, long epochMs, long shiftMs) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            QueueLogWriter w = new QueueLogWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), shiftMs);
            w.line(epochMs, "NONE", "NONE", "NONE", "QUEUESTART", "");
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open queue_log " + file, e);
        }
    }

    @Override
    public void callerJoined(String queue, String uniqueId, String callerId, int position, long at) {
        // url|callerid|position; a channel without a valid number logs an empty one
        String number = callerId == null || callerId.equals("unknown") ? "" : callerId;
        line(at, uniqueId, queue, "NONE", "ENTERQUEUE", "|" + number + "|" + position);
    }

    @Override
    public void ringCanceled(String queue, String uniqueId, String memberName, long ringMs, long at) {
        line(at, uniqueId, queue, memberName, "RINGCANCELED", Long.toString(ringMs));
    }

    @Override
    public void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) {
        line(at, uniqueId, queue, memberName, "RINGNOANSWER", Long.toString(ringMs));
    }

    @Override
    public void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                               long holdSeconds, long ringSeconds, long at) {
        line(at, uniqueId, queue, memberName, "CONNECT", holdSeconds + "|" + memberUniqueId + "|" + ringSeconds);
    }

    @Override
    public void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds, long talkSeconds,
                              int originalPosition, boolean byAgent, long at) {
        line(at, uniqueId, queue, memberName, byAgent ? "COMPLETEAGENT" : "COMPLETECALLER",
                holdSeconds + "|" + talkSeconds + "|" + originalPosition);
    }

    @Override
    public void callerAbandoned(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        line(at, uniqueId, queue, "NONE", "ABANDON", position + "|" + originalPosition + "|" + waitSeconds);
    }

    @Override
    public void callerTimedOut(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                               long at) {
        line(at, uniqueId, queue, "NONE", "EXITWITHTIMEOUT", position + "|" + originalPosition + "|" + waitSeconds);
    }

    @Override
    public void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        line(at, uniqueId, queue, "NONE", "EXITEMPTY", position + "|" + originalPosition + "|" + waitSeconds);
    }

    private void line(long epochMs, String callId, String queue, String agent, String event, String data) {
        String text = ((epochMs + shiftMs) / 1000) + "|" + callId + "|" + queue + "|" + agent + "|" + event + "|" + data + "\n";
        try {
            writer.execute(() -> write(text));
        } catch (RejectedExecutionException e) {
            if (overflowLogged.compareAndSet(false, true)) {
                log.warn("event=queue_log_overflow backlog={} dropped_event={}", BACKLOG, event);
            }
        }
    }

    private void write(String text) {
        try {
            out.write(text);
            if (writer.getQueue().isEmpty()) {
                out.flush();
            }
        } catch (IOException e) {
            log.warn("event=queue_log_write_failed", e);
        }
    }

    /** Writes what is queued and closes the file. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("event=queue_log_close_timeout");
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("event=queue_log_close_failed", e);
        }
    }
}
