package cn.hotline12333.web;

import cn.hotline12333.kb.SearchRequest;
import cn.hotline12333.kb.SearchResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The answers of the last few distinct searches, for {@code ttlNanos}. What makes it pay on the agent desktop: a
 * screen pop prefills the search with the call's topic and runs it, so every agent rung for 养老金发放查询 asks
 * the same question, many in the same second; a search already under way is joined rather than run again. A
 * question typed by one agent is rarely typed word for word by another, and gains nothing here.
 *
 * <p>An answer is kept only for the knowledge base's {@code generation} it was computed from (a reload changing an
 * article makes it stale) and at most {@code ttlNanos}, which also bounds how long an article that expired at
 * midnight may still be listed. {@link #answer} may be called from many threads at once.
 */
final class RecentSearches {
    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    /** Access-ordered: the eldest entry is the least recently asked. Guarded by itself. */
    private final Map<SearchRequest, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private record Entry(CompletableFuture<SearchResult> result, long generation, long madeAtNanos) {
    }

    /** A search's result, and whether it came from here (or from the same search under way) rather than the KB. */
    record Answer(SearchResult result, boolean cached) {
    }

    RecentSearches(int capacity, long ttlNanos, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SearchRequest, Entry> eldest) {
                return size() > RecentSearches.this.capacity;
            }
        };
    }

    /**
     * The result of {@code request} against the knowledge base at {@code generation}: kept, joined, or computed by
     * {@code search} on this thread. A result {@code keep} refuses (an answer the query vector missed, lexical only)
     * is handed to those who joined it but not kept for later ones; a failed search (an Error too) is not kept
     * either, and those who joined it search for themselves.
     */
    Answer answer(SearchRequest request, long generation, Supplier<SearchResult> search, Predicate<SearchResult> keep) {
        long now = nanoClock.getAsLong();
        CompletableFuture<SearchResult> known = null;
        Entry mine;
        synchronized (entries) {
            Entry e = entries.get(request);
            if (e != null && e.generation() == generation && now - e.madeAtNanos() < ttlNanos) {
                known = e.result();
                mine = null;
            } else {
                mine = new Entry(new CompletableFuture<>(), generation, now);
                entries.put(request, mine);
            }
        }
        if (known != null) {
            try {
                SearchResult r = known.join();
                hits.increment();
                return new Answer(r, true);
            } catch (CompletionException failed) {
                // the search joined failed on its own thread (and was not kept): this one tries for itself
                return computed(request, search, keep, null);
            }
        }
        return computed(request, search, keep, mine);
    }

    private Answer computed(SearchRequest request, Supplier<SearchResult> search, Predicate<SearchResult> keep,
                            Entry mine) {
        misses.increment();
        SearchResult r;
        try {
            r = search.get();
        } catch (RuntimeException | Error e) {
            // an Error too: an entry never completed would hold every later asker of this search for good
            if (mine != null) {
                forget(request, mine);
                mine.result().completeExceptionally(e);
            }
            throw e;
        }
        if (mine != null) {
            if (!keep.test(r)) {
                forget(request, mine);
            }
            mine.result().complete(r);
        }
        return new Answer(r, false);
    }

    private void forget(SearchRequest request, Entry entry) {
        synchronized (entries) {
            entries.remove(request, entry);
        }
    }

    /** Searches answered from here (or by joining one under way), and searches run. */
    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }
}
