package cn.hotline12333.kb;

import java.util.List;

/**
 * A page of hits, best first. {@code total} counts every matching article when {@code totalExact}; beyond
 * the first thousand it is a lower bound (counting them all would cost more than the search).
 * {@code noMatch}: no article answers the query (nothing matched, or the best match explained too little of
 * it, {@link QueryCoverage}); the hits are then empty. {@code coverage} is the share of the query the best
 * match explained (0 when nothing matched). {@code similarity} is the cosine similarity of the passage the
 * embedding model found nearest to the query (-1 when the search was lexical only). {@code referral}: with
 * {@code noMatch}, the matter of another administration the query is about and who handles it
 * ({@link OutOfScope}); null when none is known. {@code stages}: where the search's time went.
 */
public record SearchResult(List<SearchHit> hits, long total, boolean totalExact, long tookMs, boolean noMatch,
                           double coverage, double similarity, Referral referral, Stages stages) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /**
     * Wall time (ns) of a search's steps on the searching thread, for Server-Timing and the desk bench: the query
     * rewritten and its vector started ({@code vector}: with a cached vector, its nearest passages searched here
     * too), the queries built ({@code analysis}: HanLP, synonyms, term look-ups), the text search ({@code lexical}:
     * first pass and rescoring), the wait for the query vector and its neighbours ({@code dense}, bounded by
     * KB_DENSE_WAIT), ranking (region factors, coverage, fusion) and the page (snippets, stored fields).
     */
    public record Stages(long vectorNs, long analysisNs, long lexicalNs, long denseNs, long rankingNs, long pageNs) {
        public static final Stages NONE = new Stages(0, 0, 0, 0, 0, 0);
    }

    /** A matter 12333 does not handle ({@code topic}, e.g. {@code marriage}) and where to refer the caller. */
    public record Referral(String topic, String to) {
    }

    public SearchResult(List<SearchHit> hits, long total, boolean totalExact, long tookMs, boolean noMatch,
                        double coverage, double similarity) {
        this(hits, total, totalExact, tookMs, noMatch, coverage, similarity, null, Stages.NONE);
    }

    public SearchResult(List<SearchHit> hits, long total, boolean totalExact, long tookMs, boolean noMatch,
                        double coverage) {
        this(hits, total, totalExact, tookMs, noMatch, coverage, -1);
    }

    public static SearchResult empty(long tookMs) {
        return new SearchResult(List.of(), 0, true, tookMs, true, 0);
    }
}
