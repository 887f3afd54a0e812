package cn.hotline12333.kb;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Not a test: the first pass's rescoring as served ({@link FirstPass#rescore}: the first-pass score plus the clauses
 * it left out) against scoring the hits with the whole query again (as before), on the same candidates of each
 * evaluation question that takes the first pass: whether the rescored window is the same (ids in order, the largest
 * score difference) and each one's time, the best of {@code rounds}, interleaved. {@code java -cp
 * target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.RescoreProbe 25000 5 knowledge-base}.
 */
public final class RescoreProbe {
    private RescoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        List<String> questions = PruningProbe.questions(dir);
        try (KnowledgeBase kb = PruningProbe.openLexical(dir, articles)) {
            ArticleSearch search = kb.articleSearch();
            QueryForms forms = kb.forms();
            int[] counts = new int[3]; // questions through the first pass, windows identical, same ids in order
            double[] sums = new double[2]; // best ms: whole query, left-out clauses
            double[] worst = new double[1];
            for (String q : questions) {
                SearchRequest req = SearchRequest.of(q);
                int window = Math.max(req.offset() + req.limit(), ArticleSearch.RESCORE_WINDOW);
                kb.withSearcher(s -> {
                    ArticleSearch.Built b = search.build(new TermLookup(s.getIndexReader()),
                            forms.rewrite(req.cleanQuery()), req, true);
                    if (b == null) {
                        return null;
                    }
                    Query first = FirstPass.of(b.search(), b.terms(), ArticleSearch.FIRST_PASS_CLAUSES);
                    if (first == b.search()) {
                        return null;
                    }
                    TopDocs candidates = s.search(first, ArticleSearch.RESCORE_DEPTH);
                    double bestWhole = Double.MAX_VALUE;
                    double bestRest = Double.MAX_VALUE;
                    TopDocs whole = null;
                    TopDocs rest = null;
                    for (int r = 0; r < rounds; r++) {
                        long t = System.nanoTime();
                        whole = wholeQuery(s, b.search(), copy(candidates), window);
                        bestWhole = Math.min(bestWhole, (System.nanoTime() - t) / 1e6);
                        t = System.nanoTime();
                        rest = FirstPass.rescore(s, b.search(), first, copy(candidates), window);
                        bestRest = Math.min(bestRest, (System.nanoTime() - t) / 1e6);
                    }
                    counts[0]++;
                    sums[0] += bestWhole;
                    sums[1] += bestRest;
                    boolean sameIds = whole.scoreDocs.length == rest.scoreDocs.length;
                    for (int i = 0; sameIds && i < whole.scoreDocs.length; i++) {
                        sameIds = whole.scoreDocs[i].doc == rest.scoreDocs[i].doc;
                        worst[0] = Math.max(worst[0], Math.abs(whole.scoreDocs[i].score - rest.scoreDocs[i].score)
                                / whole.scoreDocs[i].score);
                    }
                    counts[1] += sameIds ? 1 : 0;
                    if (!sameIds) {
                        System.out.println("differs: " + q);
                    }
                    return null;
                });
            }
            System.out.printf(Locale.ROOT, "%d articles: %d of %d questions take the first pass; rescored window as the "
                            + "whole query's (ids in order) %d; largest relative score difference %.2e; rescoring best-of-%d "
                            + "mean ms: whole query %.3f, left-out clauses %.3f%n", kb.size(), counts[0], questions.size(),
                    counts[1], worst[0], rounds, sums[0] / Math.max(1, counts[0]), sums[1] / Math.max(1, counts[0]));
        }
    }

    /** Lucene's rescorer sets the scores of the hits it is given: each rescoring gets a copy of the first pass's. */
    private static TopDocs copy(TopDocs hits) {
        ScoreDoc[] docs = new ScoreDoc[hits.scoreDocs.length];
        Arrays.setAll(docs, i -> new ScoreDoc(hits.scoreDocs[i].doc, hits.scoreDocs[i].score));
        return new TopDocs(hits.totalHits, docs);
    }

    /** The rescoring before: the hits scored with every clause of the query. */
    private static TopDocs wholeQuery(IndexSearcher s, Query full, TopDocs candidates, int window) throws java.io.IOException {
        return new QueryRescorer(full) {
            @Override
            protected float combine(float firstPassScore, boolean secondPassMatches, float secondPassScore) {
                return secondPassMatches ? secondPassScore : firstPassScore;
            }
        }.rescore(s, candidates, window);
    }
}
