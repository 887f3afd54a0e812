package cn.hotline12333.kb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: what answering with the text search alone when its result looks decisive would do to the hybrid
 * search's quality on the tune split. For each rule (the best text hit explains at least {@code c} of the query and
 * scores at least {@code r} times the second), the share of searches that would skip the embedding model, and the
 * tune Recall@1, Recall@3, MRR and unanswerable questions refused, served as "lexical when decisive, hybrid
 * otherwise", against hybrid throughout. {@code java -cp target/test-classes:target/hotline-bench.jar
 * cn.hotline12333.kb.DecisiveProbe [dir]}.
 */
public final class DecisiveProbe {
    private DecisiveProbe() {
    }

    private record Both(Evaluation.Question q, SearchResult lexical, SearchResult hybrid) {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "knowledge-base");
        List<Evaluation.Question> tune = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .filter(q -> q.split().equals("tune")).toList();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false).withDense(true))) {
            List<Both> all = new ArrayList<>();
            for (Evaluation.Question q : tune) {
                SearchRequest r = SearchRequest.of(q.text()).page(10, 0);
                all.add(new Both(q, kb.search(r, Retrieval.LEXICAL), kb.search(r, Retrieval.HYBRID)));
            }
            System.out.printf(Locale.ROOT, "tune: %d answerable, %d unanswerable%n",
                    all.stream().filter(b -> !b.q().unanswerable()).count(),
                    all.stream().filter(b -> b.q().unanswerable()).count());
            print("hybrid throughout", all, 2, 0);
            print("lexical wherever it answers", all, -1, 0);
            for (double c : new double[] {1.0, 0.9, 0.8}) {
                for (double ratio : new double[] {1.2, 1.5, 2.0, 3.0}) {
                    print(String.format(Locale.ROOT, "coverage >= %.1f, top/second >= %.1f", c, ratio), all, c, ratio);
                }
            }
        }
    }

    private static boolean decisive(SearchResult lexical, double coverage, double ratio) {
        if (lexical.noMatch() || lexical.hits().isEmpty() || lexical.coverage() < coverage) {
            return false;
        }
        List<SearchHit> h = lexical.hits();
        return h.size() == 1 || h.get(0).score() >= ratio * h.get(1).score();
    }

    private static void print(String rule, List<Both> all, double coverage, double ratio) {
        int answerable = 0;
        int skipped = 0;
        int at1 = 0;
        int at3 = 0;
        double rr = 0;
        int unanswerable = 0;
        int refused = 0;
        int changedTop3 = 0;
        for (Both b : all) {
            boolean skip = decisive(b.lexical(), coverage, ratio);
            skipped += skip ? 1 : 0;
            SearchResult served = skip ? b.lexical() : b.hybrid();
            List<String> ids = served.hits().stream().map(SearchHit::id).toList();
            List<String> hybridIds = b.hybrid().hits().stream().map(SearchHit::id).toList();
            changedTop3 += ids.subList(0, Math.min(3, ids.size())).equals(hybridIds.subList(0, Math.min(3, hybridIds.size())))
                    ? 0 : 1;
            if (b.q().unanswerable()) {
                unanswerable++;
                refused += ids.isEmpty() ? 1 : 0;
                continue;
            }
            answerable++;
            int rank = 0;
            for (int i = 0; i < ids.size() && rank == 0; i++) {
                rank = b.q().expected().contains(ids.get(i)) ? i + 1 : 0;
            }
            at1 += rank == 1 ? 1 : 0;
            at3 += rank >= 1 && rank <= 3 ? 1 : 0;
            rr += rank == 0 ? 0 : 1.0 / rank;
        }
        System.out.printf(Locale.ROOT, "| %s | %d of %d (%.2f) | %.3f | %.3f | %.3f | %.3f | %d |%n", rule, skipped,
                all.size(), skipped / (double) all.size(), at1 / (double) answerable, at3 / (double) answerable,
                rr / answerable, refused / (double) unanswerable, changedTop3);
    }
}
