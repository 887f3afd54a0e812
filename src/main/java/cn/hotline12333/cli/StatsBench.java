package cn.hotline12333.cli;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.StatsConsumers;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * A first cut of the ingest benchmark: XADDs {@code --calls} synthetic call records (pipelined, as fast as Redis
 * takes them) into an empty embedded Redis and times how long this node's consumers take to apply them all. Not
 * yet: handling records and segments beside them, a paced rate with p99 lag, the report timings.
 */
final class StatsBench {
    private StatsBench() {
    }

    static int run(Map<String, String> options, Settings settings, PrintStream out, PrintStream err) throws Exception {
        int calls = Integer.parseInt(options.getOrDefault("calls", "50000"));
        StatsSettings stats = StatsSettings.from(settings);
        Random random = new Random(1);
        OffsetDateTime day = OffsetDateTime.of(2026, 11, 23, 8, 30, 0, 0, ZoneOffset.ofHours(8));
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
        try (Redis redis = Redis.connect(RedisSettings.embedded())) {
            long t0 = System.nanoTime();
            try (PipelineBase p = redis.jedis().pipelined()) {
                for (int i = 0; i < calls; i++) {
                    p.xadd(CallRecords.STREAM, XAddParams.xAddParams(), Map.of(CallRecords.ID_FIELD, "c" + i,
                            CallRecords.JSON_FIELD, CallRecords.toJson(call(i, day.plusSeconds(random.nextInt(32_400)), random))));
                    if (i % 10_000 == 9_999) {
                        p.sync();
                    }
                }
                p.sync();
            }
            double addSeconds = (System.nanoTime() - t0) / 1e9;
            long streamOnly = usedMemory(redis);
            long t1 = System.nanoTime();
            try (StatsConsumers consumers = StatsConsumers.start(redis, stats, "bench", clock)) {
                while (!applied(redis)) {
                    Thread.sleep(50);
                }
            }
            double applySeconds = (System.nanoTime() - t1) / 1e9;
            long aggregates = usedMemory(redis) - streamOnly;
            out.printf("stats bench: %d call records XADDed in %.1f s (%.0f/s); applied by one node's consumers in %.1f s "
                    + "(%.0f records/s); aggregates (buckets, seen and caller shards) %.1f MB, %.0f bytes per call%n",
                    calls, addSeconds, calls / addSeconds, applySeconds, calls / applySeconds, aggregates / 1e6,
                    (double) aggregates / calls);
        }
        return 0;
    }

    private static long usedMemory(Redis redis) {
        String info = new String((byte[]) redis.jedis().sendCommand(Protocol.Command.INFO, "memory"),
                java.nio.charset.StandardCharsets.UTF_8);
        return Long.parseLong(info.lines().filter(l -> l.startsWith("used_memory:")).findFirst()
                .orElse("used_memory:0").substring(12).trim());
    }

    private static boolean applied(Redis redis) {
        List<StreamGroupInfo> groups = redis.jedis().xinfoGroups(CallRecords.STREAM);
        return !groups.isEmpty() && groups.get(0).getPending() == 0 && groups.get(0).getLastDeliveredId()
                .equals(redis.jedis().xinfoStream(CallRecords.STREAM).getLastGeneratedId());
    }

    private static CallRecord call(int n, OffsetDateTime start, Random random) {
        String queue = "queue-" + random.nextInt(20);
        boolean answered = random.nextInt(10) < 7;
        long wait = random.nextInt(120_000);
        QueueStint stint = new QueueStint(queue, start.plusSeconds(20), start.plusSeconds(20).plusNanos(wait * 1_000_000L),
                wait, answered ? 180_000L : 0L, answered ? "Agent " + random.nextInt(1000) : null,
                answered ? StintResult.ANSWERED : StintResult.ABANDONED);
        boolean self = random.nextInt(10) < 4;
        return CallRecord.builder().callId("bench/" + n).asteriskSystem("bench").uniqueId(Integer.toString(n))
                .serverNode("bench").flow("hotline").flowVersion("1").callerNumber("13800000000")
                .callerHash(String.format("%032x", random.nextInt(700_000))).dialledNumber("12333").channel("PJSIP/b")
                .startedAt(start).answeredAt(start).endedAt(start.plusSeconds(300)).durationMs(300_000)
                .path(List.of(new CallRecord.Visit("hotline", "main", start, CallRecord.Exit.KEY, "1")))
                .topics(List.of("topic-" + random.nextInt(50))).queueStints(self ? List.of() : List.of(stint))
                .outcome(self ? Outcome.SELF_SERVICE : answered ? Outcome.AGENT_ANSWERED : Outcome.QUEUE_ABANDONED)
                .survey(new CallRecord.Survey(answered, answered ? 1 + random.nextInt(5) : null)).build();
    }
}
