package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Not a test: a model of answerability fit on the tune split, beside the hand-set rules of {@link Ranking}. For each
 * tune question (never a held-out one: files named {@code heldout*} are not opened, and only {@code tune} rows of the
 * others are read) the probe runs the hybrid search as served, and once more with every refusal switched off to
 * record the {@link Answerability.Signals} of the best hits and the rank of the expected article; it writes them to
 * {@code target/gate-signals.tsv}. It then fits a logistic regression of "no article answers it" over a few features
 * and cross-validates it by groups (leave one question file out; blocks of consecutive lines of a file shuffled into
 * folds, so that near-duplicate probes written together stay in one fold), its threshold chosen on the training folds
 * only, and prints its errors of both kinds beside, on the same folds: the rules as served (set by hand on all of
 * tune, so their figure is in-sample), the rules with their knobs refit on the training folds, and the rules with the
 * model as a second way to refuse. {@code java -cp target/test-classes:target/hotline-bench.jar
 * cn.hotline12333.kb.GateProbe [dir]}.
 */
public final class GateProbe {
    static final double LAMBDA = 0.3;

    private GateProbe() {
    }

    /** A feature set: its name, the features' names and the features of a search's signals. */
    record Features(String name, List<String> names, Function<Answerability.Signals, double[]> of) {
    }

    static final List<Features> SETS = List.of(
            new Features("coverage, similarity, anchor lead, topical, model reads",
                    List.of("coverage", "similarity", "lead", "topical", "reads"), GateProbe::small),
            new Features("the same with hinges at the rules' similarity (0.72) and lead (-0.05)",
                    List.of("coverage", "similarity", "lead", "topical", "reads", "below-0.72", "lead-over--0.05"),
                    GateProbe::hinged),
            new Features("the first five with the lists' agreement, no text hit, length, top/second score",
                    List.of("coverage", "similarity", "lead", "topical", "reads", "no-text", "text-in-dense",
                            "dense-in-text", "log-chars", "log-top-ratio"), GateProbe::all));

    /** Similarity and lead count only when the model reads the query; no anchors reads as a lead of -0.3. */
    static double[] small(Answerability.Signals s) {
        double reads = s.modelReads() ? 1 : 0;
        double lead = s.anchor() == null ? -0.3 : s.anchorLead();
        return new double[] {s.coverage().share(), reads * s.similarity(), reads * lead, s.coverage().topical() ? 1 : 0,
                reads};
    }

    static double[] hinged(Answerability.Signals s) {
        double[] a = small(s);
        return new double[] {a[0], a[1], a[2], a[3], a[4], a[4] * Math.max(0, 0.72 - a[1]),
                a[4] * Math.max(0, a[2] + 0.05)};
    }

