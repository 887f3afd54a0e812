package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Daily roll-ups before {@code cut} (a bucket index at a local midnight), 15-minute buckets from it on. */
final class SplitSource implements BucketSource {
    private final BucketSource old;
    private final BucketSource recent;
    private final long cut;

    SplitSource(BucketSource old, BucketSource recent, long cut) {
        this.old = old;
        this.recent = recent;
        this.cut = cut;
    }

    @Override
    public void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
        if (from < cut) {
            old.hashes(kind, index, from, Math.min(to, cut), keep, sink);
        }
        if (to > cut) {
            recent.hashes(kind, index, Math.max(from, cut), to, keep, sink);
        }
    }

    @Override
    public void hashesByRow(String kind, String index, long from, long to, Predicate<String> keep,
                            java.util.function.LongToIntFunction rowOf, HashSink sink) {
        if (from < cut) {
            old.hashes(kind, index, from, Math.min(to, cut), keep, sink);
        }
        if (to > cut) {
            recent.hashesByRow(kind, index, Math.max(from, cut), to, keep, rowOf, sink);
        }
    }

    @Override
    public void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink) {
        if (from < cut) {
            old.histograms(kind, from, Math.min(to, cut), keep, sink);
        }
        if (to > cut) {
            recent.histograms(kind, Math.max(from, cut), to, keep, sink);
        }
    }

    @Override
    public Map<String, List<Long>> callers(LocalDate day) {
        return recent.callers(day);
    }

    @Override
    public String source() {
        return "redis";
    }
}
