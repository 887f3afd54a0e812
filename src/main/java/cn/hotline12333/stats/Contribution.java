package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one record adds to the aggregates, split by the UTC day each change falls in. {@code recordId} is what
 * makes applying it idempotent; {@code revision} orders the versions of a handling record (1 for the others).
 */
record Contribution(String stream, String recordId, int revision, boolean revisable, Map<LocalDate, List<Op>> days) {

    static final class Builder {
        private final Map<LocalDate, List<Op>> days = new TreeMap<>();
        // a record's changes nearly all fall in one UTC day: remember its list rather than look the day up per change
        private long lastDay = Long.MIN_VALUE;
        private List<Op> lastOps;

        Builder add(long bucket, String key, String field, long n) {
            if (n != 0) {
                List<Op> ops = ops(bucket);
                ops.add(Op.add(key, field, n));
                String hour = Buckets.hourly(key);
                if (hour != null) {
                    ops.add(Op.add(hour, field, n));
                }
            }
            return this;
        }

        /**
         * As above with the key's hourly twin given ({@link Buckets#hourly} of {@code key}, or null when it has none),
         * for callers that keep the names rather than derive them per change.
         */
        Builder add(long bucket, String key, String hour, String field, long n) {
            if (n != 0) {
                List<Op> ops = ops(bucket);
                ops.add(Op.add(key, field, n));
                if (hour != null) {
                    ops.add(Op.add(hour, field, n));
                }
            }
            return this;
        }

        Builder op(long bucket, Op op) {
            ops(bucket).add(op);
            return this;
        }

        private List<Op> ops(long bucket) {
            long day = Math.floorDiv(bucket, Buckets.PER_DAY);
            if (day != lastDay) {
                lastOps = days.computeIfAbsent(LocalDate.ofEpochDay(day), d -> new ArrayList<>());
                lastDay = day;
            }
            return lastOps;
        }

        Contribution build(String stream, String recordId, int revision, boolean revisable) {
            return new Contribution(stream, recordId, revision, revisable, days);
        }
    }
}
