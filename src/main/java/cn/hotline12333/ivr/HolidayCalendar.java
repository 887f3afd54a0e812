package cn.hotline12333.ivr;

import java.time.LocalDate;
import java.util.Map;

/**
 * China's public holidays and adjusted working days (调休), as the State Council publishes them each year
 * (the files under {@code ivr-flows/calendar/}). A date is at most one of the two: the loader refuses both.
 */
record HolidayCalendar(Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays) {

    HolidayCalendar {
        holidays = Map.copyOf(holidays);
        workingDays = Map.copyOf(workingDays);
    }

    boolean isHoliday(LocalDate day) {
        return holidays.containsKey(day);
    }

    boolean isWorkingDay(LocalDate day) {
        return workingDays.containsKey(day);
    }
}
