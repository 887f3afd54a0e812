package cn.hotline12333.ivr;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One named weekly schedule: opening hours per weekday in a time zone, and local closure dates. */
record Schedule(String name, ZoneId zone, Map<DayOfWeek, List<Range>> week, Set<LocalDate> closedDates) {

    Schedule {
        week = Map.copyOf(week);
        closedDates = Set.copyOf(closedDates);
    }

    /** Open from minute {@code from} of the day up to, not including, minute {@code until} (1440 is midnight). */
    record Range(int from, int until) {
        boolean contains(int minute) {
            return minute >= from && minute < until;
        }

        boolean overlaps(Range other) {
            return from < other.until && other.from < until;
        }

        @Override
        public String toString() {
            return String.format("%02d:%02d-%02d:%02d", from / 60, from % 60, until / 60, until % 60);
        }
    }
}
