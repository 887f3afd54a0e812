package cn.hotline12333.stats;

import java.util.HashMap;
import java.util.Map;

/** Counters summed over buckets (a maximum for the {@code wm} field), with the two wait histograms of a queue. */
final class Tally {
    final Map<String, Long> counts = new HashMap<>();
    final long[] answeredWaits = new long[WaitHistogram.BINS];
    final long[] abandonWaits = new long[WaitHistogram.BINS];

    void add(Map<String, String> fields) {
        fields.forEach((k, v) -> add(k, Long.parseLong(v)));
    }

    void add(String field, long n) {
        if (field.equals("wm")) {
            counts.merge(field, n, Math::max);
        } else {
            counts.merge(field, n, Long::sum);
        }
    }

    void add(Tally other) {
        other.counts.forEach(this::add);
        addHistogram(answeredWaits, other.answeredWaits);
        addHistogram(abandonWaits, other.abandonWaits);
    }

    static void addHistogram(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    long get(String field) {
        return counts.getOrDefault(field, 0L);
    }

    /** Sum of every field starting with {@code prefix}. */
    long sumPrefix(String prefix) {
        long n = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue();
            }
        }
        return n;
    }
}
