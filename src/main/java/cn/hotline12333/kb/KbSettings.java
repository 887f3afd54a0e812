package cn.hotline12333.kb;

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
 */
public record KbSettings(boolean watch, Duration debounce, int generatedArticles, Clock clock) {
    /** Above this many articles the index lives in memory-mapped files in a temporary directory, not the heap. */
    static final int HEAP_INDEX_LIMIT = 20_000;

    public KbSettings {
        if (debounce.isNegative() || generatedArticles < 0 || clock == null) {
            throw new IllegalArgumentException("debounce and generatedArticles must not be negative; clock is required");
        }
    }

    public static KbSettings defaults() {
        return new KbSettings(true, Duration.ofMillis(300), 0, Clock.systemDefaultZone());
    }

    public KbSettings withWatch(boolean on) {
        return new KbSettings(on, debounce, generatedArticles, clock);
    }

    public KbSettings withDebounce(Duration d) {
        return new KbSettings(watch, d, generatedArticles, clock);
    }

    public KbSettings withGeneratedArticles(int total) {
        return new KbSettings(watch, debounce, total, clock);
    }

    public KbSettings withClock(Clock c) {
        return new KbSettings(watch, debounce, generatedArticles, c);
    }
}
