package cn.hotline12333.kb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The fitting side of {@link GateProbe}: a logistic regression, the folds (by question file, or by blocks of
 * consecutive lines of a file, so that probes written together stay in one fold), the threshold with the fewest errors
 * of both kinds, and the hand-set rules of {@link Ranking} refit on a training fold by a search over their knobs.
 */
final class GateFit {
    private GateFit() {
    }

    /** One tune question: its place (for the folds), whether no article answers it, and what the search saw. */
    record Row(String file, int line, String style, boolean unanswerable, Answerability.Signals signals, int rank,
               boolean servedRefuse) {
    }

    /** Fold of each row: its question file. */
    static int[] byFile(List<Row> rows) {
        List<String> files = new ArrayList<>(new TreeSet<>(rows.stream().map(Row::file).toList()));
        return rows.stream().mapToInt(r -> files.indexOf(r.file())).toArray();
    }

    /** Fold of each row: blocks of {@code lines} consecutive lines of a file, shuffled (seeded) into {@code k} folds. */
    static int[] byBlocks(List<Row> rows, int k, int lines, long seed) {
        Function<Row, String> block = r -> r.file() + "#" + (r.line() / lines);
        List<String> groups = new ArrayList<>(new TreeSet<>(rows.stream().map(block).toList()));
        Collections.shuffle(groups, new Random(seed));
        Map<String, Integer> fold = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            fold.put(groups.get(i), i % k);
        }
        return rows.stream().mapToInt(r -> fold.get(block.apply(r))).toArray();
    }

    static int folds(int[] fold) {
        return Arrays.stream(fold).max().orElse(0) + 1;
    }

    static boolean[] in(int[] fold, int f, boolean train) {
        boolean[] out = new boolean[fold.length];
        for (int i = 0; i < fold.length; i++) {
            out[i] = (fold[i] == f) != train;
        }
        return out;
    }

    static double[][] pick(double[][] x, boolean[] take) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (take[i]) {
                out.add(x[i]);
            }
        }
        return out.toArray(double[][]::new);
    }

    static boolean[] pick(boolean[] y, boolean[] take) {
        int n = 0;
        boolean[] out = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            if (take[i]) {
                out[n++] = y[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The threshold on P(unanswerable) with the fewest errors of both kinds; ties: the middle of the tied range. */
    static double threshold(double[] p, boolean[] y) {
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        int best = Integer.MAX_VALUE;
        double lo = 0.5;
        double hi = 0.5;
        for (int i = 0; i <= sorted.length; i++) {
            double t = i == 0 ? sorted[0] - 1e-9 : i == sorted.length ? sorted[i - 1] + 1e-9
                    : (sorted[i - 1] + sorted[i]) / 2;
            int errors = 0;
            for (int j = 0; j < p.length; j++) {
                errors += (p[j] >= t) != y[j] ? 1 : 0;
            }
            if (errors < best) {
                best = errors;
                lo = t;
                hi = t;
            } else if (errors == best) {
                hi = t;
            }
        }
        return (lo + hi) / 2;
    }

    /** A knob of the rules, the values tried for it, and how to set it. */
    record Knob(String name, double[] values, Function<Ranking, Double> get, BiFunction<Ranking, Double, Ranking> set) {
    }

    static double[] range(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round((from + i * step) * 1000) / 1000.0;
        }
        return out;
    }

    static final List<Knob> KNOBS = List.of(
            new Knob("noMatchBelow", new double[] {0.05, 0.08, 0.10, 0.12, 0.15, 0.20}, Ranking::noMatchBelow,
                    (r, v) -> r.withNoMatch(v, r.offTopicBelow())),
            new Knob("offTopicBelow", new double[] {0.10, 0.15, 0.20, 0.30, 0.40}, Ranking::offTopicBelow,
                    (r, v) -> r.withNoMatch(r.noMatchBelow(), v)),
            new Knob("denseNoMatchBelow", range(0.60, 0.75, 0.01), r -> (double) r.denseNoMatchBelow(),
                    (r, v) -> r.withDense(r.denseFloor(), v.floatValue(), r.hybridCoverage())),
            new Knob("hybridCoverage", new double[] {0.3, 0.4, 0.5, 0.6, 0.7}, Ranking::hybridCoverage,
                    (r, v) -> r.withDense(r.denseFloor(), r.denseNoMatchBelow(), v)),
            new Knob("denseConfident", range(0.68, 0.80, 0.01), r -> (double) r.denseConfident(),
                    (r, v) -> r.withDenseConfident(v.floatValue())),
            new Knob("anchorMargin", range(-0.06, 0.06, 0.01), r -> (double) r.anchorMargin(),
                    (r, v) -> r.withAnchor(v.floatValue(), r.anchorCoverage(), r.anchorWholeLead())),
            new Knob("anchorWholeLead", range(0.0, 0.12, 0.01), r -> (double) r.anchorWholeLead(),
                    (r, v) -> r.withAnchor(r.anchorMargin(), r.anchorCoverage(), v.floatValue())),
            new Knob("farOffTopicBelow", range(0.50, 0.72, 0.01), r -> (double) r.farOffTopicBelow(),
                    (r, v) -> r.withFarOffTopic(v.floatValue())));

    static int errors(Ranking r, List<Row> rows, boolean[] take) {
        int errors = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (take[i]) {
                errors += r.hybridNoMatch(rows.get(i).signals()) != rows.get(i).unanswerable() ? 1 : 0;
            }
        }
        return errors;
    }

    /**
     * The rules' knobs set again on the rows taken, one knob at a time (three sweeps at most), each to the value with
     * the fewest errors there; ties go to the value nearest the served one.
     */
    static Ranking refit(List<Row> rows, boolean[] take) {
        Ranking served = Ranking.defaults();
        Ranking r = served;
        for (int sweep = 0; sweep < 3; sweep++) {
            boolean changed = false;
            for (Knob k : KNOBS) {
                double bestValue = k.get().apply(r);
                int bestErrors = Integer.MAX_VALUE;
                double bestDistance = Double.MAX_VALUE;
                for (double v : k.values()) {
                    int e = errors(k.set().apply(r, v), rows, take);
                    double distance = Math.abs(v - k.get().apply(served));
                    if (e < bestErrors || e == bestErrors && distance < bestDistance) {
                        bestErrors = e;
                        bestDistance = distance;
                        bestValue = v;
                    }
                }
                if (Math.abs(bestValue - k.get().apply(r)) > 1e-6) {
                    r = k.set().apply(r, bestValue);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return r;
    }

    static String knobs(Ranking r) {
        StringBuilder sb = new StringBuilder();
        for (Knob k : KNOBS) {
            sb.append(String.format(Locale.ROOT, "%s%s %.2f", sb.length() == 0 ? "" : ", ", k.name(), k.get().apply(r)));
        }
        return sb.toString();
    }

    /** Logistic regression on standardised features, L2 on the weights (not the intercept), fit by Newton's method. */
    record Logistic(double[] mean, double[] scale, double[] w) {

        static Logistic fit(double[][] x, boolean[] y, double lambda) {
            int d = x[0].length;
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / x.length;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
                }
            }
            for (int j = 0; j < d; j++) {
                scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
            }
            double[] w = new double[d + 1];
            for (int iter = 0; iter < 50; iter++) {
                double[] grad = new double[d + 1];
                double[][] hess = new double[d + 1][d + 1];
                for (int i = 0; i < x.length; i++) {
                    double[] z = standard(x[i], mean, scale);
                    double p = sigmoid(dot(w, z));
                    double g = p - (y[i] ? 1 : 0);
                    for (int a = 0; a <= d; a++) {
                        grad[a] += g * z[a];
                        for (int b = 0; b <= d; b++) {
                            hess[a][b] += p * (1 - p) * z[a] * z[b];
                        }
                    }
                }
                for (int a = 1; a <= d; a++) {
                    grad[a] += lambda * w[a];
                    hess[a][a] += lambda;
                }
                hess[0][0] += 1e-9;
                double[] step = solve(hess, grad);
                double change = 0;
                for (int a = 0; a <= d; a++) {
                    w[a] -= step[a];
                    change = Math.max(change, Math.abs(step[a]));
                }
                if (change < 1e-9) {
                    break;
                }
            }
            return new Logistic(mean, scale, w);
        }

        double probability(double[] x) {
            return sigmoid(dot(w, standard(x, mean, scale)));
        }

        double[] probabilities(double[][] x) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                p[i] = probability(x[i]);
            }
            return p;
        }

        /** Weights on the raw features: intercept first. */
        double[] raw() {
            double[] out = new double[w.length];
            out[0] = w[0];
            for (int j = 0; j < mean.length; j++) {
                out[j + 1] = w[j + 1] / scale[j];
                out[0] -= w[j + 1] * mean[j] / scale[j];
            }
            return out;
        }

        String describe(List<String> names) {
            double[] r = raw();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "intercept %.4f", r[0]));
            for (int j = 0; j < names.size(); j++) {
                sb.append(String.format(Locale.ROOT, ", %s %.4f", names.get(j), r[j + 1]));
            }
            return sb.toString();
        }

        private static double[] standard(double[] x, double[] mean, double[] scale) {
            double[] z = new double[x.length + 1];
            z[0] = 1;
            for (int j = 0; j < x.length; j++) {
                z[j + 1] = (x[j] - mean[j]) / scale[j];
            }
            return z;
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        private static double sigmoid(double v) {
            return 1 / (1 + Math.exp(-v));
        }

        /** Gaussian elimination with partial pivoting: {@code a x = b}. */
        private static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) {
                m[i] = Arrays.copyOf(a[i], n + 1);
                m[i][n] = b[i];
            }
            for (int c = 0; c < n; c++) {
                int pivot = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                        pivot = r;
                    }
                }
                double[] tmp = m[c];
                m[c] = m[pivot];
                m[pivot] = tmp;
                for (int r = c + 1; r < n; r++) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
            double[] out = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = m[r][n];
                for (int k = r + 1; k < n; k++) {
                    s -= m[r][k] * out[k];
                }
                out[r] = s / m[r][r];
            }
            return out;
        }
    }
}
