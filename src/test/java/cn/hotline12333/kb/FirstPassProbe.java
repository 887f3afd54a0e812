package cn.hotline12333.kb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * Not a test: first-pass settings compared by counts and CPU time, not wall clocks. For each setting
 * ({@code clauses:depth}, the first one the whole query), every tuning question's text search ({@link ArticleSearch#top};
 * the held-out split left out) is run on an index whose postings count the term scores read ({@link PruningProbe}),
 * its first page, as served, is compared with the whole query's, and its whole search is timed by the thread's CPU time. Run with the bench jar and the test classes on the class path:
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.FirstPassProbe 20000 knowledge-base 32:100 12:300}.
 * A setting {@code -}: the defaults as served.
 */
public final class FirstPassProbe {
    private FirstPassProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        List<ArticleSearch.Tuning> tunings = new ArrayList<>();
        tunings.add(ArticleSearch.Tuning.defaults().withFirstPass(Integer.MAX_VALUE, 0));
        for (int i = 2; i < args.length; i++) {
            String[] kd = args[i].split(":");
            tunings.add(kd[0].equals("-") ? ArticleSearch.Tuning.defaults()
                    : ArticleSearch.Tuning.defaults().withFirstPass(Integer.parseInt(kd[0]), Integer.parseInt(kd[1])));
        }
        List<String> questions = PruningProbe.tuneQuestions(dir);
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = PruningProbe.openLexical(dir, articles)) {
            System.out.printf(Locale.ROOT, "built %d articles in %.1f s, %.1f MB%n", kb.size(), (System.nanoTime() - t0) / 1e9,
                    kb.indexBytes() / 1e6);
            QueryForms forms = kb.forms();
            List<List<String>> whole = null;
            List<Boolean> wholeRefused = null;
            for (ArticleSearch.Tuning tuning : tunings) {
                ArticleSearch search = kb.articleSearch(tuning);
                PruningProbe.Counts counts = new PruningProbe.Counts();
                long[] scores = new long[questions.size()];
                long[] stepped = new long[questions.size()];
                int[] clauses = new int[questions.size()];
                List<List<String>> pages = new ArrayList<>();
                List<Boolean> refused = new ArrayList<>();
                for (int i = 0; i < questions.size(); i++) {
                    SearchRequest req = SearchRequest.of(questions.get(i)).page(Evaluation.DEPTH, 0);
                    int at = i;
                    SearchResult result = kb.withSearcher(served -> {
                        ArticleSearch.Built b = PruningProbe.countTop(search, served, forms, req, counts);
                        if (b != null) {
                            scores[at] = counts.freqs;
                            stepped[at] = counts.stepped;
                            clauses[at] = b.search() instanceof BooleanQuery bq ? bq.clauses().size() : 1;
                        }
                        return search.search(served, req, forms);
                    });
                    pages.add(result.hits().stream().map(SearchHit::id).toList());
                    refused.add(result.noMatch());
                }
                // CPU time of the whole search as served (query, text search, ranking, snippets), each question's
                // best of three rounds: on a loaded machine the best is the closest to the work itself.
                long[] cpu = new long[questions.size()];
                Arrays.fill(cpu, Long.MAX_VALUE);
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int r = 0; r < 3; r++) {
                    for (int i = 0; i < questions.size(); i++) {
                        SearchRequest req = SearchRequest.of(questions.get(i));
                        long t = threads.getCurrentThreadCpuTime();
                        kb.withSearcher(served -> search.search(served, req, forms));
                        cpu[i] = Math.min(cpu[i], threads.getCurrentThreadCpuTime() - t);
                    }
                }
                long[] cpuSorted = cpu.clone();
                Arrays.sort(cpuSorted);
                if (whole == null) {
                    whole = pages;
                    wholeRefused = refused;
                }
                int top1 = 0;
                int top3 = 0;
                int top3set = 0;
                int same = 0;
                double overlap = 0;
                for (int i = 0; i < questions.size(); i++) {
                    List<String> w = whole.get(i);
                    List<String> m = pages.get(i);
                    top1 += w.subList(0, Math.min(1, w.size())).equals(m.subList(0, Math.min(1, m.size()))) ? 1 : 0;
                    top3 += w.subList(0, Math.min(3, w.size())).equals(m.subList(0, Math.min(3, m.size()))) ? 1 : 0;
                    top3set += m.subList(0, Math.min(3, m.size())).containsAll(w.subList(0, Math.min(3, w.size()))) ? 1 : 0;
                    same += wholeRefused.get(i).equals(refused.get(i)) ? 1 : 0;
                    overlap += w.isEmpty() ? 1 : m.stream().filter(w::contains).count() / (double) w.size();
                }
                long[] sorted = scores.clone();
                Arrays.sort(sorted);
                long[] steps = stepped.clone();
                Arrays.sort(steps);
                System.out.printf(Locale.ROOT, "first pass %s:%s: postings stepped mean %.0f p99 %d; term scores mean %.0f p50 %d p90 %d p99 %d max %d; "
                                + "as the whole query: top 1 %d, top 3 in order %d, top 3 as a set %d, refusal %d of %d, "
                                + "top-%d overlap %.4f%n",
                        tuning.firstPassClauses() == Integer.MAX_VALUE ? "-" : tuning.firstPassClauses(),
                        tuning.rescoreDepth(), Arrays.stream(stepped).average().orElse(0), pct(steps, 0.99),
                        Arrays.stream(scores).average().orElse(0), pct(sorted, 0.5),
                        pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1], top1, top3, top3set, same,
                        questions.size(), Evaluation.DEPTH, overlap / questions.size());
                System.out.printf(Locale.ROOT, "  cpu ms a search (best of 3): mean %.3f p50 %.3f p90 %.3f p98 %.3f p99 %.3f max %.3f%n",
                        Arrays.stream(cpu).average().orElse(0) / 1e6, pct(cpuSorted, 0.5) / 1e6, pct(cpuSorted, 0.9) / 1e6,
                        pct(cpuSorted, 0.98) / 1e6, pct(cpuSorted, 0.99) / 1e6, cpuSorted[cpuSorted.length - 1] / 1e6);
                Integer[] order = new Integer[questions.size()];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> Long.compare(scores[b], scores[a]));
                for (int k = 0; k < 8; k++) {
                    String q = questions.get(order[k]);
                    System.out.printf(Locale.ROOT, "  %7d %3d %s%n", scores[order[k]], clauses[order[k]],
                            q.length() > 30 ? q.substring(0, 30) + "…" : q);
                }
            }
        }
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
