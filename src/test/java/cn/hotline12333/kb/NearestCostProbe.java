package cn.hotline12333.kb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Not a test: the CPU of the hybrid search's own steps after the query embedding, the way they were before branch
 * {@code kb-hybrid} and as they are now, interleaved question by question on one index (a loaded box's CPU
 * figures, best of the rounds): on the model's thread the graph search for 200 passages alone and with its
 * passages' articles read (per hit before, per segment in document order now, {@link PassageIndex#articles}), and
 * on the searching thread the model's articles looked up by id (a search each before, {@link ArticleSearch#docOf}
 * now). Checks that both ways give the same articles. {@code java -Xmx3g -cp
 * target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.NearestCostProbe 20001 [rounds] [knowledge-base]}.
 */
public final class NearestCostProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private NearestCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false)
                .withGeneratedArticles(articles).withDense(true).withQueryCache(0))) {
            System.out.printf(Locale.ROOT, "built %d articles in %.1f s, %.1f MB%n", kb.size(),
                    (System.nanoTime() - t0) / 1e9, kb.indexBytes() / 1e6);
            DenseRetrieval dense = kb.dense();
            PassageEncoder encoder = (PassageEncoder) field(dense, "encoder");
            PassageIndex index = (PassageIndex) field(dense, "index");
            SearcherManager searchers = (SearcherManager) field(index, "searchers");
            int n = questions.size();
            float[][] vectors = new float[n][];
            for (int i = 0; i < n; i++) {
                vectors[i] = encoder.embedQuery(questions.get(i), PassageEncoder.QUERY_TOKENS);
            }
            Long today = LocalDate.now().toEpochDay();
            int k = ArticleSearch.NEAREST_PASSAGES;
            // [graph alone, graph + articles per hit (before), graph + articles per segment (now), ids by search
            // (before), ids by postings (now)]
            double[][] best = new double[5][n];
            for (double[] b : best) {
                Arrays.fill(b, Double.MAX_VALUE);
            }
            int differ = 0;
            int idsDiffer = 0;
            long lookups = 0;
            for (int r = 0; r < rounds + 1; r++) {
                for (int i = 0; i < n; i++) {
                    IndexSearcher s = searchers.acquire();
                    try {
                        KnnFloatVectorQuery knn = new KnnFloatVectorQuery(PassageIndex.VECTOR, vectors[i], k, null);
                        long c = cpu();
                        s.search(knn, k);
                        long graph = cpu() - c;
                        c = cpu();
                        List<PassageIndex.Near> before = perHit(s, s.search(knn, k).scoreDocs, today);
                        long old = cpu() - c;
                        c = cpu();
                        List<PassageIndex.Near> now = PassageIndex.articles(s, s.search(knn, k).scoreDocs, today);
                        long fresh = cpu() - c;
                        if (r == 0) {
                            differ += before.equals(now) ? 0 : 1;
                        } else {
                            best[0][i] = Math.min(best[0][i], graph / 1e6);
                            best[1][i] = Math.min(best[1][i], old / 1e6);
                            best[2][i] = Math.min(best[2][i], fresh / 1e6);
                        }
                        List<String> ids = new ArrayList<>();
                        for (PassageIndex.Near near : now) {
                            if (ids.size() < ArticleSearch.RESCORE_WINDOW) {
                                ids.add(near.id());
                            }
                        }
                        double[] byIds = kb.withSearcher(text -> {
                            int[] a = new int[ids.size()];
                            int[] b = new int[ids.size()];
                            long c1 = cpu();
                            for (int j = 0; j < ids.size(); j++) {
                                TopDocs top = text.search(new TermQuery(new Term(ArticleFields.ID, ids.get(j))), 1);
                                a[j] = top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
                            }
                            long c2 = cpu();
                            for (int j = 0; j < ids.size(); j++) {
                                b[j] = ArticleSearch.docOf(text, ids.get(j));
                            }
                            long c3 = cpu();
                            return new double[] {(c2 - c1) / 1e6, (c3 - c2) / 1e6, Arrays.equals(a, b) ? 0 : 1};
                        });
                        if (r == 0) {
                            idsDiffer += (int) byIds[2];
                            lookups += ids.size();
                        } else {
                            best[3][i] = Math.min(best[3][i], byIds[0]);
                            best[4][i] = Math.min(best[4][i], byIds[1]);
                        }
                    } finally {
                        searchers.release(s);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d questions, k = %d; results differing: articles %d, ids %d; %.1f ids looked"
                    + " up a question%n", n, k, differ, idsDiffer, lookups / (double) n);
            String[] names = {"graph search alone (model thread)", "graph + articles per hit (before)",
                    "graph + articles per segment (now)", "model's articles by id, a search each (before, search thread)",
                    "model's articles by id, postings (now)"};
            for (int m = 0; m < names.length; m++) {
                double[] sorted = best[m].clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-62s CPU best of %d: mean %.3f p50 %.3f p90 %.3f p99 %.3f ms%n",
                        names[m], rounds, Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5),
                        pct(sorted, 0.9), pct(sorted, 0.99));
            }
        }
    }

    /** {@link PassageIndex#articles} as it was before: a pair of doc-values readers made for every hit. */
    static List<PassageIndex.Near> perHit(IndexSearcher s, ScoreDoc[] hits, Long today) throws java.io.IOException {
        Map<String, PassageIndex.Near> best = new LinkedHashMap<>();
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        for (ScoreDoc h : hits) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(h.doc, leaves));
            int local = h.doc - leaf.docBase;
            if (today != null) {
                NumericDocValues expires = DocValues.getNumeric(leaf.reader(), ArticleFields.EXPIRES);
                if (expires.advanceExact(local) && expires.longValue() < today) {
                    continue;
                }
            }
            BinaryDocValues ids = DocValues.getBinary(leaf.reader(), PassageIndex.ARTICLE);
            if (!ids.advanceExact(local)) {
                continue;
            }
            String id = ids.binaryValue().utf8ToString();
            best.putIfAbsent(id, new PassageIndex.Near(id, 2 * h.score - 1));
        }
        return List.copyOf(best.values());
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
