package cn.hotline12333.cli;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecord.Visit;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.stats.StatsConsumers;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded Beijing day of hotline traffic for the statistics benchmarks, in all three record kinds: 20 queues,
 * 1,000 agents, 50 topics, about 40 % self-service, IVR hang-ups, abandons short and long, timeouts to a message
 * or callback, overflows to a second queue, handling records (one in ten revised), surveys answered and skipped,
 * and each agent's state segments with not-ready reasons. Records go to the sink as JSON in the order a live
 * day would write them (by the time each is saved), except that a call's handling record follows its call.
 * Call ids are {@code bc-<n>} and segment ids {@code bs-<agent>/<n>}, so a replay can make them new by
 * rewriting those prefixes.
 */
final class BenchDay {
    static final int QUEUES = 20;
    static final int AGENTS = 1_000;
    static final int TOPICS = 50;
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final String[] REASONS = {"休息", "用餐", "培训", "会议"};

    /** Receives each record: its stream, its JSON, and when it was saved (which day's file it belongs in). */
    interface Sink {
        void record(String stream, String json, OffsetDateTime savedAt);
    }

    private final Random random;
    private final LocalDate day;
    private final Sink sink;

    private BenchDay(long seed, LocalDate day, Sink sink) {
        this.random = new Random(seed);
        this.day = day;
        this.sink = sink;
    }

    /**
     * {@code calls} calls spread evenly over the first {@code hours} hours of the Beijing day (at most 23, so that
     * the last calls end on the day), then the agents' state segments over those hours.
     */
    static void generate(long seed, LocalDate day, int calls, int hours, Sink sink) {
        BenchDay d = new BenchDay(seed, day, sink);
        OffsetDateTime start = day.atStartOfDay().atOffset(BEIJING);
        double step = hours * 3_600_000.0 / calls;
        for (int i = 0; i < calls; i++) {
            d.call(i, start.plusNanos((long) (i * step) * 1_000_000L));
        }
        for (int a = 0; a < AGENTS; a++) {
            d.segments(a, start, start.plusHours(hours));
        }
    }

    /**
     * {@code calls} calls of one hour with their handling records and state segments, as the consumers' warm-up
     * samples: records of the same shapes as live traffic (a node warms its statistics code on them at start).
     */
    static List<StatsConsumers.Sample> samples(int calls) {
        List<StatsConsumers.Sample> samples = new ArrayList<>();
        generate(3, LocalDate.of(2026, 11, 23), calls, 1, (stream, json, savedAt) ->
                samples.add(new StatsConsumers.Sample(stream, json.getBytes(StandardCharsets.UTF_8))));
        return samples;
    }

    static String queue(int n) {
        return String.format("queue-%02d", n);
    }

    static String agent(int n) {
        return "Agent " + (1001 + n);
    }

