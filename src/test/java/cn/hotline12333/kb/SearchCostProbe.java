package cn.hotline12333.kb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * Not a test: a single-threaded, in-process cost probe of the search, stage by stage, per question of the
 * evaluation mix, at a padded size. For finding which questions make the p99 (docs/benchmarks.md, knowledge
 * base). Run with the bench jar and the test classes on the class path:
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.SearchCostProbe 100000 [rounds]}.
 */
public final class SearchCostProbe {
    private SearchCostProbe() {
    }

    record Cost(String question, double totalMs, double buildMs, double topMs, int clauses, String query) {
    }

    public static void main(String[] args) throws Exception {
        int articles = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        List<String> questions = PruningProbe.questions(dir);
        if (articles == 0) {
            DenseCostProbe.main(args); // the query embedding alone: its probe measures that
            return;
        }
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = PruningProbe.openLexical(dir, articles)) {
            System.out.printf(Locale.ROOT, "built %d articles in %.1f s%n", kb.size(), (System.nanoTime() - t0) / 1e9);
            for (int w = 0; w < 2; w++) {
                for (String q : questions) {
                    kb.search(SearchRequest.of(q));
                }
            }
            double[] best = new double[questions.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            long cpu0 = cpu();
            long wall0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < questions.size(); i++) {
                    long s = System.nanoTime();
                    kb.search(SearchRequest.of(questions.get(i)));
                    best[i] = Math.min(best[i], (System.nanoTime() - s) / 1e6);
                }
            }
            int n = rounds * questions.size();
            System.out.printf(Locale.ROOT, "end to end: %d searches, CPU %.3f ms a search, wall %.3f ms%n", n,
                    (cpu() - cpu0) / 1e6 / n, (System.nanoTime() - wall0) / 1e6 / n);
            double[] sorted = best.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "best-of-%d per question: mean %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f ms%n",
                    rounds, Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5), pct(sorted, 0.9),
                    pct(sorted, 0.99), sorted[sorted.length - 1]);
            compareTunings(kb, questions, rounds);
            List<Cost> costs = new ArrayList<>();
            ArticleSearch search = kb.articleSearch();
            QueryForms forms = kb.forms();
            for (int i = 0; i < questions.size(); i++) {
                String q = questions.get(i);
                SearchRequest req = SearchRequest.of(q);
                double total = best[i];
                costs.add(kb.withSearcher(s -> {
                    String text = forms.rewrite(req.cleanQuery());
                    long a = System.nanoTime();
                    ArticleSearch.Built b = search.build(s.getIndexReader(), text, req, true);
                    long c = System.nanoTime();
                    if (b != null) {
                        search.top(s, b, req);
                    }
                    long d = System.nanoTime();
                    int clauses = b == null ? 0 : b.search() instanceof BooleanQuery bq ? bq.clauses().size() : 1;
                    return new Cost(q, total, (c - a) / 1e6, (d - c) / 1e6, clauses, b == null ? "-" : b.search().toString());
                }));
            }
            costs.sort(Comparator.comparingDouble(Cost::totalMs).reversed());
            int show = args.length > 3 ? Integer.parseInt(args[3]) : 15;
            for (Cost c : costs.subList(0, Math.min(show, costs.size()))) {
                System.out.printf(Locale.ROOT, "%7.2f ms (build %.2f, top %.2f) %3d clauses  %s%n    %s%n", c.totalMs(),
                        c.buildMs(), c.topMs(), c.clauses(), c.question(), abbreviate(c.query()));
            }
            double topSum = costs.stream().mapToDouble(Cost::topMs).sum();
            double buildSum = costs.stream().mapToDouble(Cost::buildMs).sum();
            double totalSum = costs.stream().mapToDouble(Cost::totalMs).sum();
            System.out.printf(Locale.ROOT, "sum over the mix: total %.0f ms, of which build %.0f, top %.0f%n",
                    totalSum, buildSum, topSum);
        }
    }

    /**
     * The mix under each speed setting, interleaved round by round so that the machine's load hits all alike; and
     * how often each setting's first page agrees with the whole query's (the first setting: no first pass).
     */
    private static void compareTunings(KnowledgeBase kb, List<String> questions, int rounds) throws Exception {
        ArticleSearch.Tuning base = ArticleSearch.Tuning.defaults();
        List<ArticleSearch.Tuning> tunings = List.of(
                base.withFirstPass(Integer.MAX_VALUE, 0), base.withFirstPass(12, 100), base.withFirstPass(16, 100),
                base.withFirstPass(24, 100), base.withFirstPass(32, 100), base.withFirstPass(16, 50));
        int t = tunings.size();
        double[][] best = new double[t][questions.size()];
        long[] cpu = new long[t];
        for (double[] b : best) {
            Arrays.fill(b, Double.MAX_VALUE);
        }
        List<List<List<String>>> pages = new ArrayList<>();
        List<List<Boolean>> refused = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            pages.add(new ArrayList<>());
            refused.add(new ArrayList<>());
        }
        QueryForms forms = kb.forms();
        for (int r = 0; r < rounds + 1; r++) {
            for (int k = 0; k < t; k++) {
                ArticleSearch search = kb.articleSearch(tunings.get(k));
                long c0 = cpu();
                for (int i = 0; i < questions.size(); i++) {
                    SearchRequest req = SearchRequest.of(questions.get(i)).page(Evaluation.DEPTH, 0);
                    long s = System.nanoTime();
                    SearchResult result = kb.withSearcher(searcher -> search.search(searcher, req, forms));
                    if (r > 0) {
                        best[k][i] = Math.min(best[k][i], (System.nanoTime() - s) / 1e6);
                    } else {
                        pages.get(k).add(result.hits().stream().map(SearchHit::id).toList());
                        refused.get(k).add(result.noMatch());
                    }
                }
                if (r > 0) {
                    cpu[k] += cpu() - c0;
                }
            }
        }
        for (int k = 0; k < t; k++) {
            double[] sorted = best[k].clone();
            Arrays.sort(sorted);
            int top1 = 0;
            int top3 = 0;
            int sameRefusal = 0;
            double overlap = 0;
            for (int i = 0; i < questions.size(); i++) {
                List<String> whole = pages.get(0).get(i);
                List<String> mine = pages.get(k).get(i);
                top1 += whole.subList(0, Math.min(1, whole.size())).equals(mine.subList(0, Math.min(1, mine.size()))) ? 1 : 0;
                top3 += whole.subList(0, Math.min(3, whole.size())).equals(mine.subList(0, Math.min(3, mine.size()))) ? 1 : 0;
                sameRefusal += refused.get(0).get(i).equals(refused.get(k).get(i)) ? 1 : 0;
                overlap += whole.isEmpty() ? 1 : mine.stream().filter(whole::contains).count() / (double) whole.size();
            }
            System.out.printf(Locale.ROOT, "%s: CPU %.3f ms a search; best-of-%d mean %.2f p50 %.2f p90 %.2f p99 %.2f "
                    + "max %.2f ms; as the whole query: top 1 %d, top 3 in order %d, refusal %d of %d, top-%d overlap "
                    + "%.4f%n", tunings.get(k), cpu[k] / 1e6 / (rounds * questions.size()), rounds,
                    Arrays.stream(sorted).average().orElse(0), pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99),
                    sorted[sorted.length - 1], top1, top3, sameRefusal, questions.size(), Evaluation.DEPTH,
                    overlap / questions.size());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
