package cn.hotline12333.kb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;

/**
 * Not a test: the hybrid search's stages at a padded size, single-threaded, in process, per question of the
 * evaluation mix: the query embedding (CPU), the nearest-neighbour search for several numbers of passages (wall
 * time, graph nodes visited, and how often its first articles agree with those of the 200 passages the search
 * asks for), and the whole hybrid search. Run with the bench jar and the test classes on the class path:
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.DenseCostProbe 20000 [rounds]}.
 */
public final class DenseCostProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DenseCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        if (articles == 0) {
            embeddingCost(questions, dir, rounds);
            return;
        }
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false)
                .withGeneratedArticles(articles).withDense(true).withQueryCache(0))) {
            System.out.printf(Locale.ROOT, "built %d articles in %.1f s, %.1f MB%n", kb.size(),
                    (System.nanoTime() - t0) / 1e9, kb.indexBytes() / 1e6);
            DenseRetrieval dense = (DenseRetrieval) field(kb, "dense");
            PassageEncoder encoder = (PassageEncoder) field(dense, "encoder");
            PassageIndex index = (PassageIndex) field(dense, "index");
            SearcherManager searchers = (SearcherManager) field(index, "searchers");
            System.out.println("segments: " + index.segmentFormats());

            float[][] vectors = new float[questions.size()][];
            double[] embedCpu = new double[questions.size()];
            for (int r = 0; r < 2; r++) {
                for (int i = 0; i < questions.size(); i++) {
                    long c = cpu();
                    vectors[i] = encoder.embed(questions.get(i));
                    embedCpu[i] = (cpu() - c) / 1e6;
                }
                double[] sorted = embedCpu.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "query embedding, CPU a question: mean %.2f p50 %.2f p90 %.2f p99 %.2f "
                                + "max %.2f ms%n", Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5),
                        pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1]);
            }

            exactRecall(searchers, index, vectors);
            Long today = LocalDate.now().toEpochDay();
            int[] ks = {200, 100, 60, 40, 20};
            List<List<String>> reference = new ArrayList<>();
            for (float[] v : vectors) {
                reference.add(top(index.nearest(v, 200, null, today)));
            }
            for (int k : ks) {
                double[] best = new double[vectors.length];
                Arrays.fill(best, Double.MAX_VALUE);
                long visited = 0;
                int sameFirst = 0;
                int sameThree = 0;
                int sameTen = 0;
                long cpu = 0;
                for (int r = 0; r < rounds + 1; r++) {
                    long c = cpu();
                    for (int i = 0; i < vectors.length; i++) {
                        long s = System.nanoTime();
                        List<PassageIndex.Near> near = index.nearest(vectors[i], k, null, today);
                        if (r > 0) {
                            best[i] = Math.min(best[i], (System.nanoTime() - s) / 1e6);
                        } else {
                            List<String> mine = top(near);
                            List<String> ref = reference.get(i);
                            sameFirst += !mine.isEmpty() && !ref.isEmpty() && mine.get(0).equals(ref.get(0)) ? 1 : 0;
                            sameThree += prefix(mine, 3).equals(prefix(ref, 3)) ? 1 : 0;
                            sameTen += prefix(mine, 10).equals(prefix(ref, 10)) ? 1 : 0;
                            visited += visited(searchers, vectors[i], k);
                        }
                    }
                    if (r > 0) {
                        cpu += cpu() - c;
                    }
                }
                double[] sorted = best.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "kNN k=%3d: CPU %.2f ms, best-of-%d p50 %.2f p90 %.2f p99 %.2f max %.2f ms, "
                                + "visited %d a query; same first %d, same top 3 %d, same top 10 %d of %d%n",
                        k, cpu / 1e6 / rounds / vectors.length, rounds, pct(sorted, 0.5), pct(sorted, 0.9),
                        pct(sorted, 0.99), sorted[sorted.length - 1], visited / vectors.length, sameFirst, sameThree,
                        sameTen, vectors.length);
            }

            for (int w = 0; w < 2; w++) {
                for (String q : questions) {
                    kb.search(SearchRequest.of(q));
                }
            }
            double[] best = new double[questions.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            long cpu = 0;
            for (int r = 0; r < rounds; r++) {
                long c = cpu();
                for (int i = 0; i < questions.size(); i++) {
                    long s = System.nanoTime();
                    kb.search(SearchRequest.of(questions.get(i)));
                    best[i] = Math.min(best[i], (System.nanoTime() - s) / 1e6);
                }
                cpu += cpu() - c;
            }
            Arrays.sort(best);
            System.out.printf(Locale.ROOT, "hybrid search end to end: CPU of the calling thread %.2f ms (the embedding "
                            + "runs on the query pool), best-of-%d p50 %.2f p90 %.2f p99 %.2f max %.2f ms%n",
                    cpu / 1e6 / rounds / questions.size(), rounds, pct(best, 0.5), pct(best, 0.9), pct(best, 0.99),
                    best[best.length - 1]);
        }
    }

    /** CPU of embedding each question whole and cut to its first 64 and 48 characters, best of {@code rounds}. */
    private static void embeddingCost(List<String> questions, Path dir, int rounds) {
        PassageEncoder encoder = PassageEncoder.shared(1, dir.resolve(KbSettings.DEFAULT_CACHE).resolve("native"))
                .orElseThrow();
        questions.forEach(encoder::embed);
        for (int cap : new int[] {Integer.MAX_VALUE, 64, 48}) {
            double[] best = new double[questions.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < questions.size(); i++) {
                    String q = questions.get(i);
                    long c = cpu();
                    encoder.embed(q.length() <= cap ? q : q.substring(0, cap));
                    best[i] = Math.min(best[i], (cpu() - c) / 1e6);
                }
            }
            double[] sorted = best.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "query embedding, cut at %s characters, CPU best of %d: mean %.2f p50 %.2f "
                            + "p90 %.2f p99 %.2f max %.2f ms%n", cap == Integer.MAX_VALUE ? "no" : cap, rounds,
                    Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }
    }

    /**
     * How often the graph search's nearest passage is the true nearest one (exhaustive search over the float
     * vectors), over every 8th question; and the mean similarity of each.
     */
    private static void exactRecall(SearcherManager searchers, PassageIndex index, float[][] vectors) throws Exception {
        IndexSearcher s = searchers.acquire();
        try {
            int n = 0;
            int same = 0;
            double graphSum = 0;
            double exactSum = 0;
            int top10 = 0;
            for (int i = 0; i < vectors.length; i += 8) {
                float[] q = vectors[i];
                float[] exact = new float[0];
                java.util.PriorityQueue<Float> best = new java.util.PriorityQueue<>();
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    org.apache.lucene.index.FloatVectorValues values = leaf.reader().getFloatVectorValues(PassageIndex.VECTOR);
                    for (int d = values.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                         d = values.nextDoc()) {
                        best.add(PassageEncoder.dot(q, values.vectorValue()));
                        if (best.size() > 10) {
                            best.poll();
                        }
                    }
                }
                List<Float> ten = new ArrayList<>(best);
                ten.sort(java.util.Collections.reverseOrder());
                List<Float> graph = new ArrayList<>();
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    TopDocs top = leaf.reader().searchNearestVectors(PassageIndex.VECTOR, q, 200,
                            leaf.reader().getLiveDocs(), Integer.MAX_VALUE);
                    for (var h : top.scoreDocs) {
                        graph.add(2 * h.score - 1);
                    }
                }
                graph.sort(java.util.Collections.reverseOrder());
                float g = graph.isEmpty() ? -1 : graph.get(0);
                n++;
                same += Math.abs(g - ten.get(0)) < 0.02 ? 1 : 0;
                graphSum += g;
                exactSum += ten.get(0);
                float tenth = ten.get(ten.size() - 1);
                top10 += graph.stream().limit(10).filter(x -> x >= tenth - 0.02).count();
            }
            System.out.printf(Locale.ROOT, "graph search k=200 vs exhaustive, %d questions: nearest found %d, "
                            + "mean nearest similarity %.3f (exhaustive %.3f), recall@10 %.3f%n", n, same,
                    graphSum / n, exactSum / n, top10 / (10.0 * n));
        } finally {
            searchers.release(s);
        }
    }

    /** Nodes of the graph the search for {@code k} passages looks at, summed over the segments. */
    private static long visited(SearcherManager searchers, float[] v, int k) throws Exception {
        IndexSearcher s = searchers.acquire();
        try {
            long n = 0;
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                TopDocs top = leaf.reader().searchNearestVectors(PassageIndex.VECTOR, v, k,
                        leaf.reader().getLiveDocs(), Integer.MAX_VALUE);
                n += top.totalHits.value;
            }
            return n;
        } finally {
            searchers.release(s);
        }
    }

    private static List<String> top(List<PassageIndex.Near> near) {
        return near.stream().filter(n -> n.similarity() >= Ranking.defaults().denseFloor()).map(PassageIndex.Near::id)
                .limit(20).toList();
    }

    private static List<String> prefix(List<String> ids, int n) {
        return ids.subList(0, Math.min(n, ids.size()));
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
