package cn.hotline12333.stats;

/** The rows of a report: 15, 30, 60 minutes, a day, an ISO week (Monday first) or a month, in the report's zone. */
public enum Interval {
    M15("15m"), M30("30m"), H1("1h"), DAY("day"), WEEK("week"), MONTH("month");

    private final String wire;

    Interval(String wire) {
        this.wire = wire;
    }

    /** The query parameter's spelling: {@code 15m|30m|1h|day|week|month}. */
    public String wireName() {
        return wire;
    }

    /** The interval for a parameter value, or null when there is none of that name. */
    public static Interval parse(String value) {
        for (Interval i : values()) {
            if (i.wire.equals(value)) {
                return i;
            }
        }
        return null;
    }
}
