package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Scores the search on the caller questions of every {@code eval/*.tsv} (format in knowledge-base/README.md):
 * Recall@1 and @3 (any expected article in the top k), MRR over the top 10 (rank of the first expected
 * article), and the share of questions that found nothing, per split and per style; and for the questions no
 * article answers (expected {@code -}), the share that got "no matching article". Searches as an agent without
 * a region would, expired articles hidden.
 *
 * <p>Held-out questions are also scored without those that have a near twin among the articles' own caller
 * questions ({@link #NEAR_TWIN}): the people who write the questions of an article may, without seeing the
 * evaluation file, write what a held-out question says, and such a question then measures recall of a
 * phrasing the article already holds rather than of a new one. The text of held-out misses is never printed:
 * whoever tunes reads figures of that split, not its questions.
 */
public final class Evaluation {
    static final int DEPTH = 10;
    /** Share of character bigrams two questions have in common (Jaccard) from which they count as twins. */
    static final double NEAR_TWIN = 0.5;
    /** Marks a question that no article answers. */
    static final String UNANSWERABLE = "-";
    /** Styles in the order they are reported; others follow alphabetically. */
    static final List<String> STYLES = List.of("standard", "colloquial", "dialect", "rambling", "traditional", "typo",
            "pinyin");

    /** One line of an evaluation file; {@code expected} empty: no article answers it. */
    public record Question(String file, int line, String split, String style, String text, List<String> expected) {
        public Question(int line, String split, String style, String text, List<String> expected) {
            this("questions.tsv", line, split, style, text, expected);
        }

        public boolean unanswerable() {
            return expected.isEmpty();
        }
    }

    /** How one question fared: rank 1-based of the first expected article in the top 10, 0 if absent. */
    public record Outcome(Question question, int rank, List<String> top, boolean zeroResults) {
    }

    /** Figures for one group of answerable questions (a split, or a split and a style). */
    public record Score(String group, int questions, double recallAt1, double recallAt3, double mrr,
                        double zeroResultRate) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |", group, questions, recallAt1,
                    recallAt3, mrr, zeroResultRate);
        }
    }

    /** Questions no article answers in one split, and the share of them answered "no matching article". */
    public record Refusals(String group, int questions, double noMatchShare) {
    }

    /** What one search made of the questions. */
    public record Report(String search, List<Score> scores, List<Refusals> refusals, List<Outcome> misses) {
        /** The figures as Markdown tables, then the questions that missed (held-out ones counted only). */
        public String format() {
            StringBuilder sb = new StringBuilder(table());
            List<Outcome> shown = misses.stream().filter(o -> !o.question().split().equals("heldout")).toList();
            sb.append("\nMisses (expected article not in the top 3, or an unanswerable question answered): ")
                    .append(misses.size()).append(", of them held-out (not shown): ")
                    .append(misses.size() - shown.size()).append('\n');
            for (Outcome o : shown) {
                Question q = o.question();
                sb.append(String.format(Locale.ROOT, "  %s:%d [%s/%s] %s%n    expected %s, rank %s, top 3 %s%n",
                        q.file(), q.line(), q.split(), q.style(), q.text(),
                        q.unanswerable() ? "no match" : String.join(",", q.expected()),
                        o.rank() == 0 ? "-" : Integer.toString(o.rank()), o.top()));
            }
            return sb.toString();
        }

        /** Only the tables. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append("| group (").append(search).append(") | questions | Recall@1 | Recall@3 | MRR | zero-result rate |\n");
            sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            scores.forEach(s -> sb.append(s.row()).append('\n'));
            if (!refusals.isEmpty()) {
                sb.append("\n| unanswerable (").append(search).append(") | questions | answered \"no matching article\" |\n");
                sb.append("| --- | ---: | ---: |\n");
                refusals.forEach(r -> sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f |%n", r.group(),
                        r.questions(), r.noMatchShare())));
            }
            return sb.toString();
        }
    }

    /** A search under evaluation: the ids of the top {@link #DEPTH} articles, none for "no matching article". */
    @FunctionalInterface
    interface Searcher {
        List<String> top(String query);
    }

    private Evaluation() {
    }

    /** Every {@code *.tsv} of the directory, in name order. */
    public static List<Question> readDirectory(Path evalDir) {
        try (Stream<Path> files = Files.list(evalDir)) {
            List<Question> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tsv") && Files.isRegularFile(p))
                    .sorted().toList()) {
                out.addAll(read(f));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + evalDir, e);
        }
    }

    /**
     * Reads the questions of one file; a malformed line is an error naming {@code file:line}. A row whose
     * expected_ids is empty is pending (its articles are still being written) and is skipped.
     */
    public static List<Question> read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
        String name = tsv.getFileName().toString();
        List<Question> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length < 3 || cols.length > 4 || cols[0].isBlank() || cols[1].isBlank() || cols[2].isBlank()) {
                throw new IllegalArgumentException(tsv + ":" + (i + 1) + ": expected 4 tab-separated columns "
                        + "split, style, question, expected_ids");
            }
            String ids = cols.length == 4 ? cols[3].strip() : "";
            if (ids.isEmpty()) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            if (!ids.equals(UNANSWERABLE)) {
                for (String id : ids.split(",")) {
                    expected.add(id.strip());
                }
            }
            out.add(new Question(name, i + 1, cols[0].strip(), cols[1].strip(), cols[2].strip(), List.copyOf(expected)));
        }
        return out;
    }

    /** {@code split} is {@code tune}, {@code heldout} or {@code all}. */
    public static Report run(KnowledgeBase kb, List<Question> questions, String split) {
        Searcher ours = q -> kb.search(SearchRequest.of(q).page(DEPTH, 0)).hits().stream().map(SearchHit::id).toList();
        return run("ours", ours, kb.articles(), questions, split);
    }

    /**
     * With the embedding model on: the same questions searched by the text search alone ("lexical"), by the
     * model's nearest articles alone ("dense") and by both fused ("hybrid", what {@link #run} measures), each
     * with its own "no matching article" rule. Empty when the search is lexical only.
     */
    public static List<Report> retrievals(KnowledgeBase kb, List<Question> questions, String split) {
        if (!kb.hybrid()) {
            return List.of();
        }
        List<Report> out = new ArrayList<>();
        for (Retrieval mode : Retrieval.values()) {
            Searcher s = q -> kb.search(SearchRequest.of(q).page(DEPTH, 0), mode).hits().stream().map(SearchHit::id)
                    .toList();
            out.add(run(mode.name().toLowerCase(Locale.ROOT), s, kb.articles(), questions, split));
        }
        return out;
    }

    /**
     * The same questions searched by plain BM25 over title, questions and body with Lucene's stock
     * {@code StandardAnalyzer} and {@code CJKAnalyzer}: what our analysis chain adds.
     */
    public static List<Report> baselines(KnowledgeBase kb, List<Question> questions, String split, Clock clock) {
        List<Report> out = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        for (StockAnalyzerSearch.Stock stock : StockAnalyzerSearch.Stock.values()) {
            try (StockAnalyzerSearch s = new StockAnalyzerSearch(stock, kb.articles(), today)) {
                out.add(run(stock.label(), s::top, kb.articles(), questions, split));
            }
        }
        return out;
    }

    static Report run(String name, Searcher searcher, List<Article> articles, List<Question> questions, String split) {
        List<Set<String>> articleQuestions = articles.stream().flatMap(a -> a.questions().stream())
                .map(Evaluation::bigrams).toList();
        Predicate<Question> twinned = q -> nearTwin(bigrams(q.text()), articleQuestions);
        List<Outcome> outcomes = new ArrayList<>();
        for (Question q : questions) {
            if (split.equals("all") || q.split().equals(split)) {
                outcomes.add(outcome(q, searcher.top(q.text())));
            }
        }
        Map<String, Predicate<Question>> groups = new LinkedHashMap<>();
        List<Refusals> refusals = new ArrayList<>();
        for (String s : List.of("tune", "heldout")) {
            if (!split.equals("all") && !split.equals(s)) {
                continue;
            }
            groups.put(s, q -> q.split().equals(s));
            for (String style : styles(outcomes)) {
                groups.put(s + " / " + style, q -> q.split().equals(s) && q.style().equals(style));
            }
            if (s.equals("heldout")) {
                groups.put("heldout without near twins in the articles", q -> q.split().equals(s) && !twinned.test(q));
            }
            List<Outcome> unanswerable = outcomes.stream()
                    .filter(o -> o.question().unanswerable() && o.question().split().equals(s)).toList();
            if (!unanswerable.isEmpty()) {
                refusals.add(new Refusals(s, unanswerable.size(),
                        unanswerable.stream().filter(Outcome::zeroResults).count() / (double) unanswerable.size()));
            }
        }
        if (split.equals("all")) {
            groups.put("all", q -> true);
        }
        List<Score> scores = new ArrayList<>();
        groups.forEach((group, in) -> {
            List<Outcome> members = outcomes.stream()
                    .filter(o -> !o.question().unanswerable() && in.test(o.question())).toList();
            if (!members.isEmpty()) {
                scores.add(score(group, members));
            }
        });
        List<Outcome> misses = outcomes.stream().filter(Evaluation::missed).toList();
        return new Report(name, scores, refusals, misses);
    }

    private static Outcome outcome(Question q, List<String> ids) {
        int rank = 0;
        for (int i = 0; i < ids.size() && rank == 0; i++) {
            if (q.expected().contains(ids.get(i))) {
                rank = i + 1;
            }
        }
        return new Outcome(q, rank, ids.subList(0, Math.min(3, ids.size())), ids.isEmpty());
    }

    private static boolean missed(Outcome o) {
        return o.question().unanswerable() ? !o.zeroResults() : o.rank() == 0 || o.rank() > 3;
    }

    /** The styles of the answerable questions: the known ones in their order, then the rest by name. */
    private static List<String> styles(List<Outcome> outcomes) {
        Set<String> present = new HashSet<>();
        outcomes.stream().filter(o -> !o.question().unanswerable()).forEach(o -> present.add(o.question().style()));
        return present.stream().sorted(Comparator.comparing((String s) -> STYLES.contains(s) ? STYLES.indexOf(s)
                : STYLES.size()).thenComparing(Comparator.naturalOrder())).toList();
    }

    /**
     * A second tuning signal that never touches the held-out questions: for k = 1..5, index every article
     * without its k-th caller question and search with that question. It measures how well titles, tags,
     * bodies and the other questions meet a caller's wording the article did not foresee. Expired articles are
     * left out.
     */
    public static Score leaveOneQuestionOut(Path kbDir, Clock clock) {
        Analysis analysis = Analysis.load(kbDir.resolve("analysis"));
        List<Article> articles = ArticleFiles.load(kbDir).articles();
        ArticleSearch search = new ArticleSearch(analysis, Ranking.defaults(), clock);
        List<Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            List<Question> questions = new ArrayList<>();
            try (ArticleIndex index = new ArticleIndex(analysis, false)) {
                for (Article a : articles) {
                    List<String> kept = new ArrayList<>(a.questions());
                    if (kept.size() > k && !a.expiredOn(LocalDate.now(clock))) {
                        questions.add(new Question(0, "loo", "question " + (k + 1), kept.remove(k), List.of(a.id())));
                    }
                    index.put(a.withQuestions(kept.isEmpty() ? List.of(a.title()) : kept));
                }
                index.publish();
                QueryForms forms = QueryForms.build(articles, analysis);
                for (Question q : questions) {
                    SearchResult r = index.withSearcher(s -> search.search(s, SearchRequest.of(q.text()).page(DEPTH, 0), forms));
                    outcomes.add(outcome(q, r.hits().stream().map(SearchHit::id).toList()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return score("leave one question out", outcomes);
    }

    /** The pairs of adjacent letters or digits of a question, punctuation and spaces left out. */
    static Set<String> bigrams(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 1 < kept.length(); i++) {
            out.add(kept.substring(i, i + 2));
        }
        return out;
    }

    static boolean nearTwin(Set<String> question, List<Set<String>> others) {
        for (Set<String> other : others) {
            int common = 0;
            for (String pair : question) {
                if (other.contains(pair)) {
                    common++;
                }
            }
            int union = question.size() + other.size() - common;
            if (union > 0 && common >= NEAR_TWIN * union) {
                return true;
            }
        }
        return false;
    }

    private static Score score(String name, List<Outcome> group) {
        double n = group.size();
        double r1 = group.stream().filter(o -> o.rank() == 1).count() / n;
        double r3 = group.stream().filter(o -> o.rank() >= 1 && o.rank() <= 3).count() / n;
        double mrr = group.stream().mapToDouble(o -> o.rank() == 0 ? 0 : 1.0 / o.rank()).sum() / n;
        double zero = group.stream().filter(Outcome::zeroResults).count() / n;
        return new Score(name, group.size(), r1, r3, mrr, zero);
    }
}
