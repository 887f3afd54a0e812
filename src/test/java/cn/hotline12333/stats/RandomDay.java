package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecord.Visit;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random stretch of hotline traffic with all three record kinds: about 40 % self-service, IVR hang-ups
 * short and long, queue stints answered, abandoned (short and long, waits exactly T and S now and then),
 * timed out to a message or callback, refused at the door, overflows to a second queue, handling records (some
 * with a later revision, some transfers, some without a call record), surveys answered and skipped, agent-state
 * segments with not-ready reasons, and a few records delivered twice. Times are Beijing offsets, as the IVR writes.
 */
final class RandomDay {
    static final List<String> QUEUES = List.of("pension", "card", "employment", "labour");
    static final List<String> TOPICS = List.of("pension", "card", "employment", "labour", "talent");
    static final String[] REASONS = {"休息", "用餐", "培训", "会议"};
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    final List<CallRecord> calls = new ArrayList<>();
    final List<HandlingRecord> handling = new ArrayList<>();
    final List<AgentStateSegment> states = new ArrayList<>();
    /** JSON lines as they arrive: every record, in order, with duplicates. */
    final List<String[]> arrivals = new ArrayList<>();

    private final Random random;
    private final int agents;

    RandomDay(long seed, Instant from, Instant to, int callCount, int agents) {
        this.random = new Random(seed);
        this.agents = agents;
        long span = to.getEpochSecond() - from.getEpochSecond() - 3600;
        for (int i = 0; i < callCount; i++) {
            Instant start = from.plusMillis((long) (random.nextDouble() * span * 1000));
            call(i, OffsetDateTime.ofInstant(start, BEIJING));
        }
        for (int a = 0; a < agents; a++) {
            segments(agent(a), from, to);
        }
    }

    private String agent(int n) {
        return "Agent " + (1001 + n);
    }

    private void call(int n, OffsetDateTime start) {
        String callId = "pbx-1/" + (1_800_000_000L + n) + ".1";
        OffsetDateTime t = start.plusSeconds(1);
        List<Visit> path = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        path.add(new Visit("hotline", "main", t, Exit.KEY, "1"));
        t = t.plusNanos(random.nextInt(20_000) * 1_000_000L);
        int roll = random.nextInt(100);
        List<QueueStint> stints = new ArrayList<>();
        Outcome outcome;
        CallRecord.Survey survey = new CallRecord.Survey(false, null);
        List<CallRecord.ServiceResult> services = new ArrayList<>();
        topics.add(topic);
        if (roll < 40) {
            path.add(new Visit("hotline", topic + "_menu", t, Exit.SELF_SERVICE, null));
            services.add(new CallRecord.ServiceResult(topic + "_status", true));
            t = t.plusSeconds(20 + random.nextInt(60));
            outcome = Outcome.SELF_SERVICE;
        } else if (roll < 46) {
            boolean quick = random.nextBoolean();
            t = start.plusNanos((quick ? random.nextInt(5_001) : 5_001 + random.nextInt(60_000)) * 1_000_000L);
            path.set(0, new Visit("hotline", "main", start.plusSeconds(1), Exit.HANGUP, null));
            if (!t.isAfter(start.plusSeconds(1))) {
                path.clear();
            }
            outcome = Outcome.CALLER_HUNG_UP;
        } else if (roll < 48) {
            path.add(new Visit("hotline", "after_hours", t, Exit.END, null));
            outcome = random.nextBoolean() ? Outcome.AFTER_HOURS : Outcome.MESSAGE_LEFT;
            t = t.plusSeconds(15);
        } else if (roll < 51) {
            path.add(new Visit("hotline", "referral", t, Exit.END, null));
            outcome = Outcome.TRANSFERRED;
            t = t.plusSeconds(8);
        } else if (roll < 52) {
            outcome = Outcome.ERROR;
            t = t.plusSeconds(1);
        } else {
            path.add(new Visit("hotline", topic + "_menu", t, Exit.QUEUE, "0"));
            topics.add("agent");
            String queue = QUEUES.get(random.nextInt(QUEUES.size()));
            Result r = stints(callId, queue, t, stints);
            t = r.end;
            outcome = r.outcome;
            if (r.answeredBy != null && random.nextInt(10) < 6) {
                survey = new CallRecord.Survey(true, random.nextInt(10) < 3 ? null : 1 + random.nextInt(5));
                t = t.plusSeconds(5);
            }
        }
        String caller = random.nextInt(20) == 0 ? null : String.format("%032x", random.nextInt(400));
        CallRecord record = CallRecord.builder().callId(callId).asteriskSystem("pbx-1").uniqueId(callId.substring(6))
                .linkedId(callId.substring(6)).serverNode("node-a").flow("hotline").flowVersion("1")
                .callerNumber("13800000000").callerHash(caller).dialledNumber(random.nextInt(5) == 0 ? "12333-2" : "12333")
                .channel("PJSIP/trunk-1").startedAt(start).answeredAt(start.plusSeconds(1)).endedAt(t)
                .durationMs(java.time.Duration.between(start, t).toMillis()).path(path).topics(topics)
                .queueStints(stints).selfService(services).survey(survey).outcome(outcome)
                .surveyScore(survey.score()).build();
        calls.add(record);
        arrive("calls", cn.hotline12333.calllog.CallRecords.toJson(record));
    }

    private record Result(OffsetDateTime end, Outcome outcome, String answeredBy) {
    }

