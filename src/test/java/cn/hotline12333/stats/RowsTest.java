package cn.hotline12333.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsTest {
    private static Rows rows(ZoneId zone, LocalDate day, int days, Interval interval) {
        return new Rows(new ReportQuery(day.atStartOfDay(zone), day.plusDays(days).atStartOfDay(zone), interval,
                List.of(), List.of(), List.of(), List.of(), null, null));
    }

    @Test
    void theDaySummerTimeEndsHas25HourlyRowsAnd100Buckets() {
        Rows r = rows(ZoneId.of("Europe/Berlin"), LocalDate.of(2026, 10, 25), 1, Interval.H1);
        assertThat(r.size()).isEqualTo(25);
        assertThat(r.endBucket - r.firstBucket).isEqualTo(100);
        assertThat(rows(ZoneId.of("Europe/Berlin"), LocalDate.of(2026, 3, 29), 1, Interval.H1).size()).isEqualTo(23);
        Rows day = rows(ZoneId.of("Europe/Berlin"), LocalDate.of(2026, 10, 25), 1, Interval.DAY);
        assertThat(day.size()).isEqualTo(1);
        for (long b = day.firstBucket; b < day.endBucket; b++) {
            assertThat(day.row(b)).isZero();
        }
    }

    @Test
    void kathmanduHalfHoursStartAtQuarterPastInUtc() {
        Rows r = rows(ZoneId.of("Asia/Kathmandu"), LocalDate.of(2026, 11, 23), 1, Interval.M30);
        assertThat(r.size()).isEqualTo(48);
        assertThat(r.starts.get(0).toInstant().toString()).isEqualTo("2026-11-22T18:15:00Z");
        assertThat(r.row(r.firstBucket)).isZero();
        assertThat(r.row(r.firstBucket + 1)).isZero();
        assertThat(r.row(r.firstBucket + 2)).isEqualTo(1);
    }

    @Test
    void weeksStartOnMondayAndOnlyBucketsInsideTheRangeCount() {
        Rows r = rows(ZoneId.of("Asia/Shanghai"), LocalDate.of(2026, 11, 25), 2, Interval.WEEK);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.starts.get(0).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(r.endBucket - r.firstBucket).isEqualTo(2 * 96);
    }

    @Test
    void aZoneWhoseOffsetIsNotAMultipleOfFifteenMinutesIsRefusedNamingTz() {
        ZoneId oddOffset = ZoneId.of("+05:20");
        assertThatThrownBy(() -> new Rows(new ReportQuery(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, oddOffset),
                ZonedDateTime.of(2026, 1, 2, 0, 0, 0, 0, oddOffset), Interval.DAY, List.of(), List.of(), List.of(),
                List.of(), null, null))).hasMessageStartingWith("tz:");
    }
}
