package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Where the reports read 15-minute buckets from: Redis ({@link Aggregates}) or the JSONL files ({@link FileBuckets}). */
interface BucketSource {
    interface HashSink {
        void accept(long bucket, String member, Map<String, String> fields);
    }

    interface HistogramSink {
        void accept(long bucket, String member, long[] bins);
    }

    /** The hashes {@code kind:slot[:member]} of buckets [from, to) for the members of {@code index} that {@code keep} accepts. */
    void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink);

    /**
     * As {@link #hashes}, except that a source may hand over an agent or topic hash summed over a whole UTC hour
     * (with the hour's first bucket) where {@code rowOf} puts the hour's four buckets in the same report row.
     */
    default void hashesByRow(String kind, String index, long from, long to, Predicate<String> keep,
                             java.util.function.LongToIntFunction rowOf, HashSink sink) {
        hashes(kind, index, from, to, keep, sink);
    }

    /** The wait histograms {@code hw} / {@code ha} of buckets [from, to). */
    void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink);

    /** Every caller of a UTC day: digest to its calls (start epoch second × 2 + reached an agent). */
    Map<String, List<Long>> callers(LocalDate day);

    /** {@code redis} or {@code files}, for the report's meta. */
    String source();
}
