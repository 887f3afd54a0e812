package cn.hotline12333.sim;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The call-centre floor behind the emulated queues, for the simulator: agents go ready → ringing → on_call →
 * wrap_up → ready, now and then take a pause with a reason, and leave what the agent desktop will leave — the
 * live keys the wallboard reads, a handling record per answered call when its wrap-up ends, and an agent-state
 * segment per closed stretch. Queue events arrive from the emulator's loops and are handed at once to the
 * floor's one thread, which holds all its state and does the Redis work. Wrap-ups, pauses and wrap-up codes
 * are drawn from the seed, per agent and per call, so one seed gives one floor.
 *
 * <p>The emulated queue frees its agent after its own wrap-up time and knows nothing of pauses: a call that
 * rings an agent still wrapping up or paused ends that stretch there, as a desktop would.
 */
public final class CallCentreFloor implements QueueEvents, AutoCloseable {

    /**
     * @param agentsByQueue the emulator's queues and how many agents each has ({@code <queue>-agent-<n>})
     * @param scale         real ms per model ms, as the callers' {@link TimeModel}; wrap-ups and pauses are model time
     * @param systemName    the calls' system name: call ids are {@code <systemName>/<Uniqueid>}
     */
    /**
     * @param recordShiftMs added to the times the floor's records carry (not to its live keys, which the wallboard
     *                      reads against real time): the hotline's clock when HOTLINE_CLOCK moves it, so handling
     *                      records and state segments fall on the same day as the call records
     */
    public record Plan(Map<String, Integer> agentsByQueue, long seed, double scale, String systemName,
                       long recordShiftMs) {
        public Plan {
            agentsByQueue = Map.copyOf(agentsByQueue);
        }

        public Plan(Map<String, Integer> agentsByQueue, long seed, double scale, String systemName) {
            this(agentsByQueue, seed, scale, systemName, 0);
        }
    }

    static final List<String> PAUSE_REASONS = List.of("休息", "用餐", "培训", "会议");
    /** One wrap-up code of each topic of ivr-flows/wrapup.yaml, in its order. */
    static final List<String> WRAPUP_CODES = List.of("pension.payment", "unemployment.benefit",
            "work_injury.recognition", "maternity.benefit", "contributions.record", "card.apply", "employment.jobs",
            "labour.contract", "wage_arrears.complaint", "personnel.titles", "retirement.age",
            "accessibility.sign_language", "medical_referral.referred", "other.complaint");
    /** How often the agent's wrap-up names another topic than the IVR routed the call under, in percent. */
    static final int MISROUTED_PERCENT = 12;
    private static final Logger log = LoggerFactory.getLogger(CallCentreFloor.class);

