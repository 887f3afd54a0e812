package cn.hotline12333.calllog;

import cn.hotline12333.store.Redis;
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

/**
 * Where finished call records go: a Redis stream (the source of truth for statistics) and the daily JSON-lines
 * CDR file. {@link #submit} never blocks and never loses a record: when Redis is down the record goes to the
 * local journal and is replayed, without duplicates, once Redis is back. A record is safe once it is in Redis
 * or the journal; records still queued in memory are saved by {@link #close} (call it on shutdown), not by a
 * hard kill. One journal directory per node. See docs/call-record.md.
 */
public final class CallLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallLog.class);
    // a writer busy on Redis when the deadline passes finishes that command first (socket timeout 2 s)
    private static final long CLOSE_GRACE_MS = 3_000;

    private final CallLogSettings settings;
    private final BlockingQueue<CallRecord> queue;
    private final Journal journal;
    private final CallWriter writer;
    private final Thread thread;
    // submit holds the read lock from its closed check to its offer, so nothing enters the queue once close
    // has set the flag and the writer is draining for the last time
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;

    public CallLog(Redis redis, Path journalDir) {
        this(redis, journalDir, CallLogSettings.defaults());
    }

    public CallLog(Redis redis, Path journalDir, CallLogSettings settings) {
        this(redis, journalDir, settings, Thread::new);
    }

    /** Tests pass a thread factory to hold the writer back. */
    CallLog(Redis redis, Path journalDir, CallLogSettings settings, ThreadFactory threads) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        try {
            this.journal = new Journal(journalDir, Clock.systemDefaultZone());
        } catch (IOException e) {
            throw new UncheckedIOException("call log journal directory " + journalDir + " is not usable", e);
        }
        if (!journal.isEmpty()) {
            log.info("event=calllog_journal_found dir={} action=replay", journalDir);
        }
        this.writer = new CallWriter(queue, new CallStream(redis.jedis()), journal,
                settings.maxRetryDelay().toNanos());
        this.thread = threads.newThread(writer);
        thread.setName("calllog-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a finished record over; returns at once, from any thread. */
    public void submit(CallRecord record) {
        Objects.requireNonNull(record, "call record");
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

    /** Saves what is queued (to Redis, or the journal once the close deadline passed), then stops the writer. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        long deadline = settings.closeDeadline().toMillis();
        writer.close(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline));
        LockSupport.unpark(thread);
        try {
            thread.join(deadline + CLOSE_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            List<CallRecord> left = new ArrayList<>();
            queue.drainTo(left);
            log.error("event=calllog_close_timeout journaling={}", left.size());
            left.forEach(r -> writer.journalAfterClose(r, "close_timeout"));
        }
        try {
            journal.close();
        } catch (IOException e) {
            log.error("event=calllog_journal_close_failed error=\"{}\"", e.toString());
        }
    }
}
