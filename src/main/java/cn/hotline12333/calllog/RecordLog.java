package cn.hotline12333.calllog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** One record kind's queue, writer thread and journal: what {@link CallLog} promises, for that kind. */
final class RecordLog<T> {
    private static final Logger log = LoggerFactory.getLogger(CallLog.class);
    // a writer busy on Redis when the deadline passes finishes that command first (socket timeout 2 s)
    private static final long CLOSE_GRACE_MS = 3_000;

    private final RecordKind<T> kind;
    private final CallLogSettings settings;
    private final BlockingQueue<T> queue;
    private final Journal<T> journal;
    private final CallWriter<T> writer;
    private final Thread thread;
    // submit holds the read lock from its closed check to its offer, so nothing enters the queue once close
    // has set the flag and the writer is draining for the last time
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;

    RecordLog(RecordKind<T> kind, UnifiedJedis jedis, Path journalDir, CallLogSettings settings,
              ThreadFactory threads, LiveIvr live) {
        this.kind = kind;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        Path dir = kind.journalSubdir.isEmpty() ? journalDir : journalDir.resolve(kind.journalSubdir);
        try {
            this.journal = new Journal<>(dir, Clock.systemDefaultZone(), kind, kind.journalSubdir.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("call log journal directory " + dir + " is not usable", e);
        }
        if (!journal.isEmpty()) {
            log.info("event=calllog_journal_found dir={} action=replay", dir);
        }
        this.writer = new CallWriter<>(kind, queue, new CallStream(jedis, kind), journal, live,
                settings.maxRetryDelay().toNanos());
        this.thread = threads.newThread(writer);
        thread.setName(kind == RecordKind.CALLS ? "calllog-writer" : "calllog-writer-" + kind.stream);
        thread.setDaemon(true);
        thread.start();
    }

    void submit(T record) {
        Objects.requireNonNull(record, kind.stream + " record");
        closeLock.readLock().lock();
        try {
            if (closed) {
                writer.journalAfterClose(record, "closed");
            } else if (!queue.offer(record)) {
                writer.journalForFullQueue(record);
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Tells the writer to save what is queued by {@code deadline} (System.nanoTime) and stop. */
    void startClosing(long deadline) {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        writer.close(deadline);
        LockSupport.unpark(thread);
    }

    /** Waits for the writer; what it left in the queue is journaled. */
    void finishClosing() {
        try {
            thread.join(settings.closeDeadline().toMillis() + CLOSE_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            List<T> left = new ArrayList<>();
            queue.drainTo(left);
            log.error("event=calllog_close_timeout journaling={}{}", left.size(),
                    kind == RecordKind.CALLS ? "" : " stream=" + kind.stream);
            left.forEach(r -> writer.journalAfterClose(r, "close_timeout"));
        }
        try {
            journal.close();
        } catch (IOException e) {
            log.error("event=calllog_journal_close_failed error=\"{}\"", e.toString());
        }
    }
}
