package cn.hotline12333.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One syntax for every setting and file (docs/flows.md, "Durations and keys"). */
class DurationsTest {

    @Test
    void aWholeNumberAndAUnit() {
        assertThat(Durations.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("999999999h")).isEqualTo(Duration.ofHours(999_999_999));
    }

    @Test
    void zeroIsADurationAndTheFieldDecidesWhetherItMakesSense() {
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse("0ms")).isZero();
    }

    @Test
    void signsFractionsSpacesAndBareNumbersAreNoDurations() {
        for (String bad : new String[] {"-5s", "+5s", "1.5s", "5 s", " 5s", "5", "s", "5sec", "5S", "", "1000000000s",
                "99999999999999999999h"}) {
            assertThat(Durations.parse(bad)).as(bad).isNull();
        }
    }
}
