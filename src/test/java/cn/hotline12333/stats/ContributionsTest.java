package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContributionsTest {
    @Test
    void theTimeAtANodeIsDurationsMillisecondsForAnyTwoTimesAndOffsets() {
        Random random = new Random(11);
        OffsetDateTime base = OffsetDateTime.parse("2026-11-23T10:00:00+08:00");
        for (int n = 0; n < 100_000; n++) {
            OffsetDateTime from = base.plusNanos(random.nextLong() % 86_400_000_000_000L)
                    .withOffsetSameInstant(ZoneOffset.ofHoursMinutes(random.nextInt(12), 15 * random.nextInt(4)));
            // to before or after from, by whole and by fractional milliseconds
            OffsetDateTime to = from.plusNanos(random.nextBoolean() ? random.nextLong() % 7_200_000_000_000L
                    : random.nextInt(3_000_000) - 1_500_000).withOffsetSameInstant(ZoneOffset.UTC);
            assertThat(Contributions.millisBetween(from, to))
                    .isEqualTo(Duration.between(from.toInstant(), to.toInstant()).toMillis());
        }
    }

    @Test
    void aTimesBucketIsItsInstantsWhateverItsOffset() {
        Random random = new Random(12);
        for (int n = 0; n < 10_000; n++) {
            OffsetDateTime t = OffsetDateTime.parse("2026-11-23T00:00:00Z").plusNanos(random.nextLong() % 400_000_000_000_000L)
                    .withOffsetSameInstant(ZoneOffset.ofHoursMinutes(-random.nextInt(12), -15 * random.nextInt(4)));
            assertThat(Buckets.index(t)).isEqualTo(Buckets.index(t.toInstant()));
        }
    }
}
