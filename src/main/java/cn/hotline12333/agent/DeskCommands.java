package cn.hotline12333.agent;

import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Desktop requests that arrive at a node which does not hold the AMI lease travel to the node that does: each is an
 * entry of the stream {@value #STREAM} (read by the group {@value #GROUP}, one consumer per node, only while the
 * node holds the lease), and its answer comes back in the list {@code agent:desk:reply:<node>:<instance>}. A request
 * carries a deadline ({@link #TIMEOUT_MS} after it was sent); the floor skips one that arrives later, so a requester
 * that heard nothing by then can truthfully say "not applied". A new lease holder first claims what the old one
 * had read but not acknowledged (it was killed), then reads on; commands are idempotent on the floor (asking twice
 * for ready changes nothing; a wrap-up carries its idempotency key and the view its handled flag).
 */
final class DeskCommands implements AutoCloseable {
    static final String STREAM = "agent:desk:commands";
    static final String GROUP = "floor";
    static final String REPLIES = "agent:desk:reply:";
    static final long TIMEOUT_MS = 6_000;
    private static final long MAX_LEN = 10_000;
    /** how often the lease holder looks for commands when there were none: the most a command waits to be read */
    static final long POLL_MS = 10;
    private static final Logger log = LoggerFactory.getLogger(DeskCommands.class);
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Redis redis;
    private final String node;
    private final String replyTo;
    private final BooleanSupplier holder;
    private final Function<Map<String, String>, CompletableFuture<DeskResult>> floor;
    private final Map<String, CompletableFuture<DeskResult>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timeouts;
    private final ExecutorService answers;
    private final Thread reader;
    private final Thread replyListener;
    private volatile boolean closed;
    /** raised by {@link #takeOver()}; the reader claims the pending entries once per raise */
    private volatile int takeovers;

    /**
     * @param holder true while this node holds the AMI lease and its floor has loaded the views
     * @param floor  applies one command on the floor and answers
     */
    DeskCommands(Redis redis, String node, BooleanSupplier holder,
                 Function<Map<String, String>, CompletableFuture<DeskResult>> floor) {
        this.redis = redis;
        this.node = node;
        // a node restarted under the same name must not have its answers popped by the old one's last BLPOP
        this.replyTo = node + ":" + UUID.randomUUID();
        this.holder = holder;
        this.floor = floor;
        this.timeouts = Executors.newSingleThreadScheduledExecutor(daemon("agent-desk-timeouts"));
        this.answers = Executors.newSingleThreadExecutor(daemon("agent-desk-answers"));
        this.replyListener = daemon("agent-desk-replies").newThread(this::listen);
        this.reader = daemon("agent-desk-commands").newThread(this::read);
        replyListener.start();
        reader.start();
    }

    /**
     * Sends a command to the floor of the lease holder; completes with its answer, or with null when none came
     * within {@link #TIMEOUT_MS} (not applied) or Redis took no command. Heartbeats ({@code reply=false}) complete
     * at once.
     */
    CompletableFuture<DeskResult> send(Map<String, String> command, boolean reply) {
        String id = UUID.randomUUID().toString();
        Map<String, String> entry = new HashMap<>(command);
        entry.put("id", id);
        entry.put("deadline", Long.toString(System.currentTimeMillis() + TIMEOUT_MS));
        entry.put("node", reply ? replyTo : "");
        CompletableFuture<DeskResult> answer = new CompletableFuture<>();
        if (reply) {
            waiting.put(id, answer);
            timeouts.schedule(() -> {
                if (waiting.remove(id) != null) {
                    log.warn("event=desk_command_unanswered kind={} agent={} ms={}", command.get("kind"),
                            command.get("agent"), TIMEOUT_MS);
                    answer.complete(null);
                }
            }, TIMEOUT_MS + 200, TimeUnit.MILLISECONDS);
        }
        try {
            redis.jedis().xadd(STREAM, XAddParams.xAddParams().maxLen(MAX_LEN).approximateTrimming(), entry);
        } catch (RuntimeException e) {
            log.warn("event=desk_command_unsent kind={} agent={} error=\"{}\"", command.get("kind"),
                    command.get("agent"), e.getMessage());
            waiting.remove(id);
            answer.complete(null);
        }
        if (!reply) {
            answer.complete(null);
        }
        return answer;
    }

    /** This node has just taken the lease and loaded the views: claim what the last holder left unanswered. */
    void takeOver() {
        takeovers++;
    }

    private void read() {
        int claimedFor = 0;
        boolean group = false;
        while (!closed) {
            try {
                if (!holder.getAsBoolean() || takeovers == 0) {
                    claimedFor = takeovers == 0 ? 0 : claimedFor;
                    pause(100); // polling the lease, not waiting for a result
                    continue;
                }
                if (!group) {
                    ensureGroup();
                    group = true;
                }
                if (claimedFor != takeovers) {
                    claimedFor = takeovers;
                    claim();
                }
                // polled, not BLOCKed: Redis 6.2 can answer a blocked XREADGROUP twice when its stream is deleted
                // and made again meanwhile (the second answer then goes to the connection's next borrower)
                List<Map.Entry<String, List<StreamEntry>>> got = redis.jedis().xreadGroup(GROUP, node,
                        XReadGroupParams.xReadGroupParams().count(200), Map.of(STREAM, StreamEntryID.UNRECEIVED_ENTRY));
                int n = 0;
                if (got != null) {
                    for (Map.Entry<String, List<StreamEntry>> e : got) {
                        e.getValue().forEach(this::apply);
                        n += e.getValue().size();
                    }
                }
                if (n == 0) {
                    pause(POLL_MS);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("event=desk_commands_unread error=\"{}\"", e.getMessage());
                    group = false;
                    pause(500);
                }
            }
        }
    }

    private void claim() {
        StreamEntryID start = new StreamEntryID(0, 0);
        do {
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = redis.jedis().xautoclaim(STREAM, GROUP, node, 0,
                    start, XAutoClaimParams.xAutoClaimParams().count(200));
            List<StreamEntry> entries = new ArrayList<>();
            for (StreamEntry e : claimed.getValue()) {
                if (e != null && e.getFields() != null) {
                    entries.add(e);
                }
            }
            if (!entries.isEmpty()) {
                log.info("event=desk_commands_claimed node={} count={}", node, entries.size());
            }
            entries.forEach(this::apply);
            start = claimed.getKey();
        } while (!closed && !start.equals(new StreamEntryID(0, 0)));
    }

    private void apply(StreamEntry entry) {
        Map<String, String> c = entry.getFields();
        long deadline = parse(c.get("deadline"));
        if (deadline < System.currentTimeMillis()) {
            log.info("event=desk_command_expired kind={} agent={} (the desktop was told: not applied)", c.get("kind"),
                    c.get("agent"));
            ack(entry.getID());
            return;
        }
        floor.apply(c).whenCompleteAsync((result, failure) -> {
            if (failure != null) {
                log.error("event=desk_command_failed kind={} agent={}", c.get("kind"), c.get("agent"), failure);
            }
            String to = c.get("node");
            if (to != null && !to.isEmpty() && result != null) {
                try {
                    String key = REPLIES + to;
                    redis.jedis().rpush(key, JSON.writeValueAsString(Map.of("id", c.get("id"), "result", result)));
                    redis.jedis().pexpire(key, TIMEOUT_MS * 10); // a requester that died leaves no list behind
                } catch (JsonProcessingException | RuntimeException e) {
                    log.warn("event=desk_command_reply_lost agent={} error=\"{}\"", c.get("agent"), e.getMessage());
                }
            }
            ack(entry.getID());
        }, answers);
    }

    private void ack(StreamEntryID id) {
        try {
            redis.jedis().xack(STREAM, GROUP, id);
        } catch (RuntimeException e) {
            log.debug("event=desk_command_unacked error=\"{}\"", e.getMessage());
        }
    }

    private void answered(String message) {
        try {
            Reply r = JSON.readValue(message, Reply.class);
            CompletableFuture<DeskResult> f = waiting.remove(r.id());
            if (f != null) {
                f.complete(r.result());
            }
        } catch (JsonProcessingException e) {
            log.warn("event=desk_command_reply_unreadable error=\"{}\"", e.getMessage());
        }
    }

    record Reply(String id, DeskResult result) {
    }

    /** Replies come as list entries (BLPOP, 1 s at a time): no subscription to hand back half-read at close. */
    private void listen() {
        boolean failing = false;
        while (!closed) {
            try {
                List<String> got = redis.jedis().blpop(1, REPLIES + replyTo);
                if (got != null && got.size() == 2) {
                    answered(got.get(1));
                }
                failing = false;
            } catch (RuntimeException e) {
                if (!closed && !failing) {
                    log.warn("event=desk_replies_unread error=\"{}\"", e.getMessage());
                }
                failing = true;
                pause(500);
            }
        }
    }

    private void ensureGroup() {
        try {
            redis.jedis().xgroupCreate(STREAM, GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        // no interrupt: a thread interrupted inside a Jedis call can hand its connection back to the pool with a
        // reply still unread (seen as ClassCastExceptions in whoever borrows it next); the reader and the reply
        // listener stop within their 10 ms pause and 1 s block
        timeouts.shutdownNow();
        answers.shutdown();
        waiting.values().forEach(f -> f.complete(null));
    }
}
