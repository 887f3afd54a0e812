package cn.hotline12333.workorder;

import java.time.LocalDate;

/**
 * Deadlines counted in working days on China's calendar: public holidays off, the weekends the State Council
 * swaps into working days (调休) on — the same calendar files ({@code ivr-flows/calendar/}) that open and close
 * the IVR. The count starts the day after acceptance (Civil Code art. 201); a period that would end on a day
 * off ends on the next working day (art. 203), which counting working days gives by itself. A deadline that
 * reaches into a year the calendar does not know is refused, never guessed.
 */
public final class Deadlines {
    /** The most working days one deadline may count: a year and a half; more is a typing error. */
    public static final int MAX_WORKING_DAYS = 366;

    /** China's working days as the calendar files say. */
    public interface Calendar {
        boolean isWorkingDay(LocalDate day);

        /** Whether the calendar holds that year's holiday arrangement. */
        boolean knowsYear(int year);

        static Calendar of(java.util.function.Predicate<LocalDate> isWorkingDay, java.util.function.IntPredicate knowsYear) {
            return new Calendar() {
                @Override
                public boolean isWorkingDay(LocalDate day) {
                    return isWorkingDay.test(day);
                }

                @Override
                public boolean knowsYear(int year) {
                    return knowsYear.test(year);
                }
            };
        }
    }

    /** The calendar lacks a year the count runs into: the message names the year and the file to add. */
    public static final class UnknownYear extends Exception {
        private final int year;

        UnknownYear(int year) {
            super("no holiday calendar for " + year + ": add ivr-flows/calendar/cn-" + year
                    + ".yaml from the State Council's notice before promising a date in " + year, null, false, false);
            this.year = year;
        }

        public int year() {
            return year;
        }
    }

    private Deadlines() {
    }

    /** The day by which {@code workingDays} working days after {@code accepted} have passed (that day's end). */
    public static LocalDate due(Calendar calendar, LocalDate accepted, int workingDays) throws UnknownYear {
        if (workingDays < 1 || workingDays > MAX_WORKING_DAYS) {
            throw new IllegalArgumentException("working days must be 1 to " + MAX_WORKING_DAYS + ", was " + workingDays);
        }
        LocalDate day = accepted;
        for (int counted = 0; counted < workingDays; ) {
            day = day.plusDays(1);
            if (!calendar.knowsYear(day.getYear())) {
                throw new UnknownYear(day.getYear());
            }
            if (calendar.isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }
}
