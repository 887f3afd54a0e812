package cn.hotline12333.workorder;

import java.time.LocalDate;

/**
 * How an order stands against its deadline on a day: the working days left after today up to the due day, due
 * soon (open, at most 1 working day left, the due day itself included) and overdue (open, the due day is past).
 * A closed order is neither; whether it was closed in time is {@link #closedOnTime}.
 */
public record DueState(int workingDaysLeft, boolean dueSoon, boolean overdue) {

    static DueState of(WorkOrder o, LocalDate today, Deadlines.Calendar calendar) {
        if (!o.status().open()) {
            return new DueState(0, false, false);
        }
        if (today.isAfter(o.due())) {
            return new DueState(0, false, true);
        }
        int left = 0;
        for (LocalDate d = today.plusDays(1); !d.isAfter(o.due()) && left <= 1; d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                left++;
            }
        }
        if (left > 1) {
            left = workingDaysBetween(today, o.due(), calendar);
        }
        return new DueState(left, left <= 1, false);
    }

    private static int workingDaysBetween(LocalDate today, LocalDate due, Deadlines.Calendar calendar) {
        int n = 0;
        for (LocalDate d = today.plusDays(1); !d.isAfter(due); d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** The last day (inclusive) whose open orders are due soon: the next working day after {@code today}. */
    static LocalDate dueSoonUntil(LocalDate today, Deadlines.Calendar calendar) {
        LocalDate d = today.plusDays(1);
        for (int i = 0; i < 40 && !calendar.isWorkingDay(d); i++) {
            d = d.plusDays(1);
        }
        return d;
    }
}
