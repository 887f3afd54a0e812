package cn.hotline12333.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one load run against one FastAGI server came to.
 *
 * @param target         which server ({@code ours}, {@code reference}, or an address)
 * @param started        calls dialled
 * @param served         calls that ended as their path must ({@link CallPath#problem})
 * @param failures       why the others did not, with how many calls each (unfinished at the deadline too)
 * @param peakConcurrent most calls open at once
 * @param elapsed        from the first call's start to the last call's end
 * @param turnaround     the server's think time per command (all calls' commands), from our reply to its
 *                       next command
 * @param unpaused       the same without the commands that arrived while the bench forced a full GC in the
 *                       server to read its live heap (and a second after)
 * @param heap           the server JVM's heap, when it was measured
 */
public record LoadReport(String target, int started, int served, Map<String, Integer> failures,
                         int peakConcurrent, Duration elapsed, Percentiles turnaround, Percentiles unpaused,
                         HeapFigures heap) {

    /** How many kinds of failure the report lists; the rest are counted. */
    static final int SHOWN_FAILURES = 12;

    public LoadReport {
        failures = Map.copyOf(failures);
    }

    /** Nearest-rank percentiles of a set of durations in nanoseconds. */
    public record Percentiles(long count, long p50Nanos, long p90Nanos, long p99Nanos, long p999Nanos,
                              long maxNanos) {

        static Percentiles of(long[] nanos, int count) {
            if (count == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0);
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Percentiles(count, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                    percentile(sorted, 99.9), sorted[count - 1]);
        }

        /** p50 / p90 / p99 / p99.9 / max in ms. */
        String text() {
            return ms(p50Nanos) + " / " + ms(p90Nanos) + " / " + ms(p99Nanos) + " / " + ms(p999Nanos) + " / "
                    + ms(maxNanos);
        }

        /** The smallest value with at least {@code p} percent of the values at or below it (nearest rank). */
        static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                throw new IllegalArgumentException("no values");
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }
    }

    /**
     * The server JVM's heap in KiB; -1 where not measured.
     *
     * @param peakUsedKb   most heap in use in any sample (garbage included)
     * @param liveKb       heap in use right after the full GC forced once at peak load
     * @param openAtGc     calls open when that GC was forced
     * @param peakRssKb    the server process's peak resident memory (VmHWM), its embedded redis-server apart
     */
    public record HeapFigures(long peakUsedKb, long liveKb, int openAtGc, long youngGcs, long fullGcs,
                              long peakRssKb, String note) {

        public static HeapFigures unmeasured(String why) {
            return new HeapFigures(-1, -1, 0, -1, -1, -1, why);
        }
    }

    public LoadReport withHeap(HeapFigures measured) {
        return new LoadReport(target, started, served, failures, peakConcurrent, elapsed, turnaround, unpaused,
                measured);
    }

    /** Kinds of failure, the most frequent first. */
    public List<Map.Entry<String, Integer>> failuresByCount() {
        List<Map.Entry<String, Integer>> kinds = new ArrayList<>(failures.entrySet());
        kinds.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return kinds;
    }

    public int failed() {
        return started - served;
    }

    public double callsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : served / seconds;
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("target: " + target);
        out.add(String.format(Locale.ROOT, "calls: started %d, served %d, failed %d", started, served, failed()));
        List<Map.Entry<String, Integer>> kinds = failuresByCount();
        kinds.stream().limit(SHOWN_FAILURES).forEach(f -> out.add("  failed " + f.getValue() + ": " + f.getKey()));
        if (kinds.size() > SHOWN_FAILURES) {
            out.add("  and " + (kinds.size() - SHOWN_FAILURES) + " more kinds of failure");
        }
        out.add(String.format(Locale.ROOT, "calls/s: %.1f over %.1f s; peak concurrent calls: %d",
                callsPerSecond(), elapsed.toMillis() / 1000.0, peakConcurrent));
        out.add(String.format(Locale.ROOT, "turnaround per command (%d commands): p50 / p90 / p99 / p99.9 / max %s",
                turnaround.count(), turnaround.text()));
        if (unpaused.count() != turnaround.count()) {
            out.add(String.format(Locale.ROOT, "  without the %d commands around the forced GC: %s",
                    turnaround.count() - unpaused.count(), unpaused.text()));
        }
        out.add("server heap: " + heapText());
        return out;
    }

    String heapText() {
        if (heap.peakUsedKb() < 0 && heap.liveKb() < 0) {
            return "not measured (" + heap.note() + ")";
        }
        String text = "peak used " + mb(heap.peakUsedKb()) + ", live after GC at peak " + mb(heap.liveKb())
                + " (" + heap.openAtGc() + " calls open); young GCs " + heap.youngGcs() + ", full GCs "
                + heap.fullGcs() + "; peak RSS " + mb(heap.peakRssKb());
        return heap.note() == null || heap.note().isEmpty() ? text : text + "; " + heap.note();
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }
}
