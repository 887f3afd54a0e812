package cn.hotline12333.calllog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The writer thread: takes records off the queue in batches and saves each one to the stream while Redis
 * answers, else to the journal; replays the journal, one segment between batches, once Redis answers again.
 * A record's CDR line is written when it is first saved (added to the stream, or journaled), never on replay.
 */
final class CallWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CallWriter.class);
    private static final Logger cdr = LoggerFactory.getLogger("cdr");
    private static final int BATCH = 256;
    private static final long FIRST_RETRY = TimeUnit.MILLISECONDS.toNanos(100);
    // an idle writer looks at the closing flag this often
    private static final long IDLE_POLL = TimeUnit.MILLISECONDS.toNanos(100);

    /** A record taken off the queue and not yet in Redis or the journal. */
    private record Unsaved(CallRecord record, String json) {
    }

    private final BlockingQueue<CallRecord> queue;
    private final CallStream stream;
    private final Journal journal;
    private final long maxRetry;
    private final AtomicInteger journaledBySubmit = new AtomicInteger();

    private volatile boolean closing;
    private volatile long closeBy;

    // Touched only by the writer thread (run and what it calls), so neither locked nor volatile.
    private final Deque<Unsaved> pending = new ArrayDeque<>();
    private final Deque<Path> replaying = new ArrayDeque<>();
    private int replayedOfHead;
    private boolean redisDown;
    private boolean outageLogged;
    private long retryDelay = FIRST_RETRY;
    private long nextAttempt = System.nanoTime();
    private int journaled;
    private int replayed;
    private int alreadyPresent;
    private boolean interrupted;

    CallWriter(BlockingQueue<CallRecord> queue, CallStream stream, Journal journal, long maxRetryNanos) {
        this.queue = queue;
        this.stream = stream;
        this.journal = journal;
        this.maxRetry = maxRetryNanos;
    }

    @Override
    public void run() {
        try {
            while (true) {
                if (pending.isEmpty()) {
                    if (!closing && !journal.isEmpty() && System.nanoTime() - nextAttempt >= 0) {
                        replayStep();
                    }
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    takeBatch();
                }
                save();
                if (!pending.isEmpty()) {
                    // neither Redis nor the journal took them
                    if (pastCloseDeadline()) {
                        pending.forEach(u -> log.error("event=call_record_lost call={} reason=redis_and_journal_failed",
                                u.record().callId()));
                        pending.clear();
                    } else {
                        LockSupport.parkNanos(this, Math.max(0, nextAttempt - System.nanoTime()));
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("event=calllog_writer_died queued={}", queue.size(), e);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** From close(): save what is queued, trying Redis until deadline (System.nanoTime), then journal the rest. */
    void close(long deadline) {
        closeBy = deadline;
        closing = true;
    }

    /** From submit() on any thread: the queue is full, so the submitting thread journals the record itself. */
    void journalForFullQueue(CallRecord record) {
        if (journalOne(record) && journaledBySubmit.getAndIncrement() == 0) {
            log.warn("event=calllog_queue_full call={} queued={}", record.callId(), queue.size());
        }
    }

    /** From any thread once the writer is stopping or stopped: {@code reason} is closed or close_timeout. */
    void journalAfterClose(CallRecord record, String reason) {
        if (journalOne(record)) {
            log.warn("event=calllog_journaled call={} reason={}", record.callId(), reason);
        }
    }

    private boolean journalOne(CallRecord record) {
        String json = CallRecords.toJson(record);
        try {
            journal.append(List.of(json));
        } catch (IOException e) {
            log.error("event=call_record_lost call={} reason=journal_failed error=\"{}\"", record.callId(), e.toString());
            return false;
        }
        cdr.info(json);
        return true;
    }

    private void takeBatch() {
        long wait = closing ? 0 : journal.isEmpty() ? IDLE_POLL : Math.min(IDLE_POLL, nextAttempt - System.nanoTime());
        CallRecord first;
        try {
            first = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // taken as "close now"; the flag is restored on exit, as it would break the journal's FileChannel
            interrupted = true;
            close(System.nanoTime());
            return;
        }
        if (first == null) {
            int bySubmit = journaledBySubmit.getAndSet(0);
            if (bySubmit > 0) {
                log.info("event=calllog_queue_drained journaled_by_submit={}", bySubmit);
            }
            return;
        }
        List<CallRecord> batch = new ArrayList<>(BATCH);
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (CallRecord record : batch) {
            try {
                pending.add(new Unsaved(record, CallRecords.toJson(record)));
            } catch (RuntimeException e) {
                log.error("event=call_record_lost call={} reason=unwritable", record.callId(), e);
            }
        }
    }

    private void save() {
        while (!pending.isEmpty()) {
            if (redisDown || pastCloseDeadline()) {
                journalPending();
                return;
            }
            Unsaved next = pending.peekFirst();
            String seen;
            try {
                seen = stream.add(next.record(), next.json());
            } catch (RuntimeException e) {
                wentDown(next.record(), e);
                continue;
            }
            pending.removeFirst();
            if (seen == null) {
                cdr.info(next.json());
                log.info("event=call_recorded call={} outcome={}", next.record().callId(), outcome(next.record()));
            } else if (collided(next.record(), next.json(), seen)) {
                cdr.info(next.json()); // kept in the CDR file at least; a replay's line was written the first time
            }
        }
    }

    private void journalPending() {
        List<String> lines = pending.stream().map(Unsaved::json).toList();
        try {
            journal.append(lines);
        } catch (IOException e) {
            log.error("event=calllog_journal_failed call={} records={} error=\"{}\"",
                    pending.peekFirst().record().callId(), lines.size(), e.toString());
            redisDown = false; // next attempt tries Redis first: either may be back
            scheduleRetry();
            return;
        }
        lines.forEach(cdr::info);
        journaled += lines.size();
        pending.clear();
    }

    private void wentDown(CallRecord record, RuntimeException e) {
        redisDown = true;
        if (!outageLogged) {
            outageLogged = true;
            String reason = e instanceof JedisConnectionException ? "redis_down" : "redis_error";
            log.warn("event=calllog_journaled call={} reason={} error=\"{}\"", record.callId(), reason, e.getMessage());
        }
        scheduleRetry();
    }

    private void replayStep() {
        try {
            if (redisDown) {
                stream.ping();
                redisDown = false;
            }
            if (replaying.isEmpty()) {
                replaying.addAll(journal.seal());
                replayedOfHead = 0;
            }
            Path segment = replaying.peekFirst();
            List<Journal.Entry> entries = journal.read(segment);
            for (int i = replayedOfHead; i < entries.size(); i++) {
                Journal.Entry entry = entries.get(i);
                String seen = stream.add(entry.record(), entry.json());
                if (seen == null) {
                    replayed++;
                    log.debug("event=call_recorded call={} outcome={} from=journal", entry.record().callId(),
                            outcome(entry.record()));
                } else {
                    alreadyPresent++;
                    collided(entry.record(), entry.json(), seen); // its CDR line was written when journaled
                }
                replayedOfHead = i + 1;
            }
            journal.delete(segment);
            replaying.removeFirst();
            replayedOfHead = 0;
            retryDelay = FIRST_RETRY;
            nextAttempt = System.nanoTime();
            if (journal.isEmpty()) {
                log.info("event=calllog_replayed records={} already_present={} journaled={}", replayed,
                        alreadyPresent, journaled);
                replayed = alreadyPresent = journaled = 0;
                outageLogged = false;
            }
        } catch (IOException e) {
            log.error("event=calllog_journal_io_failed file={} error=\"{}\"", replaying.peekFirst(), e.toString());
            if (!replaying.isEmpty()) {
                replaying.addLast(replaying.removeFirst()); // let the other segments through meanwhile
            }
            replayedOfHead = 0;
            scheduleRetry();
        } catch (RuntimeException e) {
            redisDown = true;
            log.debug("event=calllog_replay_failed error=\"{}\"", e.getMessage());
            scheduleRetry();
        }
    }

    /**
     * A replay of a stored record is expected (a lost reply, a journal replayed); another call under a call id
     * already taken (two Asterisk boxes with the same system name, an emulator reusing ids) is not, and it must
     * not vanish unnoticed: it is logged at WARN with where each record came from, and its CDR line is kept.
     */
    private boolean collided(CallRecord record, String json, String seen) {
        if (CallStream.sameRecord(seen, json)) {
            log.info("event=call_record_duplicate call={}", record.callId());
            return false;
        }
        String[] stored = seen.split(" ", 3);
        log.warn("event=call_id_collision call={} stored_node={} stored_started_at={} refused_node={}"
                        + " refused_started_at={}", record.callId(), stored.length > 1 ? stored[1] : "-",
                stored.length > 2 ? stored[2] : "-", record.serverNode(), record.startedAt());
        return true;
    }

    private void scheduleRetry() {
        nextAttempt = System.nanoTime() + retryDelay;
        retryDelay = Math.min(retryDelay * 2, maxRetry);
    }

    private boolean pastCloseDeadline() {
        return closing && System.nanoTime() - closeBy >= 0;
    }

    private static String outcome(CallRecord record) {
        return record.outcome() == null ? "none" : record.outcome().wireName();
    }
}
