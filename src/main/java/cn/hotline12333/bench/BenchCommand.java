package cn.hotline12333.bench;

import static cn.hotline12333.bench.BenchmarkDoc.ratio;

import cn.hotline12333.config.Durations;
import cn.hotline12333.bench.AgiBenchmark;
import cn.hotline12333.bench.AgiBenchmark.PathRun;
import cn.hotline12333.bench.AgiBenchmark.Result;
import cn.hotline12333.bench.BenchmarkDoc;
import cn.hotline12333.bench.CallPath;
import cn.hotline12333.bench.LoadReport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench agi}: the FastAGI load benchmark, our server beside a logic-free Netty floor (and, when asked,
 * Asterisk-Java's DefaultAgiServer) with the same calls (docs/benchmarks.md, "FastAGI load", says how it works
 * and what the figures mean).
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: java -jar target/hotline-bench.jar bench agi [--calls 10000] [--concurrency 10000] [--ramp 30s]
                    [--scale 1.0] [--target ours,floor] [--heap 512m] [--out docs/benchmarks.md|-]
                    [--server host:port] [--seed 12333] [--deadline <ramp + 10m>]
                    [--reference-pool <concurrency + 100>|0] [--flows ivr-flows]
                    [--clock 2026-11-23T10:00+08:00] [--prompt 2s] [--jvm-options '-XX:+UseParallelGC ...']
                    [--note text]
              --target     servers in the order run, comma-separated: ours, floor (logic-free Netty FastAGI),
                           reference (Asterisk-Java); "both" is ours,reference
              --prompt     every flow prompt this long (default: as long as its text takes to say)
              --jvm-options given to each child server JVM instead of the documented run command's
                           (-Xms<heap> -XX:MaxGCPauseMillis=20); {dir} is the bench's scratch directory
              --server     run "ours" against a FastAGI server already listening there (no child JVM, no heap)
              --reference-pool 0 keeps Asterisk-Java's own pool (10 core threads, at most 500)
              --out -      print only, leave docs/benchmarks.md alone""";

    private static final List<String> OPTIONS = List.of("calls", "concurrency", "ramp", "scale", "target", "heap",
            "out", "server", "seed", "deadline", "reference-pool", "flows", "clock", "note", "prompt", "jvm-options");
    private static final List<String> TARGETS = List.of("ours", "floor", "reference");

    private BenchCommand() {
    }

    /** {@code args} are those after {@code bench agi}. Exit code 0 when every target ran, 1 if one could not,
     *  2 on bad usage. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> given = new HashMap<>();
        AgiBenchmark.Options options;
        List<String> targets;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : "";
                if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
                }
                given.put(name, args[i + 1]);
            }
            options = options(given);
            targets = targets(given.getOrDefault("target", "ours,floor"));
        } catch (IllegalArgumentException e) {
            err.println("bench agi: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StringBuilder command = new StringBuilder("java -jar target/hotline-bench.jar bench agi");
        for (String arg : args) {
            boolean plain = arg.matches("[A-Za-z0-9_./:=+,-]+");
            command.append(' ').append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        String when = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String machine = machine();
        out.println(command);
        out.println("date " + when + "; machine: " + machine);
        out.println(String.format(Locale.ROOT, "load: %d calls, %d at once, ramp %s, scale %s, deadline %s, seed %d",
                options.calls(), options.concurrency(), options.ramp(), options.scale(), options.deadline(),
                options.seed()));
        for (CallPath path : CallPath.values()) {
            out.println(String.format(Locale.ROOT, "  %3d%% %s: %s", path.weight(), path, path.walk()));
        }
        Map<String, Result> results = new LinkedHashMap<>();
        int exit = 0;
        try {
            Path work = Files.createTempDirectory("hotline-bench");
            AgiBenchmark bench = new AgiBenchmark(options, work);
            for (String t : targets) {
                out.println("[" + t + "] starting" + (given.containsKey("server") && t.equals("ours")
                        ? " against " + given.get("server") : " a child JVM with -Xmx" + options.heap()
                        + (options.jvmOptions().isEmpty() ? "" : " " + String.join(" ", options.jvmOptions()))));
                try {
                    Result r = t.equals("reference") ? bench.reference()
                            : t.equals("floor") ? bench.floor()
                            : given.containsKey("server") ? bench.at("ours", address(given.get("server")))
                            : bench.ours();
                    results.put(t, r);
                    print(out, t, r);
                } catch (IllegalStateException | IOException e) {
                    err.println("[" + t + "] could not run: " + e.getMessage());
                    exit = 1;
                }
            }
        } catch (IOException e) {
            err.println("bench agi: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench agi: interrupted");
            return 1;
        }
        if (results.containsKey("ours") && results.containsKey("floor")) {
            floorRatio(out, results.get("ours").load(), results.get("floor").load());
        }
        if (results.containsKey("ours") && results.containsKey("reference")) {
            compare(out, results.get("ours"), results.get("reference"));
        }
        String doc = given.getOrDefault("out", "docs/benchmarks.md");
        if (!results.isEmpty() && !doc.equals("-")) {
            try {
                String block = BenchmarkDoc.render(command.toString(), when + ", commit " + commit(), machine,
                        given.get("note"), results);
                BenchmarkDoc.write(Path.of(doc), block);
                out.println("results written to " + doc + " (section \"FastAGI load\")");
            } catch (IOException e) {
                err.println("bench agi: could not write " + doc + ": " + e.getMessage());
                exit = 1;
            }
        }
        return exit;
    }

    static List<String> targets(String given) {
        List<String> targets = given.equals("both") ? List.of("ours", "reference")
                : List.of(given.split(",", -1));
        if (targets.isEmpty() || !TARGETS.containsAll(targets) || targets.stream().distinct().count() != targets.size()) {
            throw new IllegalArgumentException("--target is a list of ours, floor, reference (or both), not " + given);
        }
        return targets;
    }

    private static AgiBenchmark.Options options(Map<String, String> given) {
        int calls = (int) number(given, "calls", 10_000);
        int concurrency = (int) number(given, "concurrency", 10_000);
        Duration ramp = duration(given, "ramp", Duration.ofSeconds(30));
        double scale = number(given, "scale", 1.0);
        String heap = given.getOrDefault("heap", "512m");
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap is a JVM size like 512m, not " + heap);
        }
        return new AgiBenchmark.Options(calls, concurrency, ramp, scale, heap,
                duration(given, "deadline", ramp.plusMinutes(10)), (long) number(given, "seed", 12333),
                (int) number(given, "reference-pool", concurrency + 100),
                Path.of(given.getOrDefault("flows", "ivr-flows")),
                given.getOrDefault("clock", "2026-11-23T10:00+08:00"), duration(given, "prompt", null),
                given.containsKey("jvm-options") ? List.of(given.get("jvm-options").trim().split("\\s+"))
                        : serverJvmOptions(heap));
    }

    /**
     * The JVM options of the documented run command (README, docs/benchmarks.md), beside -Xmx: the whole heap from
     * the start, so G1 never works in a small young generation while it grows, and a pause goal G1 sizes the young
     * generation by (its default goal, 200 ms, lets one pause hold every open call's next prompt that long).
     */
    static List<String> serverJvmOptions(String heap) {
        return List.of("-Xms" + heap, "-XX:MaxGCPauseMillis=20");
    }

    private static Duration duration(Map<String, String> given, String name, Duration fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        Duration d = Durations.parse(value);
        if (d == null) {
            throw new IllegalArgumentException("--" + name + " is a duration like " + Durations.EXAMPLES + ", not "
                    + value);
        }
        return d;
    }

    private static double number(Map<String, String> given, String name, double fallback) {
        String value = given.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is a number, not " + value);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalStateException("--server is host:port, not " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void print(PrintStream out, String target, Result r) {
        long ended = r.paths().stream().filter(p -> p.problem() == null).count();
        out.println("[" + target + "] paths tried once: " + ended + " of " + r.paths().size() + " ended as scripted");
        r.paths().stream().filter(p -> p.problem() != null)
                .forEach(p -> out.println("  " + p.path() + ": " + p.problem()));
        r.load().lines().forEach(line -> out.println("[" + target + "] " + line));
        if (r.insideServer() != null) {
            out.println("[" + target + "] turnaround inside the server (its own log): " + r.insideServer());
        }
        if (r.serverLog() != null) {
            out.println("[" + target + "] server output: " + r.serverLog());
        }
    }

    /** The figure the call path is judged by: ours against the floor measured in the same run. */
    private static void floorRatio(PrintStream out, LoadReport ours, LoadReport floor) {
        out.println(String.format(Locale.ROOT, "ours/floor: p99 %s, p99.9 %s (without the commands around the "
                        + "forced GC: p99 %s, p99.9 %s); failed %d and %d",
                ratio(ours.turnaround().p99Nanos(), floor.turnaround().p99Nanos()),
                ratio(ours.turnaround().p999Nanos(), floor.turnaround().p999Nanos()),
                ratio(ours.unpaused().p99Nanos(), floor.unpaused().p99Nanos()),
                ratio(ours.unpaused().p999Nanos(), floor.unpaused().p999Nanos()), ours.failed(), floor.failed()));
    }

    private static void compare(PrintStream out, Result ours, Result reference) {
        LoadReport o = ours.load();
        LoadReport r = reference.load();
        out.println(String.format(Locale.ROOT, "ours/reference: calls/s %s, p99 turnaround %s (%s without the "
                        + "commands around the forced GC)", ratio(o.callsPerSecond(), r.callsPerSecond()),
                ratio(o.turnaround().p99Nanos(), r.turnaround().p99Nanos()),
                ratio(o.unpaused().p99Nanos(), r.unpaused().p99Nanos())));
        for (PathRun mine : ours.paths()) {
            PathRun theirs = reference.paths().stream().filter(p -> p.path() == mine.path()).findFirst().orElseThrow();
            if (!mine.commands().equals(theirs.commands())) {
                out.println("  " + mine.path() + ": commands differ (ours " + mine.commands().size() + ", reference "
                        + theirs.commands().size() + "), first: "
                        + firstDifference(mine.commands(), theirs.commands()));
            }
        }
    }

    static String firstDifference(List<String> ours, List<String> reference) {
        for (int i = 0; i < Math.max(ours.size(), reference.size()); i++) {
            String a = i < ours.size() ? ours.get(i) : "(none)";
            String b = i < reference.size() ? reference.get(i) : "(none)";
            if (!a.equals(b)) {
                return "#" + (i + 1) + " ours \"" + a + "\", reference \"" + b + "\"";
            }
        }
        return "none";
    }


    /** The commit the figures belong to (docs/benchmarks.md gives each run's), "unknown" outside a clone. */
    static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 && out.matches("[0-9a-f]{4,40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** nproc, total memory, the JDK, and the load average when the run began. */
    static String machine() {
        long memKb = -1;
        String load = String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String[] averages = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            load = averages[0] + " " + averages[1] + " " + averages[2] + " (1, 5, 15 min)";
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's one-minute figure stays
        }
        return String.format(Locale.ROOT, "%d cores, %s memory, %s %s, load average at start %s",
                Runtime.getRuntime().availableProcessors(),
                memKb < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memKb / 1024.0 / 1024.0),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), load);
    }
}
