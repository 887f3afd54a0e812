package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.rows;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Calls ({@code c}), survey responses ({@code sr}), satisfied responses ({@code sat}) and a topic's offered stints
 * ({@code <queue>|o}) are no longer stored but summed by the readers from the fields they are made of; a day stored
 * with them (before 2026-12-08) must read the same.
 */
class StoredLayoutTest {
    private static final StatsSettings SETTINGS = StatsSettings.defaults();
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
    private static final ZonedDateTime FROM = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final ReportQuery HOUR = new ReportQuery(FROM, FROM.plusHours(1), Interval.M15, List.of(),
            List.of(), List.of(), List.of(), null, null);

    @Test
    void aCallStoresNeitherItsCountNorItsSurveysSumsNorItsTopicsOffered() {
        CallRecord c = call("c1", at("2026-11-23T18:00:00"), Outcome.AGENT_ANSWERED,
                List.of(stint("pension", at("2026-11-23T18:00:10"), 12_000, StintResult.ANSWERED, "A1")), "caller-1",
                new CallRecord.Survey(true, 5));

        List<Op> ops = new Contributions(SETTINGS).of(c).days().values().iterator().next();

        assertThat(ops).extracting(Op::field).doesNotContain("c", "sr", "sat", "pension|o")
                .contains("o.agent_answered", "so", "s5", "pension|a");
    }

    @Test
    void aDayStoredWithTheSumsReadsAsOneStoredWithout() {
        Map<String, Map<String, Map<String, String>>> before = new HashMap<>();
        put(before, "c", null, "c", 3, "o.agent_answered", 2, "o.self_service", 1, "ask", 2, "ag", 2,
                "so", 3, "sr", 2, "s5", 1, "s2", 1, "sat", 1);
        put(before, "t", "pension", "c", 3, "o.agent_answered", 2, "o.self_service", 1, "so", 3, "sr", 2,
                "s5", 1, "s2", 1, "sat", 1, "pension|a", 2, "pension|xt", 1, "pension|b", 1, "pension|o", 3,
                "pension|w", 30_000, "pension|at", 1);
        put(before, "a", "A1", "ans", 2, "so", 3, "sr", 2, "s5", 1, "s2", 1, "sat", 1);
        put(before, "q", "pension", "o", 3, "a", 2, "xt", 1, "b", 1, "w", 30_000, "so", 3, "sr", 2, "s5", 1,
                "s2", 1, "sat", 1);
        Map<String, Map<String, Map<String, String>>> now = new HashMap<>();
        before.forEach((kind, members) -> members.forEach((member, fields) -> {
            Map<String, String> kept = new LinkedHashMap<>(fields);
            kept.keySet().removeIf(Tally::derived);
            now.computeIfAbsent(kind, k -> new HashMap<>()).put(member, kept);
        }));
        CallReports calls = new CallReports(SETTINGS);
        AgentReports agents = new AgentReports(SETTINGS);
        Source old = new Source(before);
        Source current = new Source(now);

        for (Source s : List.of(old, current)) {
            Map<String, Object> total = rows(calls.outcomes(s, HOUR, NOW, new long[4][2])).get(0);
            assertThat(total).containsEntry("calls", 3L).containsEntry("survey_responses", 2L);
            assertThat(rows(calls.topics(s, HOUR, NOW)).get(0)).containsEntry("calls", 3L)
                    .containsEntry("offered", 3L).containsEntry("answered", 2L).containsEntry("blocked", 1L);
            assertThat(rows(agents.agents(s, HOUR, NOW, "agents")).get(0)).containsEntry("survey_responses", 2L)
                    .containsEntry("csat", Kpi.of(1, 2, false));
        }
        assertThat(rows(calls.outcomes(current, HOUR, NOW, new long[4][2])))
                .isEqualTo(rows(calls.outcomes(old, HOUR, NOW, new long[4][2])));
        assertThat(rows(calls.topics(current, HOUR, NOW))).isEqualTo(rows(calls.topics(old, HOUR, NOW)));
        assertThat(rows(calls.satisfaction(current, HOUR, NOW))).isEqualTo(rows(calls.satisfaction(old, HOUR, NOW)));
        // Monday 2026-11-23, 10:00 UTC
        assertThat(rows(calls.heatmap(current, HOUR)).get(0)).containsEntry("h10", 3L);
        assertThat(rows(calls.heatmap(current, HOUR))).isEqualTo(rows(calls.heatmap(old, HOUR)));
        assertThat(rows(agents.agents(current, HOUR, NOW, "agents")))
                .isEqualTo(rows(agents.agents(old, HOUR, NOW, "agents")));
    }

    private static void put(Map<String, Map<String, Map<String, String>>> into, String kind, String member,
                            Object... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1].toString());
        }
        into.computeIfAbsent(kind, k -> new HashMap<>()).put(member, fields);
    }

    /** The hashes of the hour's first quarter, nothing else. */
    private record Source(Map<String, Map<String, Map<String, String>>> hashes) implements BucketSource {
        @Override
        public void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
            long first = Buckets.index(FROM.toInstant());
            if (first < from || first >= to) {
                return;
            }
            hashes.getOrDefault(kind, Map.of()).forEach((member, fields) -> {
                if (member == null || keep.test(member)) {
                    sink.accept(first, member, fields);
                }
            });
        }

        @Override
        public void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink) {
        }

        @Override
        public Map<String, List<Long>> callers(LocalDate day) {
            return Map.of();
        }

        @Override
        public String source() {
            return "test";
        }
    }
}
