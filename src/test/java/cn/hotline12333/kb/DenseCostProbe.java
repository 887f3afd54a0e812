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
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.DenseCostProbe 20001 [rounds]};
 * {@code … DenseCostProbe 0 [rounds] [dir] [threads]}: the query embedding alone, at several token limits.
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
            embeddingCost(questions, dir, rounds, args.length > 3 ? Integer.parseInt(args[3]) : 1);
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

    /**
     * CPU and wall time of embedding each question at a query limit of 128, 64 and 48 tokens, best of
     * {@code rounds}, on {@code threads} onnxruntime threads (the CPU is the calling thread's: with more than one
     * thread, onnxruntime's own threads do part of the work and only the wall time tells).
     */
    private static void embeddingCost(List<String> questions, Path dir, int rounds, int threads) {
        PassageEncoder encoder = PassageEncoder.shared(threads, dir.resolve(KbSettings.DEFAULT_CACHE).resolve("native"))
                .orElseThrow();
        questions.forEach(encoder::embed);
        for (int cap : new int[] {PassageEncoder.MAX_TOKENS, 64, 48}) {
            double[] best = new double[questions.size()];
            double[] wall = new double[questions.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            Arrays.fill(wall, Double.MAX_VALUE);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < questions.size(); i++) {
                    long c = cpu();
                    long w = System.nanoTime();
                    encoder.embedQuery(questions.get(i), cap);
                    wall[i] = Math.min(wall[i], (System.nanoTime() - w) / 1e6);
                    best[i] = Math.min(best[i], (cpu() - c) / 1e6);
                }
            }
            double[] sorted = best.clone();
            Arrays.sort(sorted);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "query embedding, %d threads, at most %d tokens, best of %d: CPU mean %.2f "
                            + "p50 %.2f p90 %.2f p99 %.2f max %.2f ms; wall mean %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f ms%n",
                    threads, cap, rounds, Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5),
                    pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1], Arrays.stream(wall).average().orElse(0),
                    pct(wall, 0.5), pct(wall, 0.9), pct(wall, 0.99), wall[wall.length - 1]);
        }
    }

    /**
     * The graph search against an exhaustive search of the float vectors, over every 8th question: how often it
     * finds the nearest passage (within 0.02 of its similarity), the mean similarity of each one's nearest, and
     * recall@10 twice: strict (the exhaustive top ten passages themselves among the graph's first ten) and within
     * 0.02 (graph hits at most 0.02 below the exhaustive tenth; the graph scores the 7-bit vectors).
     */
    private static void exactRecall(SearcherManager searchers, PassageIndex index, float[][] vectors) throws Exception {
        IndexSearcher s = searchers.acquire();
        try {
            int n = 0;
            int same = 0;
            double graphSum = 0;
            double exactSum = 0;
            int top10 = 0;
            int strict10 = 0;
            long cpuExact = 0;
            long cpuGraph = 0;
            for (int i = 0; i < vectors.length; i += 8) {
                float[] q = vectors[i];
                // (similarity, global doc) of the ten best, worst first
                java.util.PriorityQueue<double[]> best = new java.util.PriorityQueue<>(
                        java.util.Comparator.comparingDouble((double[] x) -> x[0]));
                long c = cpu();
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    org.apache.lucene.index.FloatVectorValues values = leaf.reader().getFloatVectorValues(PassageIndex.VECTOR);
                    for (int d = values.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                         d = values.nextDoc()) {
                        best.add(new double[] {PassageEncoder.dot(q, values.vectorValue()), leaf.docBase + d});
                        if (best.size() > 10) {
                            best.poll();
                        }
                    }
                }
                cpuExact += cpu() - c;
                List<double[]> ten = new ArrayList<>(best);
                ten.sort(java.util.Comparator.comparingDouble((double[] x) -> -x[0]));
                List<double[]> graph = new ArrayList<>();
                c = cpu();
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    TopDocs top = leaf.reader().searchNearestVectors(PassageIndex.VECTOR, q, 200,
                            leaf.reader().getLiveDocs(), Integer.MAX_VALUE);
                    for (var h : top.scoreDocs) {
                        graph.add(new double[] {2 * h.score - 1, leaf.docBase + h.doc});
                    }
                }
                cpuGraph += cpu() - c;
                graph.sort(java.util.Comparator.comparingDouble((double[] x) -> -x[0]));
                double g = graph.isEmpty() ? -1 : graph.get(0)[0];
                n++;
                same += Math.abs(g - ten.get(0)[0]) < 0.02 ? 1 : 0;
                graphSum += g;
                exactSum += ten.get(0)[0];
                double tenth = ten.get(ten.size() - 1)[0];
                java.util.Set<Integer> exactDocs = new java.util.HashSet<>();
                ten.forEach(x -> exactDocs.add((int) x[1]));
                top10 += graph.stream().limit(10).filter(x -> x[0] >= tenth - 0.02).count();
                strict10 += graph.stream().limit(10).filter(x -> exactDocs.contains((int) x[1])).count();
            }
            System.out.printf(Locale.ROOT, "graph search k=200 vs exhaustive, %d questions: nearest found %d, "
                            + "mean nearest similarity %.3f (exhaustive %.3f), recall@10 strict %.3f, within 0.02 %.3f; "
                            + "CPU a query: graph %.2f ms, exhaustive %.1f ms%n", n, same, graphSum / n, exactSum / n,
                    strict10 / (10.0 * n), top10 / (10.0 * n), cpuGraph / 1e6 / n, cpuExact / 1e6 / n);
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