    private final Plan plan;
    private final CallLog records;
    private final LongSupplier clock;
    private final LiveFloorKeys live;
    private final CallContexts contexts;
    private final Map<String, FloorAgent> agents = new LinkedHashMap<>();
    private final Map<String, Long> pending = new HashMap<>();
    // rings that ran out per caller Uniqueid (in any queue of the call, an overflow's too) until an agent's
    // handling record takes them; a caller who never reached an agent is dropped on hanging up or, at worst, as
    // the oldest once the map is full
    private final Map<String, Integer> ringNoAnswers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 10_000;
        }
    };
    private final AtomicLong handlingWritten = new AtomicLong();
    private final AtomicLong segmentsWritten = new AtomicLong();
    private final ScheduledThreadPoolExecutor floor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "call-centre-floor");
        t.setDaemon(true);
        return t;
    });

    public CallCentreFloor(UnifiedJedis redis, CallLog records, Plan plan, LongSupplier epochMs) {
        this.plan = plan;
        this.records = records;
        this.clock = epochMs;
        this.live = new LiveFloorKeys(redis);
        this.contexts = new CallContexts(redis, java.time.Clock.systemUTC());
    }

    /** Puts every agent on the floor, ready. */
    public void start() {
        floor.execute(() -> {
            long now = clock.getAsLong();
            plan.agentsByQueue().forEach((queue, count) -> {
                for (int n = 1; n <= count; n++) {
                    FloorAgent agent = new FloorAgent(queue + "-agent-" + n, queue, now);
                    agents.put(agent.name, agent);
                    show(agent);
                }
            });
            log.info("event=floor_started agents={} seed={}", agents.size(), plan.seed());
        });
    }

    /** A caller left a callback request or a message: one more open task in live:pending. */
    public void taskOpened(String kind) {
        floor.execute(() -> {
            pending.merge(kind, 1L, Long::sum);
            live.pending(kind, 1);
        });
    }

    @Override
    public void callerJoined(String queue, String uniqueId, String callerId, int position, long at) {
        floor.execute(() -> live.callerWaiting(queue, uniqueId, at));
    }

    @Override
    public void agentRung(String queue, String uniqueId, String memberName, long at) {
        onAgent(memberName, agent -> {
            if (agent.state == AgentState.WRAP_UP) {
                endWrapUp(agent, at, false);
            }
            move(agent, AgentState.RINGING, null, at);
            agent.uniqueId = uniqueId;
            agent.queue = queue;
            agent.offeredAt = at;
        });
    }

    @Override
    public void ringCanceled(String queue, String uniqueId, String memberName, long ringMs, long at) {
        onAgent(memberName, agent -> move(agent, AgentState.READY, null, at));
    }

    @Override
    public void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) {
        onAgent(memberName, agent -> {
            ringNoAnswers.merge(uniqueId, 1, Integer::sum);
            move(agent, AgentState.READY, null, at);
        });
    }

    @Override
    public void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                               long holdSeconds, long ringSeconds, long at) {
        floor.execute(() -> live.callerGone(queue, uniqueId));
        onAgent(memberName, agent -> {
            move(agent, AgentState.ON_CALL, null, at);
            agent.answeredAt = at;
        });
    }

    @Override
    public void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds, long talkSeconds,
                              int originalPosition, boolean byAgent, long at) {
        onAgent(memberName, agent -> {
            move(agent, AgentState.WRAP_UP, null, at);
            agent.endedAt = at;
            agent.talkMs = talkSeconds * 1000;
            SplittableRandom draws = draws(agent, ++agent.callsTaken);
            long wrapMs = 10_000 + draws.nextLong(50_001);
            int expected = agent.change;
            after(wrapMs, () -> {
                if (agent.change == expected) {
                    endWrapUp(agent, at + realMs(wrapMs), true);
                }
            });
        });
    }

    @Override
    public void callerAbandoned(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        floor.execute(() -> {
            live.callerGone(queue, uniqueId);
            ringNoAnswers.remove(uniqueId); // hung up: no later queue of this call
        });
    }

    @Override
    public void callerTimedOut(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                               long at) {
        floor.execute(() -> live.callerGone(queue, uniqueId));
    }

    @Override
    public void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        floor.execute(() -> live.callerGone(queue, uniqueId));
    }

    private java.time.OffsetDateTime recordTime(long epochMs) {
        return FloorAgent.time(epochMs + plan.recordShiftMs());
    }

    /** The topic the IVR routed the call under, from its screen-pop context; null when Redis cannot say. */
    private String ivrTopic(String callId) {
        try {
            return contexts.ivrTopic(callId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Mostly a code of the IVR's topic; now and then, or when the topic is unknown, another topic's. */
    static String wrapupCode(String ivrTopic, SplittableRandom draws) {
        int misrouted = draws.nextInt(100);
        String other = WRAPUP_CODES.get(draws.nextInt(WRAPUP_CODES.size()));
        if (ivrTopic == null || misrouted < MISROUTED_PERCENT) {
            return other;
        }
        for (String code : WRAPUP_CODES) {
            if (code.startsWith(ivrTopic + ".")) {
                return code;
            }
        }
        return other;
    }

    /** The wrap-up's end writes the call's handling record; then the agent is ready, or now and then paused. */
    private void endWrapUp(FloorAgent agent, long at, boolean ranItsCourse) {
        SplittableRandom draws = draws(agent, agent.callsTaken);
        long wrapMs = Math.max(0, at - agent.endedAt);
        draws.nextLong(50_001); // the wrap-up length drawn at the call's end
        Resolution resolution = resolution(draws.nextInt(100));
        String callId = plan.systemName() + "/" + agent.uniqueId;
        Integer missed = ringNoAnswers.remove(agent.uniqueId);
        String ivrTopic = ivrTopic(callId);
        records.submit(new HandlingRecord(HandlingRecord.VERSION, callId + "/" + agent.name + "/1", 1, callId,
                agent.uniqueId, agent.name, agent.queue, recordTime(agent.offeredAt),
                recordTime(agent.answeredAt), recordTime(agent.endedAt), 0, agent.talkMs, wrapMs,
                wrapupCode(ivrTopic, draws), resolution,
                resolution == Resolution.TRANSFERRED ? "12345" : null,
                resolution == Resolution.REFERRED ? List.of("sim-wo-" + agent.uniqueId) : List.of(),
                missed == null ? 0 : missed,
                recordTime(at), ivrTopic));
        handlingWritten.incrementAndGet();
        if (!ranItsCourse) {
            return; // the next call is ringing already
        }
        if (draws.nextInt(100) < 15) {
            String reason = PAUSE_REASONS.get(draws.nextInt(PAUSE_REASONS.size()));
            long pauseMs = 60_000 + draws.nextLong(540_001);
            move(agent, AgentState.NOT_READY, reason, at);
            int expected = agent.change;
            after(pauseMs, () -> {
                if (agent.change == expected) {
                    move(agent, AgentState.READY, null, at + realMs(pauseMs));
                }
            });
        } else {
            move(agent, AgentState.READY, null, at);
            if (draws.nextInt(100) < 30 && pending.getOrDefault("callback", 0L) > 0) {
                pending.merge("callback", -1L, Long::sum); // a free agent calls one caller back
                live.pending("callback", -1);
            }
        }
    }

    private static Resolution resolution(int percent) {
        if (percent < 70) {
            return Resolution.ANSWERED;
        }
        if (percent < 82) {
            return Resolution.REFERRED;
        }
        if (percent < 90) {
            return Resolution.CALLBACK;
        }
        return percent < 95 ? Resolution.TRANSFERRED : Resolution.INVALID_CALL;
    }

    private void move(FloorAgent agent, AgentState state, String reason, long at) {
        submit(agent.moveTo(state, reason, at, plan.recordShiftMs()));
        show(agent);
    }

    private void submit(AgentStateSegment closed) {
        if (closed != null) {
            records.submit(closed);
            segmentsWritten.incrementAndGet();
        }
    }

    /** Handling records handed to the call log so far. */
    public long handlingRecords() {
        return handlingWritten.get();
    }

    /** Agent-state segments handed to the call log so far. */
    public long stateSegments() {
        return segmentsWritten.get();
    }

    private void show(FloorAgent agent) {
        live.agent(agent.name, agent.liveState(), agent.reason, agent.since, agent.queues);
    }

    private void onAgent(String name, java.util.function.Consumer<FloorAgent> change) {
        floor.execute(() -> {
            FloorAgent agent = agents.get(name);
            if (agent == null) {
                log.warn("event=floor_unknown_agent agent={}", name);
                return;
            }
            change.accept(agent);
        });
    }

    private SplittableRandom draws(FloorAgent agent, int call) {
        return new SplittableRandom(plan.seed() * 1_000_003L + agent.name.hashCode() * 7919L + call);
    }

    private long realMs(long modelMs) {
        return (long) (modelMs * plan.scale());
    }

    private void after(long modelMs, Runnable task) {
        floor.schedule(task, realMs(modelMs), TimeUnit.MILLISECONDS);
    }

    /** Agents log out (open wrap-ups and stretches are written); pending timers are dropped. */
    @Override
    public void close() {
        floor.execute(() -> {
            long now = clock.getAsLong();
            for (FloorAgent agent : new ArrayList<>(agents.values())) {
                if (agent.state == AgentState.WRAP_UP) {
                    endWrapUp(agent, now, false); // the desktop submits an open wrap-up at logout
                }
                submit(agent.moveTo(AgentState.READY, null, now, plan.recordShiftMs()));
                live.agent(agent.name, "logged_out", null, now, agent.queues);
            }
        });
        floor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        floor.shutdown();
        try {
            if (!floor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("event=floor_close_timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
