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
 * The writer thread of one record kind: takes records off the queue in batches and saves each one to the stream
 * while Redis answers, else to the journal; replays the journal, one segment between batches, once Redis answers
 * again. A record's line in its daily file (the CDR for calls) is written when it is first saved (added to the
 * stream, or journaled), never on replay. The call records' writer also keeps {@code live:ivr} up to date
 * between batches ({@link LiveIvr}).
 */
final class CallWriter<T> implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CallWriter.class);
    private static final int BATCH = 256;
    private static final long FIRST_RETRY = TimeUnit.MILLISECONDS.toNanos(100);
    // an idle writer looks at the closing flag this often
    private static final long IDLE_POLL = TimeUnit.MILLISECONDS.toNanos(100);

    /** A record taken off the queue and not yet in Redis or the journal. */
    private record Unsaved<T>(T record, String id, String json) {
    }

    private final RecordKind<T> kind;
    private final Logger file;
    private final BlockingQueue<T> queue;
    private final CallStream stream;
    private final Journal<T> journal;
    private final LiveIvr live;
    private final long maxRetry;
    private final AtomicInteger journaledBySubmit = new AtomicInteger();

    private volatile boolean closing;
    private volatile long closeBy;

    // Touched only by the writer thread (run and what it calls), so neither locked nor volatile.
    private final Deque<Unsaved<T>> pending = new ArrayDeque<>();
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

    /** {@code live}: the call records' {@code live:ivr} keeper, null for the other kinds. */
    CallWriter(RecordKind<T> kind, BlockingQueue<T> queue, CallStream stream, Journal<T> journal, LiveIvr live,
               long maxRetryNanos) {
        this.kind = kind;
        this.file = kind.file;
        this.live = live;
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
                        keepLive(); // the last ends noted before close
                        return;
                    }
                    takeBatch();
                }
                save();
                keepLive();
                if (!pending.isEmpty()) {
                    // neither Redis nor the journal took them
                    if (pastCloseDeadline()) {
                        pending.forEach(u -> log.error("event={} {}={} reason=redis_and_journal_failed", kind.lost,
                                kind.idKey, u.id()));
                        pending.clear();
                    } else {
                        LockSupport.parkNanos(this, Math.max(0, nextAttempt - System.nanoTime()));
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("event=calllog_writer_died stream={} queued={}", kind.stream, queue.size(), e);
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
    void journalForFullQueue(T record) {
        if (journalOne(record) && journaledBySubmit.getAndIncrement() == 0) {
            log.warn("event=calllog_queue_full {}={} queued={}", kind.idKey, kind.id(record), queue.size());
        }
    }

    /** From any thread once the writer is stopping or stopped: {@code reason} is closed or close_timeout. */
    void journalAfterClose(T record, String reason) {
        if (journalOne(record)) {
            log.warn("event=calllog_journaled {}={} reason={}", kind.idKey, kind.id(record), reason);
        }
    }

    private boolean journalOne(T record) {
        String json = kind.json(record);
        try {
            journal.append(List.of(json));
        } catch (IOException e) {
            log.error("event={} {}={} reason=journal_failed error=\"{}\"", kind.lost, kind.idKey, kind.id(record),
                    e.toString());
            return false;
        }
        file.info(json);
        return true;
    }

    private void takeBatch() {
        long wait = closing ? 0 : journal.isEmpty() ? IDLE_POLL : Math.min(IDLE_POLL, nextAttempt - System.nanoTime());
        T first;
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
        List<T> batch = new ArrayList<>(BATCH);
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (T record : batch) {
            try {
                pending.add(new Unsaved<>(record, kind.id(record), kind.json(record)));
            } catch (RuntimeException e) {
                log.error("event={} {}={} reason=unwritable", kind.lost, kind.idKey, safeId(record), e);
            }
        }
    }

    private void save() {
        while (!pending.isEmpty()) {
            if (redisDown || pastCloseDeadline()) {
                journalPending();
                return;
            }
            Unsaved<T> next = pending.peekFirst();
            String seen;
            try {
                seen = stream.add(next.id(), next.json(), kind.source(next.record()));
            } catch (RuntimeException e) {
                wentDown(next.id(), e);
                continue;
            }
            pending.removeFirst();
            if (seen == null) {
                file.info(next.json());
                log.info("event={} {}={}{}", kind.recorded, kind.idKey, next.id(), kind.detail(next.record()));
            } else if (collided(next.id(), next.record(), next.json(), seen)) {
                file.info(next.json()); // kept in the daily file at least; a replay's line was written the first time
            }
        }
    }

    private void journalPending() {
        List<String> lines = pending.stream().map(Unsaved::json).toList();
        try {
            journal.append(lines);
        } catch (IOException e) {
            log.error("event=calllog_journal_failed {}={} records={} error=\"{}\"", kind.idKey,
                    pending.peekFirst().id(), lines.size(), e.toString());
            redisDown = false; // next attempt tries Redis first: either may be back
            scheduleRetry();
            return;
        }
        lines.forEach(file::info);
        journaled += lines.size();
        pending.clear();
    }

    private void wentDown(String id, RuntimeException e) {
        redisDown = true;
        if (!outageLogged) {
            outageLogged = true;
            String reason = e instanceof JedisConnectionException ? "redis_down" : "redis_error";
            log.warn("event=calllog_journaled {}={} reason={} error=\"{}\"", kind.idKey, id, reason, e.getMessage());
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
            List<Journal.Entry<T>> entries = journal.read(segment);
            for (int i = replayedOfHead; i < entries.size(); i++) {
                Journal.Entry<T> entry = entries.get(i);
                String id = kind.id(entry.record());
                String seen = stream.add(id, entry.json(), kind.source(entry.record()));
                if (seen == null) {
                    replayed++;
                    log.debug("event={} {}={}{} from=journal", kind.recorded, kind.idKey, id,
                            kind.detail(entry.record()));
                } else {
                    alreadyPresent++;
                    collided(id, entry.record(), entry.json(), seen); // its file line was written when journaled
                }
                replayedOfHead = i + 1;
            }
            journal.delete(segment);
            replaying.removeFirst();
            replayedOfHead = 0;
            retryDelay = FIRST_RETRY;
            nextAttempt = System.nanoTime();
            if (journal.isEmpty()) {
                log.info("event=calllog_replayed records={} already_present={} journaled={}{}", replayed,
                        alreadyPresent, journaled, kind == RecordKind.CALLS ? "" : " stream=" + kind.stream);
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
     * not vanish unnoticed: it is logged at WARN with where each record came from, and its daily-file line is kept.
     */
    private boolean collided(String id, T record, String json, String seen) {
        if (CallStream.sameRecord(seen, json)) {
            log.info("event={} {}={}", kind.duplicate, kind.idKey, id);
            return false;
        }
        String[] stored = seen.split(" ", 3);
        String[] refused = kind.source(record).split(" ", 2);
        log.warn("event={}_id_collision {}={} stored_node={} stored_started_at={} refused_node={}"
                        + " refused_started_at={}", kind.idKey, kind.idKey, id, stored.length > 1 ? stored[1] : "-",
                stored.length > 2 ? stored[2] : "-", refused[0], refused.length > 1 ? refused[1] : "-");
        return true;
    }

    private void scheduleRetry() {
        nextAttempt = System.nanoTime() + retryDelay;
        retryDelay = Math.min(retryDelay * 2, maxRetry);
    }

    private boolean pastCloseDeadline() {
        return closing && System.nanoTime() - closeBy >= 0;
    }

    /**
     * Between batches, while Redis answers: the call starts and ends noted since the last time go to
     * {@code live:ivr} in one batch; after a failure they wait for the next try.
     */
    private void keepLive() {
        if (live == null) {
            return;
        }
        live.take(); // also during an outage, so that what waits stays coalesced and bounded
        if (redisDown || pastCloseDeadline() || !live.due()) {
            return;
        }
        live.flush(); // never throws: it keeps the changes and backs off by itself
    }

    private String safeId(T record) {
        try {
            return kind.id(record);
        } catch (RuntimeException e) {
            return "-";
        }
    }
}