    private Result stints(String callId, String queue, OffsetDateTime t, List<QueueStint> stints) {
        for (int round = 0; round < 2; round++) {
            int roll = random.nextInt(100);
            long wait = waitMs();
            if (roll < 4) {
                stints.add(new QueueStint(queue, t, t, 0L, 0L, null, random.nextBoolean() ? StintResult.JOINEMPTY : StintResult.FULL));
                return new Result(t.plusSeconds(3), Outcome.QUEUE_TIMEOUT, null);
            }
            OffsetDateTime left = t.plusNanos(wait * 1_000_000L);
            if (roll < 62) {
                long talk = 20_000 + random.nextInt(400_000);
                String agent = agent(random.nextInt(agents));
                stints.add(new QueueStint(queue, t, left.plusNanos(talk * 1_000_000L), wait, talk, agent, StintResult.ANSWERED));
                handling(callId, queue, agent, t, left, talk);
                return new Result(left.plusNanos(talk * 1_000_000L), Outcome.AGENT_ANSWERED, agent);
            }
            if (roll < 82) {
                stints.add(new QueueStint(queue, t, left, wait, 0L, null, StintResult.ABANDONED));
                return new Result(left, Outcome.QUEUE_ABANDONED, null);
            }
            if (roll < 86) {
                stints.add(new QueueStint(queue, t, left, wait, 0L, null, StintResult.EXIT_KEY));
                return new Result(left.plusSeconds(20), Outcome.CALLBACK_REQUESTED, null);
            }
            stints.add(new QueueStint(queue, t, left, wait, 0L, null, StintResult.TIMEOUT));
            t = left;
            if (round == 0 && random.nextInt(3) == 0) {
                // overflow: the flow sends the caller on to a second queue
                String next = QUEUES.get(random.nextInt(QUEUES.size()));
                queue = next.equals(queue) ? QUEUES.get((QUEUES.indexOf(queue) + 1) % QUEUES.size()) : next;
                continue;
            }
            Outcome[] after = {Outcome.MESSAGE_LEFT, Outcome.CALLBACK_REQUESTED, Outcome.QUEUE_TIMEOUT};
            return new Result(t.plusSeconds(30), after[random.nextInt(3)], null);
        }
        throw new IllegalStateException("two rounds always end");
    }

    private long waitMs() {
        int r = random.nextInt(100);
        if (r < 4) {
            return 20_000;
        }
        if (r < 8) {
            return 5_000;
        }
        if (r < 10) {
            return 600_000 + random.nextInt(300_000);
        }
        if (r < 40) {
            return random.nextInt(8_000);
        }
        return random.nextInt(180_000);
    }

    private void handling(String callId, String queue, String agent, OffsetDateTime entered, OffsetDateTime answered,
                          long talk) {
        int ring = 1_000 + random.nextInt(5_000);
        long hold = random.nextInt(4) == 0 ? random.nextInt((int) Math.min(talk, 60_000)) : 0;
        long wrap = random.nextInt(90_000);
        boolean transfer = random.nextInt(20) == 0;
        OffsetDateTime ended = answered.plusNanos(talk * 1_000_000L);
        HandlingRecord.Resolution[] res = HandlingRecord.Resolution.values();
        HandlingRecord h = new HandlingRecord(1, callId + "/" + agent + "/1", 1, random.nextInt(50) == 0 ? null : callId,
                callId.substring(6), agent, queue, answered.minusNanos(ring * 1_000_000L), answered, ended, hold, talk,
                wrap, "code" + random.nextInt(5), transfer ? HandlingRecord.Resolution.TRANSFERRED : res[random.nextInt(res.length)],
                transfer ? "labour" : null, List.of(), random.nextInt(3), ended.plusNanos(wrap * 1_000_000L));
        handling.add(h);
        arrive("handling", cn.hotline12333.calllog.CallRecords.toJson(h));
        if (random.nextInt(10) == 0) {
            HandlingRecord rev = new HandlingRecord(1, h.handlingId(), 2, h.callId(), h.uniqueId(), agent, queue,
                    h.offeredAt(), h.answeredAt(), h.endedAt(), h.holdMs(), h.talkMs(), wrap + 30_000, "code9",
                    HandlingRecord.Resolution.REFERRED, null, List.of("WO-" + callId), h.ringNoAnswer(),
                    h.writtenAt().plusMinutes(10));
            handling.add(rev);
            arrive("handling", cn.hotline12333.calllog.CallRecords.toJson(rev));
        }
    }

    private void segments(String agent, Instant from, Instant to) {
        OffsetDateTime t = OffsetDateTime.ofInstant(from, BEIJING).plusSeconds(random.nextInt(3600));
        OffsetDateTime end = OffsetDateTime.ofInstant(to, BEIJING).minusMinutes(30);
        AgentState[] kinds = AgentState.values();
        while (t.isBefore(end)) {
            AgentState state = kinds[random.nextInt(kinds.length)];
            OffsetDateTime next = t.plusNanos((10_000L + random.nextInt(2_400_000)) * 1_000_000L);
            AgentStateSegment s = new AgentStateSegment(1, agent + "/" + t.toInstant().toEpochMilli(), agent, state,
                    state == AgentState.NOT_READY ? REASONS[random.nextInt(REASONS.length)] : null, t, next,
                    List.of(QUEUES.get(0)));
            states.add(s);
            arrive("agent-states", cn.hotline12333.calllog.CallRecords.toJson(s));
            t = next;
        }
    }

    private void arrive(String stream, String json) {
        arrivals.add(new String[] {stream, json});
        if (random.nextInt(100) == 0) {
            arrivals.add(new String[] {stream, json});
        }
    }
}
