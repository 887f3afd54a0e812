package cn.hotline12333.kb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How a knowledge base runs, validated once.
 *
 * @param watch             re-index article files when they change (the server); off for one-shot CLI use
 * @param debounce          quiet time after the last file event before a reload, so an editor's burst of
 *                          writes becomes one reload
 * @param generatedArticles benchmark only: pad the real articles with generated variants up to this many
 * @param clock             "today", for hiding expired articles: taken in Beijing, whatever the clock's zone (an
 *                          article's {@code expires} is a Beijing date, and a host on UTC runs eight hours behind)
 * @param dense             hybrid retrieval: the embedding model's nearest articles fused with the text search
 *                          (ignored, search stays lexical, when the model is not on the classpath)
 * @param cacheDir          where passage vectors and the tokenizer's native library are kept; null:
 *                          {@value #DEFAULT_CACHE} inside the knowledge-base directory
 * @param embedThreads      onnxruntime threads per embedding (a query, a batch of passages)
 * @param queryCache        query vectors kept for queries searched again (the desk's prefilled topics); 0: none
 * @param denseWait         how long after a search starts it waits for its query's vector; past that it answers
 *                          with the text search alone ({@link KnowledgeBase#queryEmbedding} counts it). Null:
 *                          as long as the model takes (the evaluation, the CLI)
 */
public record KbSettings(boolean watch, Duration debounce, int generatedArticles, Clock clock, boolean dense,
                         Path cacheDir, int embedThreads, int queryCache, Duration denseWait) {
    /** Above this many articles the index lives in memory-mapped files in a temporary directory, not the heap. */
    static final int HEAP_INDEX_LIMIT = 20_000;
    /** Distinct queries whose vectors are kept: a day's prefilled topics, far fewer than a benchmark's mix. */
    static final int QUERY_CACHE = 256;
    /** The cache directory inside the knowledge base when none is configured. */
    public static final String DEFAULT_CACHE = ".cache";
    /** Where the articles' dates are: "today" for expiry is this zone's date. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public KbSettings {
        if (debounce.isNegative() || generatedArticles < 0 || clock == null) {
            throw new IllegalArgumentException("debounce and generatedArticles must not be negative; clock is required");
        }
        clock = clock.withZone(ZONE);
        if (embedThreads < 1) {
            throw new IllegalArgumentException("embedThreads must be at least 1, was " + embedThreads);
        }
        if (queryCache < 0 || (denseWait != null && (denseWait.isNegative() || denseWait.isZero()))) {
            throw new IllegalArgumentException("queryCache must not be negative and denseWait must be positive");
        }
    }

    /** Watching, and hybrid retrieval on when the model is on the classpath. */
    public static KbSettings defaults() {
        return new KbSettings(true, Duration.ofMillis(300), 0, Clock.system(ZONE), denseAvailable(), null, 1,
                QUERY_CACHE, null);
    }

    /** Whether the embedding model's jar is on the classpath. */
    public static boolean denseAvailable() {
        return PassageEncoder.available();
    }

    public KbSettings withWatch(boolean on) {
        return new KbSettings(on, debounce, generatedArticles, clock, dense, cacheDir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withDebounce(Duration d) {
        return new KbSettings(watch, d, generatedArticles, clock, dense, cacheDir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withGeneratedArticles(int total) {
        return new KbSettings(watch, debounce, total, clock, dense, cacheDir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withClock(Clock c) {
        return new KbSettings(watch, debounce, generatedArticles, c, dense, cacheDir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withDense(boolean on) {
        return new KbSettings(watch, debounce, generatedArticles, clock, on, cacheDir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withCacheDir(Path dir) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, dir, embedThreads, queryCache, denseWait);
    }

    public KbSettings withEmbedThreads(int threads) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, cacheDir, threads, queryCache, denseWait);
    }

    public KbSettings withQueryCache(int entries) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, cacheDir, embedThreads, entries, denseWait);
    }

    public KbSettings withDenseWait(Duration wait) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, cacheDir, embedThreads, queryCache, wait);
    }
}
