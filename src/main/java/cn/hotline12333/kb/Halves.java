package cn.hotline12333.kb;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.DocIdStream;
import org.apache.lucene.search.FilterScorable;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * A costly search's collection scored as two doc-id halves of the one segment on two threads at once, when a core is
 * free. The index stays one segment (two half-size segments cost more than one: docs/benchmarks.md, knowledge base);
 * one {@link Weight}, one bulk scorer per half (Lucene's scorers are not thread-safe), each half collected by its own
 * collector of the same concurrent manager, whose shared minimum competitive score lets each half skip what the
 * other has already beaten, and whose {@code reduce} merges the two. The hits, their order, their scores and ties
 * (by doc id) are the single-threaded search's: every document's score is the same sum, and the top hits are exact
 * whatever the pruning; only how many hits were counted past the threshold differs, which the caller must not serve
 * ({@link ArticleSearch} serves the threshold as the lower bound).
 *
 * <p>A search splits only when its predicted cost ({@link #postings}) is at least {@code minPostings}, fewer
 * searches and halves than cores are running, and a thread of the pool is idle: the half is handed over, never queued
 * (a queued half would wait behind others' work, and at full load a split only adds the second scorer's cost). A half
 * the pool has not started when the search finishes its own is scored by the search itself, so a search never waits
 * for a half that cannot start. The pool is this class's own, not the web layer's search pool: that one queues, and
 * its threads are the searches themselves.
 */
final class Halves implements AutoCloseable {
    /** Never splits: every search collects on its own thread (tests, probes). */
    static final Halves NONE = new Halves(null, 0, Long.MAX_VALUE);

    /**
     * Null for {@link #NONE}. Hands a half only to an idle thread: a half it cannot hand over is rejected (by a
     * flag, or by {@link RejectedExecutionException}), and the search then collects alone.
     */
    private final Executor pool;
    private final int cores;
    private final long minPostings;
    /** Searches under way ({@link #started}/{@link #ended}) plus halves running on the pool. */
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong splits = new AtomicLong();

    /** {@code pool}: see the field; tests pass one whose threads never start, or that rejects everything. */
    Halves(Executor pool, int cores, long minPostings) {
        this.pool = pool;
        this.cores = cores;
        this.minPostings = minPostings;
    }

    /**
     * Splits searches whose clauses' postings sum to {@code minPostings} or more ({@link #postings}), on
     * {@code cores - 1} threads of its own (at least one).
     */
    static Halves open(int cores, long minPostings) {
        int threads = Math.max(1, cores - 1);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "kb-half-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, p) -> ((Half) r).rejected = true);
        // Every thread waits on the hand-over queue from the start: an offer succeeds exactly when one is idle.
        pool.prestartAllCoreThreads();
        return new Halves(pool, cores, minPostings);
    }

    /** Marks a search as running (its thread busy) until {@link #ended}. */
    void started() {
        if (pool != null) {
            busy.incrementAndGet();
        }
    }

    void ended() {
        if (pool != null) {
            busy.decrementAndGet();
        }
    }

    /** Searches collected as two halves since opening. */
    long splits() {
        return splits.get();
    }

    /**
     * The predicted cost of searching {@code query}: the document frequencies of its SHOULD clauses' terms summed,
     * the postings an exhaustive search would step through (max-score pruning skips most of them, but the more there
     * are, the more it reads). Absolute, not per article: a small index never splits, where a thread's hand-over
     * would cost more than the search.
     */
    static long postings(Query query, TermLookup terms) throws IOException {
        long sum = 0;
        List<BooleanClause> clauses = query instanceof BooleanQuery bq ? bq.clauses()
                : List.of(new BooleanClause(query, Occur.SHOULD));
        for (BooleanClause c : clauses) {
            if (c.getOccur() != Occur.SHOULD) {
                continue;
            }
            Query q = c.getQuery() instanceof BoostQuery b ? b.getQuery() : c.getQuery();
            List<Term> ts = q instanceof TermQuery t ? List.of(t.getTerm())
                    : q instanceof SynonymQuery syn ? syn.getTerms() : List.of();
            for (Term t : ts) {
                sum += terms.docFreq(t);
            }
        }
        return sum;
    }

    /**
     * {@code query}'s hits collected by {@code manager} (which must allow several collectors, sharing their
     * minimum competitive score), in two halves when {@code postings} (from {@link #postings}) reaches the
     * split cost and a core and a thread are free; otherwise as {@link IndexSearcher#search(Query, CollectorManager)}.
     */
    <C extends Collector> TopDocs search(IndexSearcher searcher, Query query, CollectorManager<C, TopDocs> manager,
                                         long postings) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        if (pool == null || postings < minPostings || leaves.size() != 1 || !claimCore()) {
            return searcher.search(query, manager);
        }
        boolean handedOver = false;
        try {
            LeafReaderContext leaf = leaves.get(0);
            Bits live = leaf.reader().getLiveDocs();
            int mid = leaf.reader().maxDoc() / 2;
            C upper = manager.newCollector();
            Weight weight = searcher.createWeight(searcher.rewrite(query), upper.scoreMode(), 1f);
            BulkScorer upperScorer = weight.bulkScorer(leaf);
            if (upperScorer == null) { // nothing matches
                return manager.reduce(List.of(upper));
            }
            upper.setWeight(weight);
            Half half = new Half(upperScorer, upper.getLeafCollector(leaf), live, mid);
            try {
                pool.execute(half);
            } catch (RejectedExecutionException e) {
                half.rejected = true;
            }
            if (half.rejected) { // the pool's thread was not back yet: one search, as usual
                return searcher.search(query, manager);
            }
            handedOver = true;
            splits.incrementAndGet();
            C lower = manager.newCollector();
            boolean lowerDone = false;
            try {
                lower.setWeight(weight);
                LeafCollector lowerLeaf = new TiesKept(lower.getLeafCollector(leaf));
                weight.bulkScorer(leaf).score(lowerLeaf, live, 0, mid);
                lowerLeaf.finish();
                lowerDone = true;
            } finally {
                if (!lowerDone) {
                    half.abandon();
                }
            }
            half.finish();
            // Lower half first: TopDocs.merge breaks ties by this order, which is the doc ids'.
            return manager.reduce(List.of(lower, upper));
        } finally {
            if (!handedOver) {
                busy.decrementAndGet();
            }
        }
    }

    /** Counts a half as running if fewer searches and halves than cores are. */
    private boolean claimCore() {
        while (true) {
            int now = busy.get();
            if (now >= cores) {
                return false;
            }
            if (busy.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * The upper half, [mid, end), scored by whichever comes first: a pool thread, or the search once its own half is
     * done. Its collector is touched by one thread at a time: made by the search, handed over through the pool's
     * queue (or kept), read again by the search after {@link #finish} (the latch orders it).
     */
    private final class Half implements Runnable {
        private final BulkScorer scorer;
        private final LeafCollector collector;
        private final Bits live;
        private final int mid;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        /** Set by the pool's rejection, on the searching thread, before {@code execute} returns. */
        boolean rejected;
        private IOException failed;

        Half(BulkScorer scorer, LeafCollector collector, Bits live, int mid) {
            this.scorer = scorer;
            this.collector = collector;
            this.live = live;
            this.mid = mid;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    score();
                } finally {
                    busy.decrementAndGet();
                    done.countDown();
                }
            }
        }

        private void score() {
            try {
                scorer.score(collector, live, mid, DocIdSetIterator.NO_MORE_DOCS);
                collector.finish();
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException | Error e) {
                failed = new IOException("scoring the upper half failed", e);
            }
        }

        /**
         * After the search's own half failed: unclaims the core if no thread has started this half, and otherwise
         * waits for the thread that has, which reads the searcher the caller releases once this search ends.
         */
        void abandon() {
            if (claimed.compareAndSet(false, true)) {
                busy.decrementAndGet();
            } else {
                awaitDone();
            }
        }

        /** Scores this half here if no thread has started it; otherwise waits for the thread that has. */
        void finish() throws IOException {
            if (claimed.compareAndSet(false, true)) {
                busy.decrementAndGet(); // the core claimed for the half is this thread's after all
                score();
            } else {
                awaitDone();
            }
            if (failed != null) {
                throw failed;
            }
        }

        /**
         * Waits for the thread scoring this half, through interrupts too (kept for the caller): the half reads the
         * searcher, and a search that returned before it ended would let the caller release the searcher under it.
         */
        private void awaitDone() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The lower half's collector, telling its scorer one float less than the collector asks for. The collector
     * reads the shared minimum as if the upper half's hits had smaller doc ids than its own whenever both are
     * in the same segment (Lucene tells halves apart by segment, and there is one), and so asks its scorer to
     * skip documents that tie the upper half's worst top hit; but in doc-id order the lower half wins such ties.
     * Within its own half the collector rejects ties itself, so the one float less changes nothing else.
     */
    private static final class TiesKept implements LeafCollector {
        private final LeafCollector in;

        TiesKept(LeafCollector in) {
            this.in = in;
        }

        @Override
        public void setScorer(Scorable scorer) throws IOException {
            in.setScorer(new FilterScorable(scorer) {
                @Override
                public void setMinCompetitiveScore(float minScore) throws IOException {
                    scorer.setMinCompetitiveScore(minScore > 0 ? Math.nextDown(minScore) : minScore);
                }
            });
        }

        @Override
        public void collect(int doc) throws IOException {
            in.collect(doc);
        }

        @Override
        public void collect(DocIdStream stream) throws IOException {
            in.collect(stream);
        }

        @Override
        public DocIdSetIterator competitiveIterator() throws IOException {
            return in.competitiveIterator();
        }

        @Override
        public void finish() throws IOException {
            in.finish();
        }
    }

    @Override
    public void close() {
        if (pool instanceof ExecutorService s) {
            s.shutdownNow();
        }
    }
}
