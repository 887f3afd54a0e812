package cn.hotline12333.workorder;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.store.Redis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Makes the tasks the IVR's calls ask for, from the {@code calls} stream: one consumer per node in the group
 * {@value #GROUP}, so each record is read by one node, and one a dead node left pending is taken over
 * (XAUTOCLAIM) after {@code claimIdle}. Making a task is idempotent per call id, so a record read twice (a node that
 * died before its XACK) makes one task; records replayed from a journal after an outage arrive late and still make
 * theirs. The same thread sweeps leases that ran out ({@link Tasks#sweepExpired}) every second. Reading the stream
 * rather than hooking the call log's write path keeps {@code calllog} unaware of tasks, and covers journal replays.
 */
public final class TaskIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskIntake.class);
    public static final String GROUP = "tasks";
    private static final int BLOCK_MS = 500;
    private static final StreamEntryID ZERO = new StreamEntryID(0, 0);

    private final UnifiedJedis jedis;
    private final Tasks tasks;
    private final String consumer;
    private final long claimIdleMs;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private TaskIntake(Redis redis, Tasks tasks, String consumer, long claimIdleMs) {
        this.jedis = redis.jedis();
        this.tasks = tasks;
        this.consumer = consumer;
        this.claimIdleMs = claimIdleMs;
        this.thread = new Thread(this::run, "task-intake");
        thread.setDaemon(true);
    }

    /** Starts this node's consumer, named {@code consumer} (HOTLINE_NODE). */
    public static TaskIntake start(Redis redis, Tasks tasks, String consumer, long claimIdleMs) {
        TaskIntake intake = new TaskIntake(redis, tasks, consumer, claimIdleMs);
        intake.thread.start();
        return intake;
    }

    private void run() {
        boolean groupReady = false;
        boolean ownPendingDone = false;
        boolean failing = false;
        long nextChores = 0;
        while (running.get()) {
            try {
                if (!groupReady) {
                    ensureGroup();
                    groupReady = true;
                }
                if (!ownPendingDone) {
                    ownPendingDone = read(ZERO) == 0;
                    continue;
                }
                if (System.nanoTime() - nextChores >= 0) {
                    claimAbandoned();
                    tasks.sweepExpired();
                    nextChores = System.nanoTime() + 1_000_000_000L;
                }
                read(StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
                if (failing) {
                    log.info("event=task_intake_recovered");
                    failing = false;
                }
            } catch (JedisException e) {
                groupReady = false;
                if (!failing) {
                    log.warn("event=task_intake_redis_failed error=\"{}\"", e.getMessage());
                    failing = true;
                }
                pause();
            } catch (RuntimeException e) {
                log.error("event=task_intake_bug", e);
                pause();
            }
        }
    }

    private void ensureGroup() {
        try {
            jedis.xgroupCreate(CallRecords.STREAM, GROUP, ZERO, true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private int read(StreamEntryID from) {
        List<Map.Entry<String, List<StreamEntry>>> got = jedis.xreadGroup(GROUP, consumer,
                XReadGroupParams.xReadGroupParams().count(200).block(BLOCK_MS), Map.of(CallRecords.STREAM, from));
        if (got == null || got.isEmpty() || got.get(0).getValue().isEmpty()) {
            return 0;
        }
        List<StreamEntry> entries = got.get(0).getValue();
        handle(entries);
        return entries.size();
    }

    private void claimAbandoned() {
        StreamEntryID start = ZERO;
        do {
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = jedis.xautoclaim(CallRecords.STREAM, GROUP, consumer,
                    claimIdleMs, start, XAutoClaimParams.xAutoClaimParams().count(200));
            List<StreamEntry> entries = claimed.getValue().stream().filter(e -> e != null && e.getFields() != null).toList();
            if (!entries.isEmpty()) {
                log.info("event=task_intake_claimed count={}", entries.size());
                handle(entries);
            }
            start = claimed.getKey();
        } while (running.get() && !start.equals(ZERO));
    }

    private void handle(List<StreamEntry> entries) {
        for (StreamEntry e : entries) {
            if (e.getFields() == null) {
                continue;
            }
            CallRecord call;
            try {
                call = CallRecords.parse(e.getFields().get(CallRecords.JSON_FIELD));
            } catch (IllegalArgumentException bad) {
                log.warn("event=task_intake_unreadable entry={} reason=\"{}\"", e.getID(), bad.getMessage());
                continue;
            }
            tasks.offer(call);
        }
        jedis.xack(CallRecords.STREAM, GROUP, entries.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(BLOCK_MS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