    static double[] all(Answerability.Signals s) {
        double[] a = small(s);
        double ratio = s.secondScore() > 0 ? Math.log(s.topScore() / s.secondScore()) : s.textHits() > 0 ? 1 : 0;
        return new double[] {a[0], a[1], a[2], a[3], a[4], s.textHits() == 0 ? 1 : 0, s.textInDense() ? 1 : 0,
                s.denseInText() ? 1 : 0, Math.log(Math.max(1, s.characters())), ratio};
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "knowledge-base");
        List<GateFit.Row> rows = collect(dir);
        write(rows, Path.of("target", "gate-signals.tsv"));
        Ranking served = Ranking.defaults();
        boolean[] rules = new boolean[rows.size()];
        boolean[] y = new boolean[rows.size()];
        int agree = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).unanswerable();
            rules[i] = served.hybridNoMatch(rows.get(i).signals());
            agree += rules[i] == rows.get(i).servedRefuse() ? 1 : 0;
        }
        long unanswerable = rows.stream().filter(GateFit.Row::unanswerable).count();
        System.out.printf(Locale.ROOT, "tune: %d answerable, %d unanswerable; the rules replayed from the signals "
                + "decide as the served search on %d of %d%n", rows.size() - unanswerable, unanswerable, agree, rows.size());
        Map<String, int[]> schemes = new LinkedHashMap<>();
        schemes.put("leave one file out", GateFit.byFile(rows));
        schemes.put("5 folds, 25-line blocks", GateFit.byBlocks(rows, 5, 25, 13));
        schemes.put("10 folds, 10-line blocks", GateFit.byBlocks(rows, 10, 10, 29));
        System.out.println("\nErrors on the held-back folds, answerable refused + unanswerable answered:");
        System.out.println("| decision | " + String.join(" | ", schemes.keySet()) + " |");
        System.out.println("| --- |" + " ---: |".repeat(schemes.size()));
        row("rules as served (in-sample)", schemes, y, f -> rules);
        row("rules refit on the training folds", schemes, y, fold -> refitRules(rows, fold));
        for (Features set : SETS) {
            double[][] x = rows.stream().map(r -> set.of().apply(r.signals())).toArray(double[][]::new);
            row("model: " + set.name(), schemes, y, fold -> model(fold, x, y, null));
            row("rules, or the model (" + set.name() + ")", schemes, y, fold -> model(fold, x, y, train -> rules));
            row("rules refit, or the model (" + set.name() + ")", schemes, y, fold -> model(fold, x, y,
                    train -> decide(GateFit.refit(rows, train), rows)));
        }
        System.out.println("\nFit on all of tune (features on their raw scale), threshold from the out-of-fold "
                + "probabilities of the 5 folds; tune quality if served:");
        for (Features set : SETS) {
            double[][] x = rows.stream().map(r -> set.of().apply(r.signals())).toArray(double[][]::new);
            GateFit.Logistic whole = GateFit.Logistic.fit(x, y, LAMBDA);
            double[] oof = outOfFold(schemes.get("5 folds, 25-line blocks"), x, y);
            double t = GateFit.threshold(oof, y);
            System.out.printf(Locale.ROOT, "%s: %s; threshold %.3f%n", set.name(), whole.describe(set.names()), t);
            quality("  in-sample", rows, refusals(whole.probabilities(x), t));
            quality("  out-of-fold", rows, refusals(oof, t));
        }
        quality("rules as served", rows, rules);
        System.out.println("rules refit on all of tune: " + GateFit.knobs(GateFit.refit(rows, all(rows.size())))
                + " (served: " + GateFit.knobs(served) + ")");
    }

    private static List<GateFit.Row> collect(Path dir) throws IOException {
        List<Evaluation.Question> tune = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("eval"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")
                    && !p.getFileName().toString().startsWith("heldout")).sorted().toList()) {
                Evaluation.read(f).stream().filter(q -> q.split().equals("tune")).forEach(tune::add);
            }
        }
        Ranking served = Ranking.defaults();
        Ranking open = served.withNoMatch(-1, -1).withDense(served.denseFloor(), -2f, served.hybridCoverage())
                .withAnchor(10f, served.anchorCoverage(), 10f).withFarOffTopic(-2f);
        List<GateFit.Row> rows = new ArrayList<>();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false).withDense(true))) {
            for (Evaluation.Question q : tune) {
                SearchRequest request = SearchRequest.of(q.text()).page(Evaluation.DEPTH, 0);
                Answerability.Signals[] seen = new Answerability.Signals[1];
                SearchResult all = kb.search(request, Retrieval.HYBRID, open, s -> seen[0] = s);
                if (seen[0] == null) {
                    throw new IllegalStateException("no signals for " + q.file() + ":" + q.line());
                }
                int rank = 0;
                for (int i = 0; i < all.hits().size() && rank == 0; i++) {
                    rank = q.expected().contains(all.hits().get(i).id()) ? i + 1 : 0;
                }
                rows.add(new GateFit.Row(q.file(), q.line(), q.style(), q.unanswerable(), seen[0], rank,
                        kb.search(request, Retrieval.HYBRID).noMatch()));
            }
        }
        return rows;
    }

    private static boolean[] all(int n) {
        boolean[] out = new boolean[n];
        Arrays.fill(out, true);
        return out;
    }

    /** Each row's decision, made by what was fit without its fold. */
    private interface Decide {
        boolean[] on(int[] fold);
    }

    private static void row(String name, Map<String, int[]> schemes, boolean[] y, Decide decide) {
        StringBuilder sb = new StringBuilder("| " + name + " |");
        for (int[] fold : schemes.values()) {
            boolean[] refuse = decide.on(fold);
            int refused = 0;
            int answered = 0;
            for (int i = 0; i < refuse.length; i++) {
                refused += !y[i] && refuse[i] ? 1 : 0;
                answered += y[i] && !refuse[i] ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, " %d + %d = %d |", refused, answered, refused + answered));
        }
        System.out.println(sb);
    }

    private static boolean[] decide(Ranking r, List<GateFit.Row> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.hybridNoMatch(rows.get(i).signals());
        }
        return out;
    }

    private static boolean[] refitRules(List<GateFit.Row> rows, int[] fold) {
        boolean[] out = new boolean[rows.size()];
        for (int f = 0; f < GateFit.folds(fold); f++) {
            Ranking r = GateFit.refit(rows, GateFit.in(fold, f, true));
            for (int i = 0; i < out.length; i++) {
                if (fold[i] == f) {
                    out[i] = r.hybridNoMatch(rows.get(i).signals());
                }
            }
        }
        return out;
    }

    /**
     * The model's decisions, each fit without its row's fold, its threshold the one with the fewest errors on the
     * training folds. {@code base} not null: refuse when the rules it gives (for the training rows' mask) do or the
     * model does, the threshold chosen for that combination.
     */
    private static boolean[] model(int[] fold, double[][] x, boolean[] y, Function<boolean[], boolean[]> base) {
        boolean[] out = new boolean[y.length];
        for (int f = 0; f < GateFit.folds(fold); f++) {
            boolean[] train = GateFit.in(fold, f, true);
            GateFit.Logistic m = GateFit.Logistic.fit(GateFit.pick(x, train), GateFit.pick(y, train), LAMBDA);
            boolean[] rules = base == null ? null : base.apply(train);
            double t;
            if (rules == null) {
                t = GateFit.threshold(m.probabilities(GateFit.pick(x, train)), GateFit.pick(y, train));
            } else {
                // Rows the rules refuse are refused whatever the model says: only the others choose the threshold.
                boolean[] open = train.clone();
                for (int i = 0; i < open.length; i++) {
                    open[i] &= !rules[i];
                }
                double[] p = m.probabilities(GateFit.pick(x, open));
                boolean[] yo = GateFit.pick(y, open);
                double[] withNever = Arrays.copyOf(p, p.length + 1);
                withNever[p.length] = 2; // lets "the model never refuses" be the best threshold
                t = GateFit.threshold(withNever, Arrays.copyOf(yo, yo.length + 1));
            }
            for (int i = 0; i < y.length; i++) {
                if (fold[i] == f) {
                    out[i] = (rules != null && rules[i]) || m.probability(x[i]) >= t;
                }
            }
        }
        return out;
    }

    private static double[] outOfFold(int[] fold, double[][] x, boolean[] y) {
        double[] p = new double[y.length];
        for (int f = 0; f < GateFit.folds(fold); f++) {
            boolean[] train = GateFit.in(fold, f, true);
            GateFit.Logistic m = GateFit.Logistic.fit(GateFit.pick(x, train), GateFit.pick(y, train), LAMBDA);
            for (int i = 0; i < y.length; i++) {
                if (fold[i] == f) {
                    p[i] = m.probability(x[i]);
                }
            }
        }
        return p;
    }

    private static boolean[] refusals(double[] p, double t) {
        boolean[] out = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] >= t;
        }
        return out;
    }

    /** Tune Recall@3, MRR, answerable refused and unanswerable answered with these refusals. */
    private static void quality(String name, List<GateFit.Row> rows, boolean[] refuse) {
        int answerable = 0;
        int at3 = 0;
        double rr = 0;
        int refused = 0;
        int answered = 0;
        for (int i = 0; i < rows.size(); i++) {
            GateFit.Row r = rows.get(i);
            if (r.unanswerable()) {
                answered += refuse[i] ? 0 : 1;
                continue;
            }
            answerable++;
            refused += refuse[i] ? 1 : 0;
            int rank = refuse[i] ? 0 : r.rank();
            at3 += rank >= 1 && rank <= 3 ? 1 : 0;
            rr += rank == 0 ? 0 : 1.0 / rank;
        }
        System.out.printf(Locale.ROOT, "%s: Recall@3 %.3f, MRR %.3f, answerable refused %d, unanswerable answered %d%n",
                name, at3 / (double) answerable, rr / answerable, refused, answered);
    }

    private static void write(List<GateFit.Row> rows, Path out) {
        StringBuilder sb = new StringBuilder("file\tline\tstyle\tunanswerable\trank\tserved_refuse\tcoverage\ttopical"
                + "\ttext_hits\ttop_score\tsecond_score\tsimilarity\tanchor\tmodel_reads\ttext_in_dense"
                + "\tdense_in_text\tcharacters\n");
        for (GateFit.Row r : rows) {
            Answerability.Signals s = r.signals();
            sb.append(String.format(Locale.ROOT, "%s\t%d\t%s\t%b\t%d\t%b\t%.4f\t%b\t%d\t%.3f\t%.3f\t%.4f\t%.4f\t%b\t%b\t%b\t%d%n",
                    r.file(), r.line(), r.style(), r.unanswerable(), r.rank(), r.servedRefuse(), s.coverage().share(),
                    s.coverage().topical(), s.textHits(), s.topScore(), s.secondScore(), s.similarity(),
                    s.anchor() == null ? -1 : s.anchor().similarity(), s.modelReads(), s.textInDense(), s.denseInText(),
                    s.characters()));
        }
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
