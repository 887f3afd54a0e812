package cn.hotline12333.ivr;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Working-hours schedules (weekly hours per schedule name) and China's holiday calendar (public holidays
 * and adjusted working days, 调休), loaded from {@code ivr-flows/}. Immutable.
 *
 * <p>The rule, on the schedule's own local date: a local closure or a public holiday is closed; an adjusted
 * working day (a Saturday or Sunday worked in exchange for a holiday) opens with Monday's hours; any other
 * day opens with its weekday's hours.
 */
public final class WorkingHours {
    private final Map<String, Schedule> schedules;
    private final HolidayCalendar calendar;

    WorkingHours(Map<String, Schedule> schedules, HolidayCalendar calendar) {
        this.schedules = Map.copyOf(schedules);
        this.calendar = calendar;
    }

    /** Whether the named schedule is open at {@code at}. */
    public boolean isOpen(String schedule, Instant at) {
        Schedule hours = schedules.get(schedule);
        if (hours == null) {
            // The validator refuses a flow naming an unknown schedule, so reaching here is our bug.
            throw new IllegalArgumentException("no schedule named \"" + schedule + "\"");
        }
        ZonedDateTime local = at.atZone(hours.zone());
        LocalDate day = local.toLocalDate();
        if (hours.closedDates().contains(day) || calendar.isHoliday(day)) {
            return false;
        }
        DayOfWeek weekday = calendar.isWorkingDay(day) ? DayOfWeek.MONDAY : day.getDayOfWeek();
        int minute = local.getHour() * 60 + local.getMinute();
        return hours.week().getOrDefault(weekday, List.of()).stream().anyMatch(range -> range.contains(minute));
    }

    /**
     * Whether {@code day} is a working day in China's calendar: Monday to Friday unless a public holiday, or
     * an adjusted working day. The 7-working-day reply deadline for complaints counts these.
     */
    public boolean isWorkingDay(LocalDate day) {
        if (calendar.isHoliday(day)) {
            return false;
        }
        DayOfWeek d = day.getDayOfWeek();
        return calendar.isWorkingDay(day) || (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY);
    }

    /** Whether the holiday calendar has that year's arrangement (any holiday or adjusted working day in it). */
    public boolean knowsYear(int year) {
        return calendar.holidays().keySet().stream().anyMatch(d -> d.getYear() == year)
                || calendar.workingDays().keySet().stream().anyMatch(d -> d.getYear() == year);
    }

    /** Whether a schedule of that name exists (the validator asks). */
    public boolean has(String schedule) {
        return schedules.containsKey(schedule);
    }
}
