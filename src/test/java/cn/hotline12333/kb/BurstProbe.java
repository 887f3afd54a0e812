package cn.hotline12333.kb;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Not a test: bursts of queries arriving in the same instant at the query pool ({@link QueryVectors}, its threads
 * and queue as served), as the desk bench's lock-step pages send them: each burst's queries are new (tune and
 * held-out questions in turn), and the time from a query's start to its vector is recorded. Two models alternate
 * burst by burst: each waiting query run alone, and the waiting queries taken together ({@link
 * PassageEncoder#embedQueries}). Prints the wait's p50/p99, the last vector of a burst, and the process CPU a
 * query. {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.BurstProbe [burst]
 * [bursts]}.
 */
public final class BurstProbe {
    private BurstProbe() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Path.of("knowledge-base");
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        PassageEncoder encoder = PassageEncoder.shared(1, dir.resolve(KbSettings.DEFAULT_CACHE).resolve("native"))
                .orElseThrow();
        Function<List<String>, float[][]> alone = texts -> texts.stream()
                .map(t -> encoder.embedQuery(t, PassageEncoder.QUERY_TOKENS)).toArray(float[][]::new);
        Function<List<String>, float[][]> together = texts -> encoder.embedQueries(texts, PassageEncoder.QUERY_TOKENS);
        questions.stream().limit(50).forEach(q -> encoder.embedQuery(q, PassageEncoder.QUERY_TOKENS));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<List<Double>> waits = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> lasts = List.of(new ArrayList<>(), new ArrayList<>());
        long[] cpu = new long[2];
        long[] runs = new long[2];
        int next = 0;
        try (QueryVectors a = new QueryVectors(alone, 0); QueryVectors b = new QueryVectors(together, 0)) {
            for (int burst = 0; burst < 2 * bursts; burst++) {
                int m = burst % 2;
                QueryVectors v = m == 0 ? a : b;
                long c = os.getProcessCpuTime();
                long started = System.nanoTime();
                List<QueryVectors.Pending> pending = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    pending.add(v.start(questions.get(next++ % questions.size())));
                }
                double last = 0;
                for (QueryVectors.Pending p : pending) {
                    v.await(p, Long.MAX_VALUE);
                    double ms = (System.nanoTime() - started) / 1e6;
                    waits.get(m).add(ms);
                    last = Math.max(last, ms);
                }
                lasts.get(m).add(last);
                cpu[m] += os.getProcessCpuTime() - c;
                Thread.sleep(200);
            }
            runs[0] = a.counts().batches();
            runs[1] = b.counts().batches();
        }
        String[] names = {"each query alone", "waiting queries together"};
        for (int m = 0; m < 2; m++) {
            double[] w = waits.get(m).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] l = lasts.get(m).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s, bursts of %d (%d): wait for the vector p50 %.1f p99 %.1f ms; last of a "
                            + "burst p50 %.1f max %.1f ms; process CPU %.2f ms a query; %d takes for %d queries%n", names[m],
                    size, bursts, pct(w, .5), pct(w, .99), pct(l, .5), l[l.length - 1],
                    cpu[m] / 1e6 / (bursts * size), runs[m], bursts * size);
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
