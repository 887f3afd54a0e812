package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.HandlingRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Contributions with its names kept ({@link KeyNames}) gives every record exactly the changes, in the same order,
 * that it gave when it built each name per change ({@link ContributionsBefore}), over a seeded random day of all
 * three record kinds; and a name kept once is the same instance the next time (what makes it cheap to look up).
 */
class ContributionsTest {
    private static final StatsSettings SETTINGS = new StatsSettings(ZoneId.of("Asia/Shanghai"),
            new StatsSettings.Thresholds(20, 5), Map.of("card", new StatsSettings.Thresholds(30, 10)), 5, 7, 62,
            Duration.ofHours(2), 256, Duration.ofSeconds(3));

    @Test
    void everyRecordContributesWhatItDidBeforeItsNamesWereKept() {
        RandomDay day = new RandomDay(20261207L, Instant.parse("2026-11-22T16:00:00Z"),
                Instant.parse("2026-11-24T16:00:00Z"), 6_000, 12);
        Contributions now = new Contributions(SETTINGS);
        ContributionsBefore before = new ContributionsBefore(SETTINGS);
        // twice over: the second pass reads every name from what the first kept
        for (int pass = 0; pass < 2; pass++) {
            for (CallRecord c : day.calls) {
                assertThat(now.of(c)).as(c.callId()).isEqualTo(before.of(c));
            }
            for (HandlingRecord h : day.handling) {
                assertThat(now.of(h)).as(h.recordId()).isEqualTo(before.of(h));
            }
            for (AgentStateSegment s : day.states) {
                assertThat(now.of(s)).as(s.segmentId()).isEqualTo(before.of(s));
            }
        }
        assertThat(day.calls).hasSizeGreaterThan(5_000);
        assertThat(day.handling).isNotEmpty();
        assertThat(day.states).isNotEmpty();
    }

    @Test
    void aKeptNameIsTheSameInstanceEachTime() {
        KeyNames.Kind agents = new KeyNames.Kind("a:");

        String first = agents.at(41, new String("Agent 1001"));

        assertThat(first).isEqualTo("a:41:Agent 1001").isSameAs(agents.at(41, new String("Agent 1001")));
        assertThat(agents.hour(41, "Agent 1001")).isEqualTo(Buckets.hourly(first)).isEqualTo("ah:10:Agent 1001")
                .isSameAs(agents.hour(43, "Agent 1001"));
        assertThat(agents.member(new String("Agent 1001"))).isSameAs(agents.member("Agent 1001"));
        assertThat(new KeyNames.Pairs("/").get("hotline", null)).isEqualTo("hotline/null");
    }
}
