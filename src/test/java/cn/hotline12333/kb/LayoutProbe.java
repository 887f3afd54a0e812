package cn.hotline12333.kb;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: how much of the padded benchmark's search work comes from the order of its generated articles.
 * {@code kb bench} adds variant {@code n} of real article {@code n % real}, so every run of 128 documents (a postings
 * block, whose best score block-max pruning reads) holds about half a copy of every real article, the best one's
 * included. This builds the same variants twice, in that order and grouped by article, and counts the term scores
 * of every evaluation question's text search as served ({@link PruningProbe}) on each. {@code java -cp
 * target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.LayoutProbe 10000 [knowledge-base]}.
 */
public final class LayoutProbe {
    private LayoutProbe() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path dir = Path.of(args.length > 1 ? args[1] : "knowledge-base");
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false).withDense(false))) {
            List<Article> real = kb.articles();
            Analysis analysis = kb.analysis();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<ArticleIndex>> built = new ArrayList<>();
            for (boolean grouped : new boolean[] {false, true}) {
                built.add(pool.submit(() -> {
                    ArticleIndex index = new ArticleIndex(analysis, false);
                    for (Article a : real) {
                        index.put(a);
                    }
                    int variants = count - real.size();
                    if (grouped) {
                        for (int a = 0; a < real.size(); a++) {
                            for (int n = a; n < variants; n += real.size()) {
                                index.put(ArticleVariants.variant(real, n));
                            }
                        }
                    } else {
                        for (int n = 0; n < variants; n++) {
                            index.put(ArticleVariants.variant(real, n));
                        }
                    }
                    index.forceMerge();
                    return index;
                }));
            }
            ArticleSearch search = new ArticleSearch(analysis, Ranking.defaults(), Clock.systemDefaultZone());
            QueryForms forms = kb.forms();
            String[] names = {"interleaved (as kb bench)", "grouped by article"};
            for (int k = 0; k < 2; k++) {
                try (ArticleIndex index = built.get(k).get()) {
                    PruningProbe.Counts counts = new PruningProbe.Counts();
                    long[] scores = new long[questions.size()];
                    for (int i = 0; i < questions.size(); i++) {
                        SearchRequest req = SearchRequest.of(questions.get(i)).page(Evaluation.DEPTH, 0);
                        int at = i;
                        index.withSearcher(served -> {
                            if (PruningProbe.countTop(search, served, forms, req, counts) != null) {
                                scores[at] = counts.freqs;
                            }
                            return null;
                        });
                    }
                    long[] sorted = scores.clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "%d articles, %s: term scores mean %.0f p50 %d p90 %d p99 %d max %d%n",
                            count, names[k], Arrays.stream(scores).average().orElse(0), sorted[sorted.length / 2],
                            sorted[(int) (sorted.length * 0.9)], sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
                            sorted[sorted.length - 1]);
                }
            }
            pool.shutdown();
        }
    }
}
