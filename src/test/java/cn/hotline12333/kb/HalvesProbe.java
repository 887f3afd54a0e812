package cn.hotline12333.kb;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Not a test: each evaluation question's text search ({@link ArticleSearch#top}: the first pass and its rescoring)
 * by one thread and as two halves ({@link Halves}, every search split), interleaved per question, best of
 * {@code rounds} each; the predictor of cost ({@link Halves#postings}) beside the times, the split's gain above each
 * threshold, and whether the two give the same hits. Then whole searches ({@code KnowledgeBase.search}'s path)
 * with the served threshold against none, with the process's CPU. {@code java -cp
 * target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.HalvesProbe 100000 [rounds] [knowledge-base]
 * [rows]}.
 */
public final class HalvesProbe {
    private HalvesProbe() {
    }

    record Row(String question, long postings, int clauses, double oneMs, double twoMs, boolean same) {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        int show = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        List<String> questions = PruningProbe.questions(dir);
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = PruningProbe.openLexical(dir, articles);
             Halves always = Halves.open(Runtime.getRuntime().availableProcessors(), 0);
             Halves served = Halves.open(Runtime.getRuntime().availableProcessors(), ArticleSearch.SPLIT_POSTINGS)) {
            System.out.printf(Locale.ROOT, "index: %d articles built in %.1f s; %d cores%n", kb.size(),
                    (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
            ArticleSearch one = search(kb, Halves.NONE);
            ArticleSearch two = search(kb, always);
            QueryForms forms = kb.forms();
            int n = questions.size();
            double[] oneBest = new double[n];
            double[] twoBest = new double[n];
            Arrays.fill(oneBest, Double.MAX_VALUE);
            Arrays.fill(twoBest, Double.MAX_VALUE);
            long[] postings = new long[n];
            int[] clauses = new int[n];
            boolean[] same = new boolean[n];
            Arrays.fill(same, true);
            for (int r = -1; r < rounds; r++) { // round -1: warm-up
                for (int i = 0; i < n; i++) {
                    SearchRequest req = SearchRequest.of(questions.get(i));
                    String text = forms.rewrite(req.cleanQuery());
                    int k = i;
                    int round = r;
                    boolean timed = r >= 0;
                    kb.withSearcher(s -> {
                        ArticleSearch.Built b = one.build(s.getIndexReader(), text, req, true);
                        if (b == null) {
                            return null;
                        }
                        Query first = FirstPass.of(b.search(), b.terms(), ArticleSearch.FIRST_PASS_CLAUSES);
                        postings[k] = Halves.postings(first, b.terms());
                        clauses[k] = first instanceof BooleanQuery bq ? bq.clauses().size() : 1;
                        // Alternate which goes first, so that neither always finds the postings in the cache.
                        boolean oneFirst = (k + Math.max(round, 0)) % 2 == 0;
                        TopDocs a = null;
                        TopDocs c = null;
                        for (int turn = 0; turn < 2; turn++) {
                            boolean single = (turn == 0) == oneFirst;
                            long s0 = System.nanoTime();
                            TopDocs t = (single ? one : two).top(s, b, req);
                            double ms = (System.nanoTime() - s0) / 1e6;
                            if (single) {
                                a = t;
                                oneBest[k] = timed ? Math.min(oneBest[k], ms) : oneBest[k];
                            } else {
                                c = t;
                                twoBest[k] = timed ? Math.min(twoBest[k], ms) : twoBest[k];
                            }
                        }
                        same[k] &= sameHits(a, c);
                        return null;
                    });
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (oneBest[i] != Double.MAX_VALUE) {
                    rows.add(new Row(questions.get(i), postings[i], clauses[i], oneBest[i], twoBest[i], same[i]));
                }
            }
            report(rows, show);
            endToEnd(kb, questions, search(kb, served), served, rounds);
        }
    }

    private static void report(List<Row> rows, int show) {
        System.out.printf(Locale.ROOT, "%d questions; split as one thread (hits, order, scores, total): %d; splits %s%n",
                rows.size(), rows.stream().filter(Row::same).count(), "every search");
        double[] one = rows.stream().mapToDouble(Row::oneMs).sorted().toArray();
        double[] two = rows.stream().mapToDouble(Row::twoMs).sorted().toArray();
        System.out.printf(Locale.ROOT, "text search, best of rounds, ms: one thread p50 %.2f p90 %.2f p99 %.2f max %.2f;"
                        + " every search split p50 %.2f p90 %.2f p99 %.2f max %.2f%n", pct(one, .5), pct(one, .9),
                pct(one, .99), one[one.length - 1], pct(two, .5), pct(two, .9), pct(two, .99), two[two.length - 1]);
        System.out.println("split from (postings) | questions split | their ms one thread -> split (sum) | text search "
                + "p50 / p90 / p99 / max ms with it");
        for (long t : new long[] {25_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000, Long.MAX_VALUE}) {
            double[] with = rows.stream().mapToDouble(r -> r.postings() >= t ? r.twoMs() : r.oneMs()).sorted().toArray();
            List<Row> split = rows.stream().filter(r -> r.postings() >= t).toList();
            System.out.printf(Locale.ROOT, "%10s | %5d | %8.1f -> %8.1f | %.2f / %.2f / %.2f / %.2f%n",
                    t == Long.MAX_VALUE ? "never" : Long.toString(t), split.size(),
                    split.stream().mapToDouble(Row::oneMs).sum(), split.stream().mapToDouble(Row::twoMs).sum(),
                    pct(with, .5), pct(with, .9), pct(with, .99), with[with.length - 1]);
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(Row::oneMs).reversed());
        System.out.println("slowest by one thread: ms one -> split, postings, clauses, same, question");
        for (Row r : sorted.subList(0, Math.min(show, sorted.size()))) {
            System.out.printf(Locale.ROOT, "%7.2f -> %6.2f %9d %3d %s %s%n", r.oneMs(), r.twoMs(), r.postings(),
                    r.clauses(), r.same() ? "same" : "DIFFERENT",
                    r.question().length() > 30 ? r.question().substring(0, 30) + "…" : r.question());
        }
    }

    /** Whole searches, one thread against the served threshold, interleaved; wall per search and process CPU. */
    private static void endToEnd(KnowledgeBase kb, List<String> questions, ArticleSearch withHalves, Halves served,
                                 int rounds) throws Exception {
        ArticleSearch alone = search(kb, Halves.NONE);
        int n = questions.size();
        double[][] best = new double[2][n];
        Arrays.fill(best[0], Double.MAX_VALUE);
        Arrays.fill(best[1], Double.MAX_VALUE);
        long[] cpu = new long[2];
        long splitsBefore = served.splits();
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < 2; w++) {
                ArticleSearch s = w == 0 ? alone : withHalves;
                long c0 = processCpu();
                for (int i = 0; i < n; i++) {
                    SearchRequest req = SearchRequest.of(questions.get(i));
                    long s0 = System.nanoTime();
                    kb.withSearcher(x -> s.search(x, req, kb.forms()));
                    best[w][i] = Math.min(best[w][i], (System.nanoTime() - s0) / 1e6);
                }
                cpu[w] += processCpu() - c0;
            }
        }
        for (int w = 0; w < 2; w++) {
            double[] b = best[w].clone();
            Arrays.sort(b);
            System.out.printf(Locale.ROOT, "end to end, %s: best of %d p50 %.2f p90 %.2f p99 %.2f max %.2f ms; "
                            + "process CPU %.3f ms a search%n", w == 0 ? "one thread" : "split from "
                            + ArticleSearch.SPLIT_POSTINGS + " postings (" + (served.splits() - splitsBefore) / rounds
                            + " splits a round)", rounds, pct(b, .5), pct(b, .9), pct(b, .99), b[n - 1],
                    cpu[w] / 1e6 / rounds / n);
        }
    }

    private static ArticleSearch search(KnowledgeBase kb, Halves halves) {
        return new ArticleSearch(kb.analysis(), Ranking.defaults(), Clock.systemDefaultZone(),
                ArticleSearch.Tuning.defaults(), null, halves);
    }

    private static boolean sameHits(TopDocs a, TopDocs b) {
        if (!a.totalHits.equals(b.totalHits) || a.scoreDocs.length != b.scoreDocs.length) {
            return false;
        }
        for (int i = 0; i < a.scoreDocs.length; i++) {
            ScoreDoc x = a.scoreDocs[i];
            ScoreDoc y = b.scoreDocs[i];
            if (x.doc != y.doc || Float.floatToIntBits(x.score) != Float.floatToIntBits(y.score)) {
                return false;
            }
        }
        return true;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
