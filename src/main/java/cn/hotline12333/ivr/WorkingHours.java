package cn.hotline12333.ivr;

import java.time.Instant;

/**
 * Working-hours schedules (weekly hours per schedule name) and China's holiday calendar (public holidays
 * and adjusted working days, 调休), loaded from {@code ivr-flows/}. Immutable.
 */
public final class WorkingHours {

    /** Whether the named schedule is open at {@code at}. */
    public boolean isOpen(String schedule, Instant at) {
        throw new UnsupportedOperationException("issue 3: schedules not built yet");
    }

    /** Whether a schedule of that name exists (the validator asks). */
    public boolean has(String schedule) {
        throw new UnsupportedOperationException("issue 3: schedules not built yet");
    }
}
