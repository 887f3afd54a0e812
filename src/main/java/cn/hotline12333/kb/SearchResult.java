package cn.hotline12333.kb;

import java.util.List;

/**
 * A page of hits, best first. {@code total} counts every matching article when {@code totalExact}; beyond
 * the first thousand it is a lower bound (counting them all would cost more than the search).
 */
public record SearchResult(List<SearchHit> hits, long total, boolean totalExact, long tookMs) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    static SearchResult empty(long tookMs) {
        return new SearchResult(List.of(), 0, true, tookMs);
    }
}
