package cn.hotline12333.kb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Query vectors, embedded on a small pool of their own and kept in a small cache of the latest queries.
 *
 * <p>The search starts the embedding ({@link #start}) before its text search and collects it after
 * ({@link #await}), so the model and Lucene run side by side on two cores instead of one after the other on the
 * web worker. The pool is bounded (threads and queue): a burst of searches cannot take every core, and when it
 * is full the search goes on with the text search alone rather than wait. The cache holds the vector (or the
 * embedding still under way) of the last {@code capacity} distinct queries: the agent desktop prefills its search
 * with the call's topic, so the same few questions come back all day; a second search of a query being embedded
 * waits for that embedding instead of starting another. {@code kb bench} turns the cache off: its figures are
 * those of queries embedded afresh.
 *
 * <p>{@link #start} and {@link #await} may be called from many threads at once.
 */
final class QueryVectors implements AutoCloseable {
    /** Embedding threads: one per core of the 2-core box, the text search uses the caller's. */
    static final int THREADS = 2;
    /** Queries waiting for a thread at most; beyond that a search goes on without its vector. */
    static final int QUEUE = 64;

    private final Function<String, float[]> model;
    private final int capacity;
    private final ThreadPoolExecutor pool;
    /** Access-ordered: the eldest entry is the least recently searched. Guarded by itself. */
    private final Map<String, CompletableFuture<float[]>> recent;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder late = new LongAdder();

    QueryVectors(Function<String, float[]> model, int capacity) {
        this.model = model;
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<float[]>> eldest) {
                return size() > QueryVectors.this.capacity;
            }
        };
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "kb-query-embed-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A query's vector on its way. */
    record Pending(String query, CompletableFuture<float[]> vector) {
    }

    /** The vector of {@code query}: from the cache, joining an embedding under way, or embedded on the pool. */
    Pending start(String query) {
        CompletableFuture<float[]> mine;
        synchronized (recent) {
            CompletableFuture<float[]> known = capacity == 0 ? null : recent.get(query);
            if (known != null && !known.isCompletedExceptionally()) {
                hits.increment();
                return new Pending(query, known);
            }
            mine = new CompletableFuture<>();
            if (capacity > 0) {
                recent.put(query, mine);
            }
        }
        misses.increment();
        try {
            pool.execute(() -> {
                try {
                    mine.complete(model.apply(query));
                } catch (RuntimeException | Error e) {
                    // an Error too (the encoder's direct buffers beyond the limit): a future left uncompleted stays
                    // cached, and every search of the query would wait for it to its deadline
                    mine.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            mine.completeExceptionally(full);
        }
        // A failed embedding (the pool full, the model failing) is not remembered: the next search tries again.
        mine.whenComplete((v, e) -> {
            if (e != null) {
                synchronized (recent) {
                    recent.remove(query, mine);
                }
            }
        });
        return new Pending(query, mine);
    }

    /**
     * The vector, waiting until {@code deadlineNanos} ({@link System#nanoTime}; {@link Long#MAX_VALUE}: as long
     * as it takes), or null when it is not there in time or could not be made (pool full): the search is then
     * lexical only, and counted as late. An embedding that misses its deadline still completes into the cache.
     * Without a deadline (the evaluation) a query the full pool refused is embedded on the caller's thread.
     */
    float[] await(Pending pending, long deadlineNanos) {
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                return pending.vector().get();
            }
            return pending.vector().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            late.increment();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    return model.apply(pending.query());
                }
                late.increment();
                return null;
            }
            throw new IllegalStateException("query embedding failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            late.increment();
            return null;
        }
    }

    /** Queries answered from the cache (or an embedding under way), embedded, and not embedded in time. */
    KnowledgeBase.QueryEmbedding counts() {
        return new KnowledgeBase.QueryEmbedding(hits.sum(), misses.sum(), late.sum());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
