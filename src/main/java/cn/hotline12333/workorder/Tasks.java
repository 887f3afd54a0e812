package cn.hotline12333.workorder;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Callback and message tasks: made once per call record that ended {@code callback_requested} or
 * {@code message_left} ({@link TaskIntake} reads the {@code calls} stream), claimed by one agent at a time with a
 * lease in Redis ({@code TASK_LEASE}, 15 minutes by default), released by its holder or by the lease running out,
 * and closed by a result (reached, wrong number, resolved) or returned to the pool with its attempt count (no
 * answer; closed after {@code TASK_MAX_ATTEMPTS}). The atomic steps are {@link TaskScripts}. Every change is a
 * {@link FollowUpRecord}. Blocking: call from workers.
 *
 * <p>Keys ({@code {task}} hash tag): {@code {task}:doc:<id>} (JSON), {@code {task}:state:<id>} (hash: status,
 * attempts, holder, until, result, seq), {@code {task}:lease:<id>} (the holder, with PX), sorted sets
 * {@code {task}:pool} (open tasks by creation ms) and {@code {task}:claimed} (claimed tasks by lease end ms).
 * {@code live:pending} (the wallboard's count per kind) goes up when a task is made and down when one closes.
 */
public final class Tasks {
    private static final Logger log = LoggerFactory.getLogger(Tasks.class);
    static final String PREFIX = "{task}:";
    static final String POOL = PREFIX + "pool";
    static final String CLAIMED = PREFIX + "claimed";
    static final String PENDING = "live:pending";
    private static final Pattern ID = Pattern.compile("(cb|msg)-[0-9A-Za-z._~-]{1,128}");
    /** Results that close the task; the others return it to the pool. */
    public static final Set<String> RESULTS = Set.of("reached", "no_answer", "wrong_number", "resolved");
    private static final Set<String> CLOSING = Set.of("reached", "wrong_number", "resolved");

    /** @param lease how long a claim lasts; @param maxAttempts results after which a task closes anyway */
    public record Settings(Duration lease, int maxAttempts) {
        public Settings {
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("TASK_LEASE must be at least 1s, was " + lease);
            }
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("TASK_MAX_ATTEMPTS must be 1 to 20, was " + maxAttempts);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(15), 3);
        }
    }

    /** A task with how it stands. */
    public record View(Task task, Task.State state) {
    }

    private final UnifiedJedis jedis;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<FollowUpRecord> records;

    public Tasks(Redis redis, Settings settings, Clock clock, Consumer<FollowUpRecord> records) {
        this.jedis = redis.jedis();
        this.settings = settings;
        this.clock = clock;
        this.records = records;
    }

    /** The task a call record asks for, made once; false when the record asks for none or it exists already. */
    public boolean offer(CallRecord call) {
        String kind = call.outcome() == Outcome.CALLBACK_REQUESTED ? "callback"
                : call.outcome() == Outcome.MESSAGE_LEFT ? "message" : null;
        if (kind == null) {
            return false;
        }
        String number = call.inputs().stream().filter(i -> "phone".equals(i.kind()) && i.valid())
                .map(CallRecord.Input::value).reduce((a, b) -> b).orElse(call.callerNumber());
        String id = (kind.equals("callback") ? "cb-" : "msg-") + call.callId().replace('/', '~');
        OffsetDateTime at = call.endedAt() != null ? call.endedAt() : OffsetDateTime.now(clock);
        Task task = new Task(id, kind, call.callId(), call.callerHash(), number, call.queue(), call.topics(), at);
        Object made = jedis.eval(TaskScripts.CREATE, List.of(doc(id), state(id), POOL),
                List.of(OrderStore.write(task), Long.toString(at.toInstant().toEpochMilli()), id));
        if (!Long.valueOf(1).equals(made)) {
            return false;
        }
        pending(kind, 1);
        record(task, 1, "created", "ivr", true, 0, null, null);
        log.info("event=task_created task={} kind={} call={}", id, kind, call.callId());
        return true;
    }

    /** Open tasks, oldest first (a {@code kind} of null: both kinds; {@code mine}: those the actor holds). */
    public List<View> list(Actor actor, String kind, boolean mine, int limit) {
        List<View> found = new ArrayList<>();
        int page = 200;
        for (int offset = 0; found.size() < limit; offset += page) {
            List<String> ids = jedis.zrange(POOL, ZRangeParams.zrangeParams(offset, offset + page - 1));
            for (String id : ids) {
                View v = view(id);
                if (v != null && (kind == null || v.task().kind().equals(kind))
                        && (!mine || actor.name().equals(v.state().holder())) && found.size() < limit) {
                    found.add(v);
                }
            }
            if (ids.size() < page) {
                break;
            }
        }
        return found;
    }

    public View get(String id) throws Problem {
        View v = view(checkId(id));
        if (v == null) {
            throw Problem.notFound("task " + id);
        }
        return v;
    }

    private View view(String id) {
        String json = jedis.get(doc(id));
        Map<String, String> s = jedis.hgetAll(state(id));
        if (json == null || s.isEmpty()) {
            return null;
        }
        long until = Long.parseLong(s.getOrDefault("until", "0"));
        String holder = s.getOrDefault("holder", "");
        // a lease past its end is as good as released, whether or not the sweep has written it yet
        boolean held = !holder.isEmpty() && until > clock.millis();
        return new View(OrderStore.read(json, Task.class), new Task.State("open".equals(s.get("status")),
                Integer.parseInt(s.getOrDefault("attempts", "0")), held ? holder : null, held ? until : 0,
                s.get("result"), Integer.parseInt(s.getOrDefault("seq", "1"))));
    }

    /**
     * Where a message task's recording is: {@code {mailbox, recording}} (the Asterisk file name without format, in
     * HOTLINE_RECORDINGS) as the IVR noted it when the message was saved; empty when none (a callback).
     */
    public Map<String, String> recording(Task task) {
        return "message".equals(task.kind()) ? jedis.hgetAll("message:" + task.callId()) : Map.of();
    }

    /** Claims the task for the actor (renewing nothing: a claim already theirs is answered as it stands). */
    public View claim(Actor actor, String id) throws Problem {
        checkId(id);
        long now = clock.millis();
        List<String> r = strings(jedis.eval(TaskScripts.CLAIM, List.of(state(id), lease(id), CLAIMED),
                List.of(actor.name(), Long.toString(settings.lease().toMillis()), Long.toString(now), id)));
        switch (r.get(0)) {
            case "ok" -> {
                View v = get(id);
                int seq = Integer.parseInt(r.get(1));
                if (!r.get(2).isEmpty()) {
                    record(v.task(), seq - 1, "lease_expired", r.get(2), true, v.state().attempts(), null, null);
                }
                record(v.task(), seq, "claimed", actor.name(), true, v.state().attempts(), null, actor.name());
                log.info("event=task_claimed task={} by={}", id, actor.name());
                return v;
            }
            case "yours" -> {
                return get(id);
            }
            case "taken" -> throw Problem.conflict("task " + id + " is claimed by another agent");
            case "closed" -> throw Problem.conflict("task " + id + " is closed");
            default -> throw Problem.notFound("task " + id);
        }
    }

    public View release(Actor actor, String id) throws Problem {
        View v = get(id);
        List<String> r = strings(jedis.eval(TaskScripts.RELEASE, List.of(state(id), lease(id), CLAIMED),
                List.of(actor.name(), id)));
        if (!r.get(0).equals("ok")) {
            throw notHolder(v, actor, id);
        }
        record(v.task(), Integer.parseInt(r.get(1)), "released", actor.name(), true, v.state().attempts(), null, null);
        return get(id);
    }

    /** Records the callback's result: closes the task or puts it back in the pool with one more attempt. */
    public View result(Actor actor, String id, String result) throws Problem {
        if (result == null || !RESULTS.contains(result)) {
            throw Problem.badInput("result", "must be one of reached, no_answer, wrong_number, resolved");
        }
        View v = get(id);
        List<String> r = strings(jedis.eval(TaskScripts.RESULT, List.of(state(id), lease(id), CLAIMED, POOL),
                List.of(actor.name(), result, CLOSING.contains(result) ? "1" : "0",
                        Integer.toString(settings.maxAttempts()), id)));
        if (!r.get(0).equals("ok")) {
            throw notHolder(v, actor, id);
        }
        boolean open = r.get(2).equals("open");
        if (!open) {
            pending(v.task().kind(), -1);
        }
        record(v.task(), Integer.parseInt(r.get(1)), open ? "attempted" : "closed", actor.name(), open,
                Integer.parseInt(r.get(3)), result, null);
        log.info("event=task_result task={} by={} result={} status={}", id, actor.name(), result, r.get(2));
        return get(id);
    }

    /** The number to call, in full, for the task's holder only; every reveal is logged. */
    public String revealNumber(Actor actor, String id) throws Problem {
        View v = get(id);
        if (!actor.name().equals(v.state().holder())) {
            throw Problem.forbidden("only the agent who claimed task " + id + " sees the full number");
        }
        log.info("event=reveal user={} task={} field=number", actor.name(), id);
        return v.task().number();
    }

    /** Writes {@code lease_expired} for every claim that ran out unused; any node may run it, each expiry counts once. */
    public int sweepExpired() {
        int n = 0;
        for (String id : jedis.zrangeByScore(CLAIMED, 0, clock.millis())) {
            List<String> r = strings(jedis.eval(TaskScripts.EXPIRE, List.of(state(id), lease(id), CLAIMED), List.of(id)));
            if (r.get(0).equals("ok")) {
                View v = view(id);
                if (v != null) {
                    record(v.task(), Integer.parseInt(r.get(1)), "lease_expired", r.get(2), true, v.state().attempts(),
                            null, null);
                }
                log.info("event=task_lease_expired task={} holder={}", id, r.get(2));
                n++;
            }
        }
        return n;
    }

    private Problem notHolder(View v, Actor actor, String id) {
        String holder = v.state().holder();
        if (holder != null && !holder.equals(actor.name())) {
            return Problem.forbidden("task " + id + " is claimed by another agent");
        }
        return v.state().open() ? Problem.conflict("task " + id + " is not claimed by you (the claim may have run out)")
                : Problem.conflict("task " + id + " is closed");
    }

    private static String checkId(String id) throws Problem {
        if (id == null || !ID.matcher(id).matches()) {
            throw Problem.badInput("id", "must be a task id such as cb-pbx-bj-1~1732259050.17");
        }
        return id;
    }

    private void pending(String kind, long by) {
        jedis.hincrBy(PENDING, kind, by);
        jedis.publish("live", PENDING);
    }

    private void record(Task t, int seq, String action, String actor, boolean open, int attempts, String result,
                        String holder) {
        records.accept(new FollowUpRecord(FollowUpRecord.VERSION, t.kind(), t.id(), seq, action, actor,
                OffsetDateTime.now(clock.withZone(WorkOrders.CHINA)), open ? "open" : "closed", null, holder,
                t.callId(), t.callerHash(), null, null, null, 0, attempts, result));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object reply) {
        return ((List<Object>) reply).stream().map(String::valueOf).toList();
    }

    static String doc(String id) {
        return PREFIX + "doc:" + id;
    }

    static String state(String id) {
        return PREFIX + "state:" + id;
    }

    static String lease(String id) {
        return PREFIX + "lease:" + id;
    }
}
