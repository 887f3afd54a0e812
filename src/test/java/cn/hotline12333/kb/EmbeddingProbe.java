package cn.hotline12333.kb;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: the query embedding's CPU and its vectors, over the evaluation questions and the articles' passages.
 * Run with the bench jar and the test classes on the class path:
 * <ul>
 * <li>{@code … EmbeddingProbe cost [rounds] [dir]}: thread CPU of {@link PassageEncoder#embedQuery} (as served: at
 *   most {@link PassageEncoder#QUERY_TOKENS} tokens, one onnxruntime thread) for each question, best of
 *   {@code rounds}: mean, p50, p90, p99, max, and the least-squares fit of CPU against tokens (per run and per
 *   token);</li>
 * <li>{@code … EmbeddingProbe record FILE [dir]}: writes the vector of every question (as served) and of every
 *   article's passages (embedded an article at a time, as the index does);</li>
 * <li>{@code … EmbeddingProbe check FILE [dir]}: embeds them again and prints the largest difference from the
 *   recorded vectors and how many differ by more than 1e-6.</li>
 * </ul>
 * {@code -Dkb.probe.threads=2}: onnxruntime on two threads a run instead of one (whether the vectors stay the same).
 */
public final class EmbeddingProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EmbeddingProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "cost";
        Path dir = Path.of(args.length > 2 ? args[2] : "knowledge-base");
        PassageEncoder encoder = PassageEncoder.shared(Integer.getInteger("kb.probe.threads", 1),
                dir.resolve(KbSettings.DEFAULT_CACHE).resolve("native"))
                .orElseThrow();
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        switch (mode) {
            case "cost" -> cost(encoder, questions, args.length > 1 ? Integer.parseInt(args[1]) : 5);
            case "record" -> write(Path.of(args[1]), vectors(encoder, questions, dir));
            case "check" -> check(read(Path.of(args[1])), vectors(encoder, questions, dir));
            default -> throw new IllegalArgumentException("mode: cost, record or check");
        }
    }

    private static void cost(PassageEncoder encoder, List<String> questions, int rounds) throws IOException {
        int[] tokens = tokens(questions);
        for (String q : questions) {
            encoder.embedQuery(q, PassageEncoder.QUERY_TOKENS);
        }
        double[] best = new double[questions.size()];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < questions.size(); i++) {
                long c = THREADS.getCurrentThreadCpuTime();
                encoder.embedQuery(questions.get(i), PassageEncoder.QUERY_TOKENS);
                best[i] = Math.min(best[i], (THREADS.getCurrentThreadCpuTime() - c) / 1e6);
            }
        }
        // CPU = perRun + perToken * tokens, least squares over the questions
        double n = best.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < best.length; i++) {
            sx += tokens[i];
            sy += best[i];
            sxx += (double) tokens[i] * tokens[i];
            sxy += tokens[i] * best[i];
        }
        double perToken = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double perRun = (sy - perToken * sx) / n;
        double[] sorted = best.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "query embedding, %d questions (mean %.1f tokens), CPU best of %d: mean %.3f p50 %.3f "
                        + "p90 %.3f p99 %.3f max %.3f ms; fit %.3f ms a run + %.4f ms a token%n", best.length, sx / n, rounds,
                sy / n, pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1], perRun, perToken);
    }

    /** Tokens each question runs through the model as served: its own, at most the query limit. */
    private static int[] tokens(List<String> questions) throws IOException {
        try (InputStream in = EmbeddingProbe.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-q-tokenizer.json");
             HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(in,
                     Map.of("padding", "false", "truncation", "false"))) {
            return questions.stream().mapToInt(q -> Math.min(PassageEncoder.QUERY_TOKENS, t.encode(q).getIds().length))
                    .toArray();
        }
    }

    private static List<float[]> vectors(PassageEncoder encoder, List<String> questions, Path dir) {
        List<float[]> out = new ArrayList<>();
        for (String q : questions) {
            out.add(encoder.embedQuery(q, PassageEncoder.QUERY_TOKENS));
        }
        for (Article a : ArticleFiles.load(dir).articles()) {
            out.addAll(Arrays.asList(encoder.embed(Passages.of(a))));
        }
        System.out.printf(Locale.ROOT, "%d questions, %d vectors in all%n", questions.size(), out.size());
        return out;
    }

    private static void check(List<float[]> recorded, List<float[]> now) {
        if (recorded.size() != now.size()) {
            throw new IllegalStateException("recorded " + recorded.size() + " vectors, now " + now.size());
        }
        double worst = 0;
        int over = 0;
        int identical = 0;
        for (int i = 0; i < now.size(); i++) {
            double d = 0;
            for (int j = 0; j < now.get(i).length; j++) {
                d = Math.max(d, Math.abs(now.get(i)[j] - recorded.get(i)[j]));
            }
            worst = Math.max(worst, d);
            over += d > 1e-6 ? 1 : 0;
            identical += Arrays.equals(now.get(i), recorded.get(i)) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%d vectors: %d bit for bit the same, %d differ by more than 1e-6, largest "
                + "difference %.3g%n", now.size(), identical, over, worst);
    }

    private static void write(Path file, List<float[]> vectors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(vectors.size());
            for (float[] v : vectors) {
                out.writeInt(v.length);
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
    }

    private static List<float[]> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            List<float[]> out = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                out.add(v);
            }
            return out;
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
