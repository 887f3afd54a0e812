package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Scores the search on the caller questions of {@code eval/questions.tsv} (format in knowledge-base/README.md):
 * Recall@1 and @3 (any expected article in the top k), MRR over the top 10 (rank of the first expected
 * article), and the share of questions that found nothing. Searches as an agent without a region would, expired
 * articles hidden.
 *
 * <p>Held-out questions are also scored without those that have a near twin among the articles' own caller
 * questions ({@link #NEAR_TWIN}): the people who write the questions of an article may, without seeing the
 * evaluation file, write what a held-out question says, and such a question then measures recall of a
 * phrasing the article already holds rather than of a new one.
 */
public final class Evaluation {
    static final int DEPTH = 10;
    /** Share of character bigrams two questions have in common (Jaccard) from which they count as twins. */
    static final double NEAR_TWIN = 0.5;

    /** One line of the file. */
    public record Question(int line, String split, String style, String text, List<String> expected) {
    }

    /** How one question fared: rank 1-based of the first expected article in the top 10, 0 if absent. */
    public record Outcome(Question question, int rank, List<String> top, boolean zeroResults) {
    }

    /** Figures for one group of questions (a split, or a split and a style). */
    public record Score(String group, int questions, double recallAt1, double recallAt3, double mrr,
                        double zeroResultRate) {
    }

    public record Report(List<Score> scores, List<Outcome> misses) {
        /** The figures as a Markdown table, then the questions that missed the top 3. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append("| group | questions | Recall@1 | Recall@3 | MRR | zero-result rate |\n");
            sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (Score s : scores) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", s.group(),
                        s.questions(), s.recallAt1(), s.recallAt3(), s.mrr(), s.zeroResultRate()));
            }
            sb.append("\nMisses (expected article not in the top 3): ").append(misses.size()).append('\n');
            for (Outcome o : misses) {
                Question q = o.question();
                sb.append(String.format(Locale.ROOT, "  line %d [%s/%s] %s%n    expected %s, rank %s, top 3 %s%n",
                        q.line(), q.split(), q.style(), q.text(), String.join(",", q.expected()),
                        o.rank() == 0 ? "-" : Integer.toString(o.rank()), o.top()));
            }
            return sb.toString();
        }
    }

    private Evaluation() {
    }

    /** Reads the questions; a malformed line is an error naming {@code file:line}. */
    public static List<Question> read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
        List<Question> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length != 4 || cols[2].isBlank() || cols[3].isBlank()) {
                throw new IllegalArgumentException(tsv + ":" + (i + 1) + ": expected 4 tab-separated columns "
                        + "split, style, question, expected_ids");
            }
            List<String> expected = new ArrayList<>();
            for (String id : cols[3].split(",")) {
                expected.add(id.strip());
            }
            out.add(new Question(i + 1, cols[0].strip(), cols[1].strip(), cols[2].strip(), List.copyOf(expected)));
        }
        return out;
    }

    /** {@code split} is {@code tune}, {@code heldout} or {@code all}. */
    public static Report run(KnowledgeBase kb, List<Question> questions, String split) {
        List<Set<String>> articleQuestions = kb.articles().stream().flatMap(a -> a.questions().stream())
                .map(Evaluation::bigrams).toList();
        Predicate<Question> twinned = q -> nearTwin(bigrams(q.text()), articleQuestions);
        List<Outcome> outcomes = new ArrayList<>();
        for (Question q : questions) {
            if (!split.equals("all") && !q.split().equals(split)) {
                continue;
            }
            SearchResult r = kb.search(SearchRequest.of(q.text()).page(DEPTH, 0));
            List<String> ids = r.hits().stream().map(SearchHit::id).toList();
            int rank = 0;
            for (int i = 0; i < ids.size(); i++) {
                if (q.expected().contains(ids.get(i))) {
                    rank = i + 1;
                    break;
                }
            }
            outcomes.add(new Outcome(q, rank, ids.subList(0, Math.min(3, ids.size())), ids.isEmpty()));
        }
        Map<String, Predicate<Question>> groups = new LinkedHashMap<>();
        for (String s : List.of("tune", "heldout")) {
            if (split.equals("all") || split.equals(s)) {
                groups.put(s, q -> q.split().equals(s));
                for (String style : List.of("standard", "colloquial", "traditional", "typo")) {
                    groups.put(s + " / " + style, q -> q.split().equals(s) && q.style().equals(style));
                }
                if (s.equals("heldout")) {
                    groups.put("heldout without near twins in the articles", q -> q.split().equals(s) && !twinned.test(q));
                }
            }
        }
        if (split.equals("all")) {
            groups.put("all", q -> true);
        }
        List<Score> scores = new ArrayList<>();
        groups.forEach((name, in) -> {
            List<Outcome> group = outcomes.stream().filter(o -> in.test(o.question())).toList();
            if (!group.isEmpty()) {
                scores.add(score(name, group));
            }
        });
        List<Outcome> misses = outcomes.stream().filter(o -> o.rank() == 0 || o.rank() > 3).toList();
        return new Report(scores, misses);
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
                    index.put(new Article(a.id(), a.title(), a.category(), a.tags(), kept.isEmpty() ? List.of(a.title())
                            : kept, a.region(), a.effective(), a.expires(), a.sources(), a.body(), a.file()));
                }
                index.publish();
                for (Question q : questions) {
                    SearchResult r = index.withSearcher(s -> search.search(s, SearchRequest.of(q.text()).page(DEPTH, 0)));
                    List<String> ids = r.hits().stream().map(SearchHit::id).toList();
                    int rank = ids.indexOf(q.expected().get(0)) + 1;
                    outcomes.add(new Outcome(q, rank, ids.subList(0, Math.min(3, ids.size())), ids.isEmpty()));
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
