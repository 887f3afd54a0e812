package cn.hotline12333.calllog;

import cn.hotline12333.store.Redis;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Where finished records go: call records, handling records and agent-state segments, each to its own Redis
 * stream (the source of truth for statistics) and its own daily JSON-lines file. {@link #submit} never blocks and
 * never loses a record: when Redis is down the record goes to the local journal of its kind and is replayed,
 * without duplicates, once Redis is back. A record is safe once it is in Redis or the journal; records still
 * queued in memory are saved by {@link #close} (call it on shutdown), not by a hard kill. One journal directory
 * per node: call records in it, the other kinds in {@code handling/}, {@code agent-states/} and
 * {@code follow-ups/} (work-order and task changes) under it.
 * The call log also keeps {@code live:ivr}, the calls in the IVR now ({@link #callStarted}). See
 * docs/call-record.md.
 */
public final class CallLog implements AutoCloseable {
    private final CallLogSettings settings;
    private final LiveIvr live;
    private final RecordLog<CallRecord> calls;
    private final RecordLog<HandlingRecord> handling;
    private final RecordLog<AgentStateSegment> agentStates;
    private final RecordLog<FollowUpRecord> followUps;

    public CallLog(Redis redis, Path journalDir) {
        this(redis, journalDir, CallLogSettings.defaults());
    }

    public CallLog(Redis redis, Path journalDir, CallLogSettings settings) {
        this(redis, journalDir, settings, Clock.systemUTC());
    }

    /** {@code clock}: the hotline's clock, whose epoch milliseconds score {@code live:ivr} and age its entries. */
    public CallLog(Redis redis, Path journalDir, CallLogSettings settings, Clock clock) {
        this(redis, journalDir, settings, clock, Thread::new);
    }

    /** Tests pass a thread factory to hold the writers back. */
    CallLog(Redis redis, Path journalDir, CallLogSettings settings, ThreadFactory threads) {
        this(redis, journalDir, settings, Clock.systemUTC(), threads);
    }

    private CallLog(Redis redis, Path journalDir, CallLogSettings settings, Clock clock, ThreadFactory threads) {
        this.settings = settings;
        this.live = new LiveIvr(redis.jedis(), clock, settings.liveMaxAge());
        this.calls = new RecordLog<>(RecordKind.CALLS, redis.jedis(), journalDir, settings, threads, live);
        this.handling = new RecordLog<>(RecordKind.HANDLING, redis.jedis(), journalDir, settings, threads, null);
        this.agentStates = new RecordLog<>(RecordKind.AGENT_STATES, redis.jedis(), journalDir, settings, threads,
                null);
        this.followUps = new RecordLog<>(RecordKind.FOLLOW_UPS, redis.jedis(), journalDir, settings, threads, null);
    }

    /**
     * A call entered the IVR: it shows in {@code live:ivr} until its record is submitted. Returns at once, from
     * any thread; the writer thread sends it with others.
     */
    public void callStarted(String callId, Instant at) {
        live.started(Objects.requireNonNull(callId, "call id"), at.toEpochMilli());
    }

    /** Hands a finished call record over (and takes the call out of {@code live:ivr}); returns at once. */
    public void submit(CallRecord record) {
        Objects.requireNonNull(record, "call record");
        // noted before the record is queued, on the same thread as callStarted: the end never overtakes the start
        live.ended(record.callId());
        calls.submit(record);
    }

    /** Hands a handling record (one revision) over; returns at once, from any thread. */
    public void submit(HandlingRecord record) {
        handling.submit(record);
    }

    /** Hands a closed agent-state segment over; returns at once, from any thread. */
    public void submit(AgentStateSegment segment) {
        agentStates.submit(segment);
    }

    /** Hands a work-order or task change over; returns at once, from any thread. */
    public void submit(FollowUpRecord change) {
        followUps.submit(change);
    }

    /** Saves what is queued (to Redis, or the journals once the close deadline passed), then stops the writers. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.closeDeadline().toMillis());
        List<RecordLog<?>> all = List.of(calls, handling, agentStates, followUps);
        all.forEach(l -> l.startClosing(deadline));
        all.forEach(RecordLog::finishClosing);
    }
}
