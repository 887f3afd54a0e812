package cn.hotline12333.bench;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallerHistory;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.Redis;
import java.io.PrintStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench agent}'s history part: one caller with {@link CallerHistory#CAP} calls in the last 90 days, each
 * answered and wrapped up, indexed as the record streams would; then the caller's history read again and again
 * in the server's process (CallerHistory.read: one Redis round trip and the JSON), as the route does for a pop.
 */
final class HistoryBench {
    private static final String CALLER = "5e0c3a9d1b7f42e68a0d9c1b2e3f4a5b";

    private HistoryBench() {
    }

    static void run(Redis redis, PrintStream out) {
        CallerHistory history = new CallerHistory(redis.jedis(), Clock.systemUTC());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        for (int i = 0; i < CallerHistory.CAP; i++) {
            OffsetDateTime at = now.minusMinutes(600L * i + 30);
            String callId = "bench/1796000000." + i;
            history.apply(CallRecord.builder().callId(callId).asteriskSystem("bench").uniqueId("1796000000." + i)
                    .callerNumber("13800138000").callerHash(CALLER).startedAt(at).endedAt(at.plusMinutes(4))
                    .topics(List.of("wage_arrears")).outcome(Outcome.AGENT_ANSWERED).queue("labour-inspection")
                    .queueStints(List.of(new CallRecord.QueueStint("labour-inspection", at.plusSeconds(30),
                            at.plusMinutes(4), 20_000L, 190_000L, "1001", CallRecord.StintResult.ANSWERED)))
                    .surveyScore(4).build());
            history.apply(new HandlingRecord(HandlingRecord.VERSION, callId + "/1001/1", 1, callId,
                    "1796000000." + i, "1001", "labour-inspection", at.plusSeconds(40), at.plusSeconds(50),
                    at.plusMinutes(4), 0, 190_000, 20_000, "labour.wage_arrears", HandlingRecord.Resolution.ANSWERED,
                    null, List.of(), 0, at.plusMinutes(5)));
        }
        int entries = history.read(CALLER).size();
        for (int i = 0; i < 200; i++) {
            history.read(CALLER); // warm-up: JIT, connections
        }
        AgentFloorWatch.Latencies reads = new AgentFloorWatch.Latencies();
        for (int i = 0; i < 2000; i++) {
            long t0 = System.nanoTime();
            history.read(CALLER);
            reads.add(System.nanoTime() - t0);
        }
        out.printf(Locale.ROOT, "history: caller with %d calls (each with its handling record): read %s%n", entries,
                reads.summary());
    }
}
