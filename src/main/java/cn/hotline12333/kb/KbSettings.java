package cn.hotline12333.kb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a knowledge base runs, validated once.
 *
 * @param watch             re-index article files when they change (the server); off for one-shot CLI use
 * @param debounce          quiet time after the last file event before a reload, so an editor's burst of
 *                          writes becomes one reload
 * @param generatedArticles benchmark only: pad the real articles with generated variants up to this many
 * @param clock             "today", for hiding expired articles
 * @param dense             hybrid retrieval: the embedding model's nearest articles fused with the text search
 *                          (ignored, search stays lexical, when the model is not on the classpath)
 * @param cacheDir          where passage vectors and the tokenizer's native library are kept; null:
 *                          {@value #DEFAULT_CACHE} inside the knowledge-base directory
 * @param embedThreads      onnxruntime threads per embedding (a query, a batch of passages)
 */
public record KbSettings(boolean watch, Duration debounce, int generatedArticles, Clock clock, boolean dense,
                         Path cacheDir, int embedThreads) {
    /** Above this many articles the index lives in memory-mapped files in a temporary directory, not the heap. */
    static final int HEAP_INDEX_LIMIT = 20_000;
    /** The cache directory inside the knowledge base when none is configured. */
    public static final String DEFAULT_CACHE = ".cache";

    public KbSettings {
        if (debounce.isNegative() || generatedArticles < 0 || clock == null) {
            throw new IllegalArgumentException("debounce and generatedArticles must not be negative; clock is required");
        }
        if (embedThreads < 1) {
            throw new IllegalArgumentException("embedThreads must be at least 1, was " + embedThreads);
        }
    }

    /** Watching, and hybrid retrieval on when the model is on the classpath. */
    public static KbSettings defaults() {
        return new KbSettings(true, Duration.ofMillis(300), 0, Clock.systemDefaultZone(), denseAvailable(), null, 1);
    }

    /** Whether the embedding model's jar is on the classpath. */
    public static boolean denseAvailable() {
        return PassageEncoder.available();
    }

    public KbSettings withWatch(boolean on) {
        return new KbSettings(on, debounce, generatedArticles, clock, dense, cacheDir, embedThreads);
    }

    public KbSettings withDebounce(Duration d) {
        return new KbSettings(watch, d, generatedArticles, clock, dense, cacheDir, embedThreads);
    }

    public KbSettings withGeneratedArticles(int total) {
        return new KbSettings(watch, debounce, total, clock, dense, cacheDir, embedThreads);
    }

    public KbSettings withClock(Clock c) {
        return new KbSettings(watch, debounce, generatedArticles, c, dense, cacheDir, embedThreads);
    }

    public KbSettings withDense(boolean on) {
        return new KbSettings(watch, debounce, generatedArticles, clock, on, cacheDir, embedThreads);
    }

    public KbSettings withCacheDir(Path dir) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, dir, embedThreads);
    }

    public KbSettings withEmbedThreads(int threads) {
        return new KbSettings(watch, debounce, generatedArticles, clock, dense, cacheDir, threads);
    }
}