    private void call(int n, OffsetDateTime start) {
        String callId = "bc-" + n;
        String topic = String.format("topic-%02d", random.nextInt(TOPICS));
        OffsetDateTime t = start.plusSeconds(1);
        List<Visit> path = new ArrayList<>();
        path.add(new Visit("hotline", "main", t, Exit.KEY, "1"));
        t = t.plusNanos(random.nextInt(20_000) * 1_000_000L);
        List<QueueStint> stints = new ArrayList<>();
        List<CallRecord.ServiceResult> services = new ArrayList<>();
        CallRecord.Survey survey = new CallRecord.Survey(false, null);
        List<String> topics = new ArrayList<>(List.of(topic));
        List<HandlingRecord> handled = new ArrayList<>();
        Outcome outcome;
        int roll = random.nextInt(100);
        if (roll < 40) {
            path.add(new Visit("hotline", "menu-" + topic, t, Exit.SELF_SERVICE, null));
            services.add(new CallRecord.ServiceResult(topic + "_status", random.nextInt(10) > 0));
            t = t.plusSeconds(20 + random.nextInt(60));
            outcome = Outcome.SELF_SERVICE;
        } else if (roll < 46) {
            t = start.plusNanos((random.nextBoolean() ? random.nextInt(5_001) : 5_001 + random.nextInt(60_000)) * 1_000_000L);
            path.set(0, new Visit("hotline", "main", start.plusSeconds(1), Exit.HANGUP, null));
            outcome = Outcome.CALLER_HUNG_UP;
        } else if (roll < 49) {
            path.add(new Visit("hotline", "referral", t, Exit.GOTO, null));
            t = t.plusSeconds(8);
            outcome = Outcome.TRANSFERRED;
        } else {
            path.add(new Visit("hotline", "menu-" + topic, t, Exit.QUEUE, "0"));
            int queue = random.nextInt(QUEUES);
            outcome = null;
            for (int round = 0; round < 2 && outcome == null; round++) {
                long wait = waitMs();
                OffsetDateTime left = t.plusNanos(wait * 1_000_000L);
                int r = random.nextInt(100);
                if (r < 3) {
                    stints.add(new QueueStint(queue(queue), t, t, 0L, 0L, null, StintResult.JOINEMPTY));
                    t = t.plusSeconds(3);
                    outcome = Outcome.QUEUE_TIMEOUT;
                } else if (r < 63) {
                    long talk = 20_000 + random.nextInt(400_000);
                    String agent = agent(random.nextInt(AGENTS));
                    OffsetDateTime ended = left.plusNanos(talk * 1_000_000L);
                    stints.add(new QueueStint(queue(queue), t, ended, wait, talk, agent, StintResult.ANSWERED));
                    handled.add(handling(callId, queue(queue), agent, left, ended, talk));
                    t = ended;
                    outcome = Outcome.AGENT_ANSWERED;
                    if (random.nextInt(10) < 6) {
                        survey = new CallRecord.Survey(true, random.nextInt(10) < 3 ? null : 1 + random.nextInt(5));
                        t = t.plusSeconds(5);
                    }
                } else if (r < 83) {
                    stints.add(new QueueStint(queue(queue), t, left, wait, 0L, null, StintResult.ABANDONED));
                    t = left;
                    outcome = Outcome.QUEUE_ABANDONED;
                } else {
                    stints.add(new QueueStint(queue(queue), t, left, wait, 0L, null, StintResult.TIMEOUT));
                    t = left;
                    if (round == 0 && random.nextInt(3) == 0) {
                        queue = (queue + 1 + random.nextInt(QUEUES - 1)) % QUEUES;
                    } else {
                        t = t.plusSeconds(30);
                        outcome = random.nextBoolean() ? Outcome.MESSAGE_LEFT : Outcome.CALLBACK_REQUESTED;
                    }
                }
            }
            if (outcome == null) {
                outcome = Outcome.QUEUE_TIMEOUT;
            }
        }
        String caller = random.nextInt(20) == 0 ? null : String.format("%032x", random.nextInt(700_000));
        CallRecord record = CallRecord.builder().callId(callId).asteriskSystem("bench").uniqueId(Integer.toString(n))
                .linkedId(Integer.toString(n)).serverNode("bench").flow("hotline").flowVersion("1")
                .callerNumber("13800000000").callerHash(caller)
                .dialledNumber(random.nextInt(5) == 0 ? "12333-2" : "12333").channel("PJSIP/trunk-1")
                .startedAt(start).answeredAt(start.plusSeconds(1)).endedAt(t)
                .durationMs(java.time.Duration.between(start, t).toMillis()).path(path).topics(topics)
                .queueStints(stints).selfService(services).survey(survey).outcome(outcome)
                .surveyScore(survey.score()).build();
        sink.record(CallRecords.STREAM, CallRecords.toJson(record), t);
        for (HandlingRecord h : handled) {
            sink.record(HandlingRecord.STREAM, CallRecords.toJson(h), h.writtenAt());
            if (random.nextInt(10) == 0) {
                HandlingRecord rev = new HandlingRecord(1, h.handlingId(), 2, h.callId(), h.uniqueId(), h.agent(),
                        h.queue(), h.offeredAt(), h.answeredAt(), h.endedAt(), h.holdMs(), h.talkMs(),
                        h.wrapupMs() + 30_000, "code9", HandlingRecord.Resolution.REFERRED, null,
                        List.of("WO-" + callId), h.ringNoAnswer(), h.writtenAt().plusMinutes(10));
                sink.record(HandlingRecord.STREAM, CallRecords.toJson(rev), rev.writtenAt());
            }
        }
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
        return r < 50 ? random.nextInt(8_000) : random.nextInt(180_000);
    }

    private HandlingRecord handling(String callId, String queue, String agent, OffsetDateTime answered,
                                    OffsetDateTime ended, long talk) {
        int ring = 1_000 + random.nextInt(5_000);
        long hold = random.nextInt(4) == 0 ? random.nextInt((int) Math.min(talk, 60_000)) : 0;
        long wrap = random.nextInt(90_000);
        boolean transfer = random.nextInt(20) == 0;
        HandlingRecord.Resolution[] res = HandlingRecord.Resolution.values();
        return new HandlingRecord(1, callId + "/" + agent + "/1", 1, callId, callId.substring(3), agent, queue,
                answered.minusNanos(ring * 1_000_000L), answered, ended, hold, talk, wrap, "code" + random.nextInt(5),
                transfer ? HandlingRecord.Resolution.TRANSFERRED : res[random.nextInt(res.length)],
                transfer ? queue(0) : null, List.of(), random.nextInt(3), ended.plusNanos(wrap * 1_000_000L));
    }

    private void segments(int a, OffsetDateTime dayStart, OffsetDateTime end) {
        String agent = agent(a);
        OffsetDateTime t = dayStart.plusSeconds(random.nextInt(600));
        AgentState[] kinds = AgentState.values();
        int n = 0;
        while (t.isBefore(end)) {
            AgentState state = kinds[random.nextInt(kinds.length)];
            OffsetDateTime next = t.plusNanos((10_000L + random.nextInt(2_400_000)) * 1_000_000L);
            AgentStateSegment s = new AgentStateSegment(1, "bs-" + agent + "/" + n++, agent, state,
                    state == AgentState.NOT_READY ? REASONS[random.nextInt(REASONS.length)] : null, t, next,
                    List.of(queue(a % QUEUES)));
            sink.record(AgentStateSegment.STREAM, CallRecords.toJson(s), next);
            t = next;
        }
    }
}
