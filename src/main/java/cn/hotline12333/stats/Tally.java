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

    /**
     * A field's sum; calls ({@code c}), survey responses ({@code sr}) and satisfied responses ({@code sat}) are summed
     * from the fields they are made of, the outcomes and the score fields: since 2026-12-08 they are not stored
     * (Contributions), and where an older day stored them they equal those sums, so a day written before, or partly
     * before, reads the same.
     */
    long get(String field) {
        return switch (field) {
            case "c" -> sumPrefix("o.");
            case "sr" -> scores(Integer.MIN_VALUE);
            case "sat" -> scores(Contributions.SATISFIED_FROM);
            default -> counts.getOrDefault(field, 0L);
        };
    }

    /**
     * Whether a stored field is one the readers no longer read but sum from others ({@link #get}; the topic hashes'
     * {@code <queue>|o}, CallReports): present only in days written before 2026-12-08, so {@code stats verify}
     * leaves it out of its comparison.
     */
    static boolean derived(String field) {
        return field.equals("c") || field.equals("sr") || field.equals("sat") || field.endsWith("|o");
    }

    /** The responses with a score of at least {@code from}: the fields {@code s<score>}. */
    private long scores(int from) {
        long n = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Integer score = score(e.getKey());
            if (score != null && score >= from) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** The score of a field {@code s<score>} ({@code s4}, {@code s-1}), or null for any other field. */
    static Integer score(String field) {
        if (field.length() < 2 || field.charAt(0) != 's') {
            return null;
        }
        int i = field.charAt(1) == '-' ? 2 : 1;
        if (i == field.length()) {
            return null;
        }
        for (int j = i; j < field.length(); j++) {
            if (field.charAt(j) < '0' || field.charAt(j) > '9') {
                return null;
            }
        }
        try {
            return Integer.parseInt(field, 1, field.length(), 10);
        } catch (NumberFormatException e) {
            return null;
        }
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
