package cn.hotline12333.kb;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Not a test: where the slowest 2 % of paced hybrid searches spend their wall time, in process, as {@code kb bench}
 * sends them (8 clients, 50 a second in all, latency from when a search was due). Per search: the stages
 * ({@link SearchResult.Stages}), the searching thread's CPU and its time waiting for a core (the kernel's
 * {@code /proc/thread-self/schedstat}), its page faults, the collectors' time meanwhile, and on the model's thread
 * the query's wait for that thread, its embedding's wall time, CPU and wait for a core. Rounds of hybrid and
 * lexical searches alternate on the one index. {@code java -Xmx4g -cp target/test-classes:target/hotline-bench.jar
 * cn.hotline12333.kb.HybridTailProbe 100000 [seconds a round] [rounds] [knowledge-base]}.
 */
public final class HybridTailProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9Xx]{0,1}[0-9]{7,}[0-9Xx]?");
    private static final int CLIENTS = 8;
    private static final double RATE = 50;

    /** On the model's thread: when the embedding ran, its CPU, its wait for a core, its faults. */
    record Embedding(long start, long end, long cpu, long runqueue, long minflt, long majflt) {
    }

    /** One search: its times (ns, System.nanoTime), stages and the searching thread's counters. */
    record Search(String mode, String q, long due, long start, long end, SearchResult.Stages st, long cpu,
                  long runqueue, long minflt, long majflt, long gc, int inFlight, Embedding emb) {
        double latencyMs() {
            return (end - due) / 1e6;
        }
    }

    private HybridTailProbe() {
    }

    public static void main(String[] args) throws Exception {
        int articles = Integer.parseInt(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Path.of(args.length > 3 ? args[3] : "knowledge-base");
        List<String> questions = Evaluation.readDirectory(dir.resolve("eval")).stream()
                .map(Evaluation.Question::text).toList();
        long t0 = System.nanoTime();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false)
                .withGeneratedArticles(articles).withDense(true).withQueryCache(0))) {
            System.out.printf(Locale.ROOT, "built %d articles in %.1f s, %.1f MB; process faults %s%n", kb.size(),
                    (System.nanoTime() - t0) / 1e9, kb.indexBytes() / 1e6, processFaults());
            Map<String, Embedding> embeddings = new ConcurrentHashMap<>();
            Object queries = field(kb.dense(), "queries");
            Field model = queries.getClass().getDeclaredField("model");
            model.setAccessible(true);
            @SuppressWarnings("unchecked")
            Function<String, float[]> inner = (Function<String, float[]>) model.get(queries);
            model.set(queries, (Function<String, float[]>) q -> {
                long[] s0 = sched();
                long[] f0 = faults();
                long c0 = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                float[] v = inner.apply(q);
                long end = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                long[] s1 = sched();
                long[] f1 = faults();
                embeddings.put(q, new Embedding(start, end, c1 - c0, s1[1] - s0[1], f1[0] - f0[0], f1[1] - f0[1]));
                return v;
            });
            // warm-up, both modes
            run(kb, questions, "hybrid", 5, embeddings);
            run(kb, questions, "lexical", 5, embeddings);
            List<Search> hybrid = new ArrayList<>();
            List<Search> lexical = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                hybrid.addAll(run(kb, questions, "hybrid", seconds, embeddings));
                lexical.addAll(run(kb, questions, "lexical", seconds, embeddings));
                System.out.printf(Locale.ROOT, "round %d done, load %.2f, process faults %s%n", r,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), processFaults());
            }
            report(hybrid);
            report(lexical);
            slowest(hybrid, 25);
        }
    }

    private static List<Search> run(KnowledgeBase kb, List<String> questions, String mode, int seconds,
                                    Map<String, Embedding> embeddings) throws InterruptedException {
        long interval = (long) (CLIENTS * 1e9 / RATE);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Search> out = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                int next = client * 37;
                long due = begin + interval * client / CLIENTS;
                while (due < deadline) {
                    LockSupport.parkNanos(due - System.nanoTime());
                    if (System.nanoTime() < due) {
                        continue;
                    }
                    String q = questions.get(Math.floorMod(next++, questions.size()));
                    SearchRequest request = SearchRequest.of(q);
                    String key = LONG_NUMBER.matcher(kb.forms().rewrite(request.cleanQuery())).replaceAll(" ");
                    int others = inFlight.getAndIncrement();
                    long gc0 = gcNanos();
                    long[] s0 = sched();
                    long[] f0 = faults();
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    SearchResult res = mode.equals("hybrid") ? kb.search(request)
                            : kb.search(request, Retrieval.LEXICAL);
                    long end = System.nanoTime();
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    long[] s1 = sched();
                    long[] f1 = faults();
                    long gc1 = gcNanos();
                    inFlight.decrementAndGet();
                    Embedding e = mode.equals("hybrid") ? embeddings.remove(key) : null;
                    out.add(new Search(mode, q, due, start, end, res.stages(), c1 - c0, s1[1] - s0[1],
                            f1[0] - f0[0], f1[1] - f0[1], gc1 - gc0, others, e));
                    due += interval;
                }
            }, "probe-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new ArrayList<>(out);
    }

    private static void report(List<Search> all) {
        List<Search> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Double.compare(a.latencyMs(), b.latencyMs()));
        int n = sorted.size();
        double[] lat = sorted.stream().mapToDouble(Search::latencyMs).toArray();
        System.out.printf(Locale.ROOT, "%n%s: %d searches, latency from due p50 %.2f p90 %.2f p98 %.2f p99 %.2f max %.2f ms%n",
                sorted.get(0).mode(), n, pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.98), pct(lat, 0.99), lat[n - 1]);
        line("median tenth", sorted.subList((int) (n * 0.45), (int) (n * 0.55)));
        line("slowest 2 %", sorted.subList(n - Math.max(1, n / 50), n));
        line("all", sorted);
    }

    private static void line(String name, List<Search> which) {
        double[] s = new double[18];
        int withEmb = 0;
        for (Search x : which) {
            s[0] += x.latencyMs();
            s[1] += (x.start() - x.due()) / 1e6;
            s[2] += (x.end() - x.start()) / 1e6;
            s[3] += x.st().vectorNs() / 1e6;
            s[4] += x.st().analysisNs() / 1e6;
            s[5] += x.st().lexicalNs() / 1e6;
            s[6] += x.st().denseNs() / 1e6;
            s[7] += x.st().rankingNs() / 1e6;
            s[8] += x.st().pageNs() / 1e6;
            s[9] += x.cpu() / 1e6;
            s[10] += x.runqueue() / 1e6;
            s[11] += x.gc() / 1e6;
            s[12] += x.majflt() + x.minflt() / 1000.0;
            s[13] += x.inFlight();
            if (x.emb() != null) {
                withEmb++;
                s[14] += (x.emb().start() - x.start() - x.st().vectorNs()) / 1e6;
                s[15] += (x.emb().end() - x.emb().start()) / 1e6;
                s[16] += x.emb().cpu() / 1e6;
                s[17] += x.emb().runqueue() / 1e6;
            }
        }
        int n = which.size();
        System.out.printf(Locale.ROOT, "%s (%d): latency %.2f = late start %.2f + search %.2f [vector %.2f, analysis %.2f,"
                        + " lexical %.2f, dense wait %.2f, ranking %.2f, page %.2f]; search thread CPU %.2f, runqueue %.2f;"
                        + " GC %.2f; faults(maj+min/1000) %.3f; others in flight %.2f%n",
                name, n, s[0] / n, s[1] / n, s[2] / n, s[3] / n, s[4] / n, s[5] / n, s[6] / n, s[7] / n, s[8] / n,
                s[9] / n, s[10] / n, s[11] / n, s[12] / n, s[13] / n);
        if (withEmb > 0) {
            System.out.printf(Locale.ROOT, "    model thread (%d): queued %.2f, embedding wall %.2f, CPU %.2f, runqueue %.2f%n",
                    withEmb, s[14] / withEmb, s[15] / withEmb, s[16] / withEmb, s[17] / withEmb);
        }
    }

    private static void slowest(List<Search> all, int count) {
        List<Search> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Double.compare(b.latencyMs(), a.latencyMs()));
        System.out.println("\nslowest: latency late | vec ana lex wait rank page | cpu rq gc | in-flight | emb queued wall cpu rq | q");
        for (Search x : sorted.subList(0, Math.min(count, sorted.size()))) {
            Embedding e = x.emb();
            System.out.printf(Locale.ROOT, "%6.2f %5.2f | %5.2f %5.2f %5.2f %5.2f %5.2f %5.2f | %5.2f %5.2f %5.2f | %d | %s | %s%n",
                    x.latencyMs(), (x.start() - x.due()) / 1e6, x.st().vectorNs() / 1e6, x.st().analysisNs() / 1e6,
                    x.st().lexicalNs() / 1e6, x.st().denseNs() / 1e6, x.st().rankingNs() / 1e6, x.st().pageNs() / 1e6,
                    x.cpu() / 1e6, x.runqueue() / 1e6, x.gc() / 1e6, x.inFlight(),
                    e == null ? "-" : String.format(Locale.ROOT, "%5.2f %5.2f %5.2f %5.2f",
                            (e.start() - x.start() - x.st().vectorNs()) / 1e6, (e.end() - e.start()) / 1e6,
                            e.cpu() / 1e6, e.runqueue() / 1e6),
                    x.q().length() > 24 ? x.q().substring(0, 24) + "…" : x.q());
        }
    }

    private static long gcNanos() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms * 1_000_000;
    }

    /** This thread's time on a core and waiting for one (ns). */
    private static long[] sched() {
        try {
            String[] f = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (Exception e) {
            return new long[2];
        }
    }

    /** This thread's minor and major page faults. */
    private static long[] faults() {
        return statFaults("/proc/thread-self/stat");
    }

    private static String processFaults() {
        long[] f = statFaults("/proc/self/stat");
        return "minflt " + f[0] + " majflt " + f[1];
    }

    private static long[] statFaults(String file) {
        try {
            String s = Files.readString(Path.of(file));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the name: state(3) ppid pgrp session tty tpgid flags minflt(10) cminflt majflt(12)
            return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])};
        } catch (Exception e) {
            return new long[2];
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
