package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.store.RedisFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * Seeded random traffic over 36 hours around the end of Berlin's summer time gives the same figures (a) live,
 * through the streams, the consumers and the apply script, (b) rebuilt from JSONL files spread over two nodes'
 * directories with duplicates, and (c) from {@link Reference}, for random windows, intervals, zones and thresholds.
 * 7,000 calls make about 11,000 records with their handling records and agent-state segments; {@code
 * -Dstats.calls=100000 -Dstats.seed=…} runs a bigger or another day.
 */
class StatisticsPropertyTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    static final Instant FROM = Instant.parse("2026-10-24T12:00:00Z");
    static final Instant TO = Instant.parse("2026-10-26T00:00:00Z");
    static final List<ZoneId> ZONES = List.of(ZoneId.of("Asia/Shanghai"), ZoneId.of("Asia/Kathmandu"),
            ZoneId.of("Europe/Berlin"));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path logs;

    @Test
    void liveAggregationRebuildFromFilesAndReferenceAgree() throws IOException {
        long seed = Long.getLong("stats.seed", 20261025L);
        RandomDay day = new RandomDay(seed, FROM, TO, Integer.getInteger("stats.calls", 7_000), 12);
        StatsSettings settings = new StatsSettings(ZoneId.of("Asia/Shanghai"), new StatsSettings.Thresholds(20, 5),
                Map.of("card", new StatsSettings.Thresholds(30, 10)), 5, 7, 62, Duration.ofHours(2), 256,
                Duration.ofSeconds(3));
        Reference reference = new Reference(settings, day.calls, day.handling, day.states);
        Statistics statistics = new Statistics(REDIS.redis(), settings, CLOCK);
        Random random = new Random(seed);

        publish(day);
        try (StatsConsumers consumers = StatsConsumers.start(REDIS.redis(), settings, "node-a", CLOCK)) {
            await().atMost(Duration.ofSeconds(120)).until(this::allApplied);
        }
        compare(statistics, reference, random, 9, "live");

        writeFiles(day, random);
        REDIS.redis().jedis().flushAll();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DayRebuild rebuild = new DayRebuild(REDIS.redis(), settings, CLOCK, new PrintStream(progress, true, StandardCharsets.UTF_8));
        List<Path> dirs = List.of(logs.resolve("node-a"), logs.resolve("node-b"));
        for (LocalDate d = LocalDate.of(2026, 10, 24); !d.isAfter(LocalDate.of(2026, 10, 26)); d = d.plusDays(1)) {
            DayRebuild.Result r = rebuild.rebuild(d, dirs);
            assertThat(r.skipped()).isEmpty();
        }
        compare(statistics, reference, random, 9, "rebuilt");
        for (LocalDate d = LocalDate.of(2026, 10, 24); !d.isAfter(LocalDate.of(2026, 10, 26)); d = d.plusDays(1)) {
            assertThat(rebuild.verify(d, dirs).differences()).as("verify %s", d).isEmpty();
        }

        // Redis unreachable: finished days are computed from the same files
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (cn.hotline12333.store.Redis down = cn.hotline12333.store.Redis.connect("redis://127.0.0.1:" + closedPort)) {
            Statistics files = new Statistics(down, settings, CLOCK, dirs);
            compare(files, reference, random, 3, "files");
            ReportQuery q = new ReportQuery(FROM.atZone(ZONES.get(0)), TO.atZone(ZONES.get(0)), Interval.DAY, List.of(),
                    List.of(), List.of(), List.of(), null, null);
            assertThat(files.queues(q).meta()).containsEntry("source", "files");
        }
    }

    private void publish(RandomDay day) {
        try (PipelineBase p = REDIS.redis().jedis().pipelined()) {
            for (String[] a : day.arrivals) {
                p.xadd(a[0], XAddParams.xAddParams(), Map.of(CallRecords.ID_FIELD, "x", CallRecords.JSON_FIELD, a[1]));
            }
            p.sync();
        }
    }

    private boolean allApplied() {
        for (String stream : StatsConsumers.STREAMS) {
            StreamEntryID last = REDIS.redis().jedis().xinfoStream(stream).getLastGeneratedId();
            List<StreamGroupInfo> groups = REDIS.redis().jedis().xinfoGroups(stream);
            if (groups.isEmpty() || groups.get(0).getPending() != 0 || !groups.get(0).getLastDeliveredId().equals(last)) {
                return false;
            }
        }
        return true;
    }

    /** Each record in its Beijing day's file of one node's directory; one in a hundred also in the other's. */
    private void writeFiles(RandomDay day, Random random) throws IOException {
        Map<Path, StringBuilder> files = new HashMap<>();
        ZoneId beijing = ZoneId.of("Asia/Shanghai");
        for (String[] a : day.arrivals) {
            Instant saved = switch (a[0]) {
                case "calls" -> CallRecords.parse(a[1]).endedAt().toInstant();
                case "handling" -> CallRecords.parseHandling(a[1]).writtenAt().toInstant();
                default -> CallRecords.parseAgentState(a[1]).to().toInstant();
            };
            String prefix = switch (a[0]) {
                case "calls" -> "cdr-";
                case "handling" -> "handling-";
                default -> "agent-states-";
            };
            String name = prefix + saved.atZone(beijing).toLocalDate() + ".jsonl";
            boolean nodeA = random.nextBoolean();
            files.computeIfAbsent(logs.resolve(nodeA ? "node-a" : "node-b").resolve(name), f -> new StringBuilder())
                    .append(a[1]).append('\n');
            if (random.nextInt(100) == 0) {
                files.computeIfAbsent(logs.resolve(nodeA ? "node-b" : "node-a").resolve(name), f -> new StringBuilder())
                        .append(a[1]).append('\n');
            }
        }
        for (Map.Entry<Path, StringBuilder> f : files.entrySet()) {
            Files.createDirectories(f.getKey().getParent());
            Files.writeString(f.getKey(), f.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static void compare(Statistics statistics, Reference reference, Random random, int queries, String what) {
        Interval[] intervals = Interval.values();
        int[] ts = {10, 20, 30, 45, 60, 120, 150, 300};
        for (int i = 0; i < queries; i++) {
            ZoneId zone = ZONES.get(i % ZONES.size());
            long buckets = (TO.getEpochSecond() - FROM.getEpochSecond()) / 900;
            long a = random.nextInt((int) buckets);
            long b = a + 1 + random.nextInt((int) (buckets - a));
            if (i % 4 == 0) {
                a = 0;
                b = buckets;
            }
            ZonedDateTime from = FROM.plusSeconds(a * 900).atZone(zone);
            ZonedDateTime to = FROM.plusSeconds(b * 900).atZone(zone);
            Interval interval = intervals[random.nextInt(intervals.length)];
            Integer t = random.nextBoolean() ? null : ts[random.nextInt(ts.length)];
            Integer s = random.nextBoolean() ? null : new int[] {0, 3, 5, 10}[random.nextInt(4)];
            if (t != null && s != null && s >= t) {
                s = null;
            }
            ReportQuery q = new ReportQuery(from, to, interval, List.of(), List.of(), List.of(), List.of(), t, s);
            String as = what + " " + zone + " " + from + ".." + to + " " + interval + " T=" + t + " S=" + s;
            assertSame(statistics.queues(q), reference.queues(q), as + " queues");
            assertSame(statistics.agents(q), reference.agents(q), as + " agents");
            assertSame(statistics.outcomes(q), reference.outcomes(q), as + " outcomes");
            assertSame(statistics.topics(q), reference.topics(q), as + " topics");
            assertSame(statistics.ivrFunnel(q), reference.ivrFunnel(q), as + " funnel");
        }
    }

    private static void assertSame(ReportTable engine, List<List<Object>> reference, String as) {
        assertThat(reference).as(as + ": the reference found nothing, so agreeing proves nothing").isNotEmpty();
        List<List<Object>> rows = new ArrayList<>();
        engine.rows().forEach(rows::add);
        for (int i = 0; i < Math.min(rows.size(), reference.size()); i++) {
            assertThat(rows.get(i)).as(as + " row " + i + " " + engine.columns()).isEqualTo(reference.get(i));
        }
        assertThat(rows).as(as).hasSameSizeAs(reference);
    }
}
