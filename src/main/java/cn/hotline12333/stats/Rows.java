package cn.hotline12333.stats;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's rows (local 15/30/60-minute intervals, days, ISO weeks or months in the query's zone) and which
 * 15-minute UTC buckets each one is made of. A bucket belongs to the row its start falls in, and only buckets that
 * start inside [from, to) count, so a range is taken at 15-minute granularity. A 25-hour DST day has 25 hourly
 * rows and one day row of 100 buckets.
 */
final class Rows {
    final List<ZonedDateTime> starts = new ArrayList<>();
    final List<ZonedDateTime> ends = new ArrayList<>();
    final long firstBucket;
    final long endBucket;
    private final int[] rowOfBucket;

    Rows(ReportQuery q) {
        ZonedDateTime from = q.from();
        if (from.getOffset().getTotalSeconds() % Buckets.SECONDS != 0) {
            throw new IllegalArgumentException("tz: zone " + from.getZone() + " has an offset that is not a multiple of 15 minutes at " + from);
        }
        firstBucket = ceilBucket(from.toInstant());
        endBucket = ceilBucket(q.to().toInstant());
        rowOfBucket = new int[(int) Math.max(0, endBucket - firstBucket)];
        java.util.Arrays.fill(rowOfBucket, -1);
        ZonedDateTime start = align(from, q.interval());
        while (start.isBefore(q.to())) {
            ZonedDateTime end = next(start, q.interval());
            int row = starts.size();
            starts.add(start);
            ends.add(end);
            long lo = Math.max(firstBucket, ceilBucket(start.toInstant()));
            long hi = Math.min(endBucket, ceilBucket(end.toInstant()));
            for (long b = lo; b < hi; b++) {
                rowOfBucket[(int) (b - firstBucket)] = row;
            }
            start = end;
        }
    }

    private static long ceilBucket(Instant t) {
        return Math.floorDiv(t.getEpochSecond() + Buckets.SECONDS - 1, Buckets.SECONDS);
    }

    int row(long bucket) {
        if (bucket < firstBucket || bucket >= endBucket) {
            return -1;
        }
        return rowOfBucket[(int) (bucket - firstBucket)];
    }

    int size() {
        return starts.size();
    }

    /** The UTC days whose buckets the rows need. */
    List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        if (endBucket <= firstBucket) {
            return days;
        }
        for (LocalDate d = Buckets.day(firstBucket); !d.isAfter(Buckets.day(endBucket - 1)); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    static ZonedDateTime align(ZonedDateTime t, Interval interval) {
        return switch (interval) {
            case M15 -> t.truncatedTo(ChronoUnit.HOURS).plusMinutes(t.getMinute() / 15 * 15L);
            case M30 -> t.truncatedTo(ChronoUnit.HOURS).plusMinutes(t.getMinute() / 30 * 30L);
            case H1 -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.toLocalDate().atStartOfDay(t.getZone());
            case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(t.getZone());
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
        };
    }

    static ZonedDateTime next(ZonedDateTime start, Interval interval) {
        return switch (interval) {
            case M15 -> start.plusMinutes(15);
            case M30 -> start.plusMinutes(30);
            case H1 -> start.plusHours(1);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }
}
