package cn.hotline12333.kb;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: where a search's time goes, stage by stage ({@link SearchResult.Stages}), for the median questions
 * and for the slowest 2 %, each question's stages the best of several rounds (on a loaded machine the best is the
 * closest to the work itself); then, for a profiler, the slowest 2 % again for {@code seconds}. {@code java -cp
 * target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.StageProbe 20000 [rounds] [knowledge-base]
 * [seconds]}.
 */
public final class StageProbe {
    private static final String[] NAMES = {"rewrite", "build", "text search", "dense", "ranking+coverage", "page"};

    private StageProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        List<String> questions = PruningProbe.questions(dir);
        try (KnowledgeBase kb = PruningProbe.openLexical(dir, articles)) {
            System.out.printf(Locale.ROOT, "index: %d articles, %.1f MB%n", kb.size(), kb.indexBytes() / 1e6);
            for (String q : questions) {
                kb.search(SearchRequest.of(q));
            }
            int n = questions.size();
            double[][] best = new double[n][NAMES.length + 1];
            for (double[] b : best) {
                Arrays.fill(b, Double.MAX_VALUE);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    SearchResult res = kb.search(SearchRequest.of(questions.get(i)));
                    double total = (System.nanoTime() - s) / 1e6;
                    SearchResult.Stages st = res.stages();
                    double[] v = {st.vectorNs() / 1e6, st.analysisNs() / 1e6, st.lexicalNs() / 1e6, st.denseNs() / 1e6,
                            st.rankingNs() / 1e6, st.pageNs() / 1e6, total};
                    for (int k = 0; k < v.length; k++) {
                        best[i][k] = Math.min(best[i][k], v[k]);
                    }
                }
            }
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Double.compare(best[a][NAMES.length], best[b][NAMES.length]));
            report("median tenth (45-55 %)", best, Arrays.copyOfRange(order, (int) (n * 0.45), (int) (n * 0.55)));
            report("slowest 2 %", best, Arrays.copyOfRange(order, n - Math.max(1, n / 50), n));
            report("all", best, order);
            for (int k = n - 1; k >= n - 12; k--) {
                int i = order[k];
                StringBuilder sb = new StringBuilder();
                for (int s = 0; s < NAMES.length; s++) {
                    sb.append(String.format(Locale.ROOT, " %.2f", best[i][s]));
                }
                String q = questions.get(i);
                System.out.printf(Locale.ROOT, "%7.2f ms:%s  %s%n", best[i][NAMES.length], sb,
                        q.length() > 30 ? q.substring(0, 30) + "…" : q);
            }
            // For a profiler: the slowest 2 % searched again and again for the given seconds.
            long until = System.nanoTime() + (args.length > 3 ? Long.parseLong(args[3]) : 0) * 1_000_000_000L;
            while (System.nanoTime() < until) {
                for (int k = n - Math.max(1, n / 50); k < n; k++) {
                    kb.search(SearchRequest.of(questions.get(order[k])));
                }
            }
        }
    }

    private static void report(String name, double[][] best, Integer[] which) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s <= NAMES.length; s++) {
            double sum = 0;
            for (int i : which) {
                sum += best[i][s];
            }
            sb.append(String.format(Locale.ROOT, " %s %.3f;", s == NAMES.length ? "total" : NAMES[s], sum / which.length));
        }
        System.out.printf(Locale.ROOT, "%s (%d questions), mean ms:%s%n", name, which.length, sb);
    }
}
