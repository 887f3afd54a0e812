package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A name kept once is the same instance the next time (what makes it cheap to look up). What the kept names add
 * up to is checked against the plain reference implementation by {@link StatisticsPropertyTest}.
 */
class KeyNamesTest {
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

    @Test
    void aKindWithoutHourlyTwinsNamesNone() {
        // topics lost theirs (Buckets.HOURLY_KINDS): the 15-minute name only, as Buckets.hourly says
        KeyNames.Kind topics = new KeyNames.Kind("t:");

        assertThat(topics.at(41, "pension")).isEqualTo("t:41:pension");
        assertThat(Buckets.hourly(topics.at(41, "pension"))).isNull();
        assertThat(topics.hour(41, "pension")).isNull();
    }
}
