package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.handling;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a day from its files in one pass: a handling record counts at its latest revision whichever order its
 * revisions come in, and lines are numbered and ended as a line reader would.
 */
class FileLoadTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    Path logs;

    private final DayRebuild rebuild = new DayRebuild(REDIS.redis(), StatsSettings.defaults(),
            java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), new PrintStream(OutputStream.nullOutputStream()));

    private DayRebuild.Result load(String gen, String handlingLines) throws Exception {
        Path dir = Files.createDirectories(logs.resolve(gen));
        Files.writeString(dir.resolve("handling-" + DAY + ".jsonl"), handlingLines);
        return new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW, new PrintStream(
                OutputStream.nullOutputStream())).load(List.of(DAY), List.of(dir), gen).get(DAY);
    }

    private static String revision(int revision, String queue, long wrapMs) {
        return CallRecords.toJson(handling("h1", revision, "pbx/a", "A1", queue, at("2026-11-23T10:00:40"), 60_000,
                5_000, wrapMs, null));
    }

    @Test
    void aLaterRevisionReadAfterItsPredecessorTakesItsCountersAndSetMembersBack() throws Exception {
        DayRebuild.Result inOrder = load("1", revision(1, "pension", 20_000) + "\n" + revision(2, "card", 50_000)
                + "\n" + revision(1, "pension", 20_000) + "\n");
        load("2", revision(2, "card", 50_000) + "\n" + revision(1, "pension", 20_000) + "\n");
        load("3", revision(2, "card", 50_000) + "\n");

        assertThat(inOrder.records()).isEqualTo(3);
        assertThat(inOrder.applied()).isEqualTo(1);
        assertThat(rebuild.compare(DAY, "1", "3")).isEmpty();
        assertThat(rebuild.compare(DAY, "2", "3")).isEmpty();
        String base = Buckets.prefix(DAY) + "1:";
        assertThat(REDIS.redis().jedis().smembers(base + "iq")).containsExactly("card");
        // the seen entry is revision 2's, so a live revision 3 takes back exactly what revision 2 added
        String seen = REDIS.redis().jedis().hget(base + "ss:" + Buckets.seenShard(Buckets.oldSeenShard("h1")),
                Buckets.digest(HandlingRecord.STREAM + "/h1"));
        assertThat(seen).startsWith("2" + ApplyBatch.SEP).contains("50000").doesNotContain("20000");
    }

    /**
     * A rebuild of a live day: the writer is halfway through a line when the load reaches the file's end. The tail
     * must read that line again from its start once it is whole, and count it; before, it went on from the end of the
     * load's read, inside the line, and the record was lost to the new generation.
     */
    @Test
    void aLineBeingWrittenWhenTheLoadEndsIsCountedByTheTailOnceWhole() throws Exception {
        String first = revision(1, "pension", 20_000);
        String second = CallRecords.toJson(handling("h2", 1, "pbx/a", "A2", "card", at("2026-11-23T11:00:40"), 60_000,
                5_000, 30_000, null));
        Path dir = Files.createDirectories(logs.resolve("1"));
        Path file = dir.resolve("handling-" + DAY + ".jsonl");
        Files.writeString(file, first + "\n" + second.substring(0, 40));
        FileLoad live = new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW,
                new PrintStream(OutputStream.nullOutputStream()));
        live.load(List.of(DAY), List.of(dir), "1");
        Files.writeString(file, second.substring(40) + "\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(live.tail(List.of(DAY), List.of(dir), "1")).isEqualTo(1);
        load("2", first + "\n" + second + "\n");
        assertThat(rebuild.compare(DAY, "1", "2")).isEmpty();
        // a whole last line without its end, counted by the load, is read again by the tail and not counted twice
        Files.writeString(dir.resolve("handling-" + DAY + ".jsonl"), first + "\n" + second);
        FileLoad whole = new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW,
                new PrintStream(OutputStream.nullOutputStream()));
        whole.load(List.of(DAY), List.of(dir), "3");
        assertThat(whole.tail(List.of(DAY), List.of(dir), "3")).isZero();
        assertThat(rebuild.compare(DAY, "3", "2")).isEmpty();
    }

    @Test
    void linesEndAtCrOrLfAndSkippedOnesAreNumberedAsInTheFile() throws Exception {
        Path dir = Files.createDirectories(logs.resolve("lines"));
        String a = CallRecords.toJson(call("pbx/a", at("2026-11-23T10:00:00"), Outcome.AGENT_ANSWERED,
                List.of(stint("pension", at("2026-11-23T10:00:20"), 12_000, StintResult.ANSWERED, "A1")), "c1",
                new CallRecord.Survey(true, 5)));
        String b = CallRecords.toJson(call("pbx/b", at("2026-11-23T11:00:00"), Outcome.SELF_SERVICE, List.of(), "c2",
                new CallRecord.Survey(false, null)));
        // a blank line, a corrupt one, and a last line cut short by a crash (no line end)
        Files.writeString(dir.resolve("cdr-" + DAY + ".jsonl"), a + "\r\n \r\n{\"call_id\": \"pbx/x\",\r" + b + "\n"
                + b.substring(0, 40));

        DayRebuild.Result r = new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW,
                new PrintStream(OutputStream.nullOutputStream())).load(List.of(DAY), List.of(dir), "9").get(DAY);

        assertThat(r.applied()).isEqualTo(2);
        String file = dir.resolve("cdr-" + DAY + ".jsonl").toString();
        assertThat(r.skipped()).containsExactly(file + ":3: unparsable", file + ":5: unparsable");
    }

    @Test
    void filesReadSideBySideReportTheirSkippedLinesPerFileInFileOrder() throws Exception {
        Path dir = Files.createDirectories(logs.resolve("side"));
        String call = CallRecords.toJson(call("pbx/a", at("2026-11-23T10:00:00"), Outcome.AGENT_ANSWERED,
                List.of(stint("pension", at("2026-11-23T10:00:20"), 12_000, StintResult.ANSWERED, "A1")), "c1",
                new CallRecord.Survey(true, 5)));
        String handling = revision(1, "pension", 20_000);
        // several blocks each, so that the load moves between the files; one corrupt line late in the first file
        // and two in the second, one of them in its first block
        StringBuilder calls = new StringBuilder();
        for (int line = 1; line <= 1500; line++) {
            calls.append(line == 1400 ? "{\"call_id\": " : call).append('\n');
        }
        StringBuilder handlings = new StringBuilder();
        for (int line = 1; line <= 2000; line++) {
            handlings.append(line == 10 || line == 1900 ? "[" : handling).append('\n');
        }
        Path cdr = Files.writeString(dir.resolve("cdr-" + DAY + ".jsonl"), calls);
        Path handlingFile = Files.writeString(dir.resolve("handling-" + DAY + ".jsonl"), handlings);
        assertThat(Files.size(cdr)).isGreaterThan(2 << 18);
        assertThat(Files.size(handlingFile)).isGreaterThan(2 << 18);

        DayRebuild.Result r = new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW,
                new PrintStream(OutputStream.nullOutputStream())).load(List.of(DAY), List.of(dir), "8").get(DAY);

        assertThat(r.records()).isEqualTo(1499 + 1998);
        assertThat(r.applied()).isEqualTo(2);
        assertThat(r.skipped()).containsExactly(cdr + ":1400: unparsable", handlingFile + ":10: unparsable",
                handlingFile + ":1900: unparsable");
    }

    @Test
    void aLineEndsAtTheFirstLineFeedOrCarriageReturnAsAByteByByteScanFindsIt() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            for (int k = random.nextInt(3); k > 0; k--) {
                bytes[random.nextInt(bytes.length)] = random.nextBoolean() ? (byte) '\n' : (byte) '\r';
            }
            int from = random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = from;
            while (expected < to && bytes[expected] != '\n' && bytes[expected] != '\r') {
                expected++;
            }
            assertThat(FileLoad.lineEnd(bytes, from, to)).isEqualTo(expected);
        }
    }

    @Test
    void aRevisionTakenBackIsReadWholeWhenItsLineIsLongerThanOneReadOrEndsTheFileWithoutALineEnd() throws Exception {
        String longTarget = "queue-" + "x".repeat(20_000);
        String first = CallRecords.toJson(handling("h1", 1, "pbx/a", "A1", "pension", at("2026-11-23T10:00:40"),
                60_000, 5_000, 20_000, longTarget));
        assertThat(first.length()).isGreaterThan(2 * 8192);
        load("long", first + "\n" + revision(2, "card", 50_000) + "\n");
        load("only", revision(2, "card", 50_000) + "\n");
        assertThat(rebuild.compare(DAY, "long", "only")).isEmpty();

        // the earlier revision is the last line of one node's file, with no line end; the later one in another's
        Path a = Files.createDirectories(logs.resolve("node-a"));
        Path b = Files.createDirectories(logs.resolve("node-b"));
        Files.writeString(a.resolve("handling-" + DAY + ".jsonl"), revision(2, "card", 50_000).replace("\"h1\"",
                "\"h2\"") + "\n" + first);
        Files.writeString(b.resolve("handling-" + DAY + ".jsonl"), revision(2, "card", 50_000) + "\n");
        DayRebuild.Result r = new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW, new PrintStream(
                OutputStream.nullOutputStream())).load(List.of(DAY), List.of(a, b), "nodes").get(DAY);
        assertThat(r.applied()).isEqualTo(2);
        Path c = Files.createDirectories(logs.resolve("node-c"));
        Files.writeString(c.resolve("handling-" + DAY + ".jsonl"), revision(2, "card", 50_000).replace("\"h1\"",
                "\"h2\"") + "\n" + revision(2, "card", 50_000) + "\n");
        new FileLoad(REDIS.redis().jedis(), StatsSettings.defaults(), NOW, new PrintStream(
                OutputStream.nullOutputStream())).load(List.of(DAY), List.of(c), "latest").get(DAY);
        assertThat(rebuild.compare(DAY, "nodes", "latest")).isEmpty();
    }

    /**
     * Earlier revisions are taken back after the last block, read again by parser tasks of a thousand lines each:
     * chains of three revisions, several tasks' worth, count as their latest revisions alone, set members included
     * (every second revision names another queue).
     */
    @Test
    void chainsOfRevisionsTakenBackByManyTasksCountAsTheirLatestRevisionsAlone() throws Exception {
        int n = 2_500;
        StringBuilder all = new StringBuilder();
        StringBuilder latest = new StringBuilder();
        for (int revision = 1; revision <= 3; revision++) {
            for (int i = 0; i < n; i++) {
                String line = CallRecords.toJson(handling("h" + i, revision, "pbx/" + i, "A" + (i % 50),
                        revision == 2 ? "card" : "pension", at("2026-11-23T10:00:40").plusSeconds(i * 7L), 60_000,
                        5_000, revision * 10_000L, null)) + "\n";
                all.append(line);
                if (revision == 3) {
                    latest.append(line);
                }
            }
        }
        DayRebuild.Result r = load("chains", all.toString());
        load("latest", latest.toString());

        assertThat(r.records()).isEqualTo(3 * n);
        assertThat(r.applied()).isEqualTo(n);
        assertThat(rebuild.compare(DAY, "chains", "latest")).isEmpty();
        assertThat(REDIS.redis().jedis().smembers(Buckets.prefix(DAY) + "chains:iq")).containsExactly("pension");
    }

    @Test
    void everyRevisableRecordsSeenEntryIsItsLatestRevisionsAcrossManyWrites() throws Exception {
        // more records than are held before a write, their revisions far apart in the file
        int n = 20_000;
        StringBuilder lines = new StringBuilder();
        for (int revision = 1; revision <= 2; revision++) {
            for (int i = 0; i < n; i++) {
                lines.append(CallRecords.toJson(handling("h" + i, revision, "pbx/" + i, "A" + (i % 50), "pension",
                        at("2026-11-23T10:00:40").plusSeconds(i), 60_000, 5_000, revision * 10_000L, null)))
                        .append('\n');
            }
        }
        DayRebuild.Result r = load("many", lines.toString());

        assertThat(r.applied()).isEqualTo(n);
        String base = Buckets.prefix(DAY) + "many:";
        int entries = 0;
        for (int shard = 0; shard < Buckets.SEEN_SHARDS; shard++) {
            for (String value : REDIS.redis().jedis().hgetAll(base + "ss:" + shard).values()) {
                assertThat(value).startsWith("2" + ApplyBatch.SEP).contains("20000");
                entries++;
            }
        }
        assertThat(entries).isEqualTo(n);
    }
}
