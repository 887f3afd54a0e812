package cn.hotline12333.bench;

import cn.hotline12333.config.Settings;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.TimeModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The FastAGI benchmark against one server: ours, the logic-free floor or the Asterisk-Java reference in a
 * child JVM with the same heap limit and JVM options (or any server at an address), each call path tried once
 * at full speed first (its commands, to compare the servers, and a first check that it ends as it must), then
 * the load, with the child's heap read alongside.
 */
public final class AgiBenchmark {

    /** How long a child server may take to open its port (it starts Redis and loads the demo citizens first). */
    static final Duration SERVER_START = Duration.ofMinutes(2);

    /**
     * @param referencePool the reference's most threads (so calls at once); 0 keeps Asterisk-Java's 500
     * @param clock         HOTLINE_CLOCK for both servers, inside working hours so calls reach the menus
     * @param prompt        every prompt this long (model time), or null: each as long as its text takes to say
     * @param jvmOptions    given to every child server JVM after -Xmx (a collector, GC logging, JFR)
     */
    public record Options(int calls, int concurrency, Duration ramp, double scale, String heap, Duration deadline,
                          long seed, int referencePool, Path flows, String clock, Duration prompt,
                          List<String> jvmOptions) {
        public Options {
            jvmOptions = List.copyOf(jvmOptions);
            new LoadGenerator.Settings(calls, concurrency, ramp, deadline); // validates the load's numbers
            if (!(scale >= 0) || referencePool < 0) {
                throw new IllegalArgumentException("scale and reference pool must be zero or more");
            }
            flows = flows.toAbsolutePath();
        }
    }

    /** One path tried once at scale 0: the commands the server sent, quotes dropped so both servers compare. */
    public record PathRun(CallPath path, List<String> commands, String problem) {
    }

    /**
     * @param insideServer the server's own count of its turnaround (reply to next command, measured inside it:
     *                     no emulator or network time), from its last {@code event=agi_turnaround} log line;
     *                     null for a server that does not log one (the reference)
     */
    public record Result(LoadReport load, List<PathRun> paths, Path serverLog, String insideServer) {
    }

    private final Options options;
    private final Path workDir;
    private final CallMix mix;
    private final CallMix sample;
    // Our server's command lines per path, as sent when the paths were tried: what the floor replays.
    private final Map<String, List<String>> transcripts = new java.util.LinkedHashMap<>();

    /** Loads the flows (prompt lengths come from their texts) and the demo citizens of the pinned clock. */
    public AgiBenchmark(Options options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
        FlowSet flows;
        try (FlowLibrary library = FlowLibrary.open(options.flows())) {
            flows = library.current();
        }
        Clock clock = Settings.of(Map.of("HOTLINE_CLOCK", options.clock())).clock(Clock.systemUTC());
        var citizens = DemoCitizens.asOf(clock).citizens();
        this.mix = new CallMix(options.seed(), citizens, timing(flows, options.scale()));
        this.sample = new CallMix(options.seed(), citizens, timing(flows, 0));
    }

    private TimeModel timing(FlowSet flows, double scale) {
        return options.prompt() == null ? FlowSounds.timing(flows, scale)
                : FlowSounds.paced(options.prompt(), scale);
    }

    /** Our server: {@code hotline serve} in a child JVM with its own embedded Redis. */
    public Result ours() throws IOException, InterruptedException {
        try (ServerProcess server = startOurs()) {
            return measure("ours", server);
        }
    }

    /**
     * The {@link FloorServer} in a child JVM, replaying our server's commands per path (recorded when ours ran
     * in this bench, else from a short start of ours that only tries the paths).
     */
    public Result floor() throws IOException, InterruptedException {
        if (transcripts.isEmpty()) {
            try (ServerProcess server = startOurs()) {
                tryPaths(server.address(), sample, true);
            }
        }
        int port = ServerProcess.freePort();
        Path dir = workDir.resolve("floor");
        java.nio.file.Files.createDirectories(dir);
        Path file = dir.resolve("transcripts.tsv");
        FloorServer.writeTranscripts(file, transcripts);
        try (ServerProcess server = ServerProcess.start("floor", java(FloorServer.class.getName(),
                Integer.toString(port), file.toString()), Map.of(), dir, port, SERVER_START)) {
            return measure("floor", server);
        }
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(ServerProcess.java(options.heap(), mainClass, args));
        command.addAll(1, options.jvmOptions().stream()
                .map(o -> o.replace("{dir}", workDir.toString())).toList());
        return command;
    }

    private ServerProcess startOurs() throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        int webPort = ServerProcess.freePort();
        Path dir = workDir.resolve("ours");
        // Free ports, never the defaults: the node under test must not collide with a developer's `serve` (8080, 6390).
        Map<String, String> env = Map.of("AGI_PORT", Integer.toString(port),
                "HOTLINE_FLOWS", options.flows().toString(), "HOTLINE_JOURNAL", dir.resolve("journal").toString(),
                "HOTLINE_CLOCK", options.clock(), "HOTLINE_LOG_LEVEL", "WARN",
                "HOTLINE_LOG_DIR", dir.resolve("logs").toString(), "WEB_PORT", Integer.toString(webPort),
                "EMBEDDED_REDIS_PORT", "0",
                // serve indexes the articles beside the flows; the child runs in a scratch directory
                "HOTLINE_KB", options.flows().toAbsolutePath().getParent().resolve("knowledge-base").toString());
        // the web port opens last, once the knowledge base is indexed: the load starts on a server that has started
        return ServerProcess.start("ours", java("cn.hotline12333.cli.Main", "serve"), env, dir, port, webPort,
                SERVER_START);
    }

    /** Asterisk-Java's DefaultAgiServer with the {@link ReferenceScript}, in a child JVM of its own. */
    public Result reference() throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        Path dir = workDir.resolve("reference");
        Map<String, String> env = Map.of("HOTLINE_CLOCK", options.clock(),
                "HOTLINE_LOG_LEVEL", "WARN", "HOTLINE_LOG_DIR", dir.resolve("logs").toString());
        try (ServerProcess server = ServerProcess.start("reference", java(
                ReferenceServer.class.getName(), Integer.toString(port), Integer.toString(options.referencePool())), env,
                dir, port, SERVER_START)) {
            return measure("reference", server);
        }
    }

    /** A server already running at {@code address}: no heap figures. */
    public Result at(String target, InetSocketAddress address) throws InterruptedException {
        List<PathRun> paths = tryPaths(address, sample, false);
        LoadReport load = load(mix).run(target, address, null);
        return new Result(load.withHeap(LoadReport.HeapFigures.unmeasured("server not started by the bench")),
                paths, null, null);
    }

    private Result measure(String target, ServerProcess server) throws InterruptedException {
        boolean floor = target.equals("floor");
        List<PathRun> paths = tryPaths(server.address(), floor ? sample.withPathTags() : sample,
                target.equals("ours"));
        try (HeapProbe heap = HeapProbe.start(server.pid())) {
            LoadReport load = load(floor ? mix.withPathTags() : mix).run(target, server.address(), heap::measureLive);
            String inside = target.equals("ours") ? insideServer(server.log(), load.turnaround().count()) : null;
            return new Result(load.withHeap(heap.figures()), paths, server.log(), inside);
        }
    }

    /**
     * Our server logs its own turnaround every 10 s (cumulative): wait, at most 25 s, for a line that has
     * counted at least the commands the emulator saw, and take the latest line there is.
     */
    static String insideServer(Path log, long commands) throws InterruptedException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("event=agi_turnaround (commands=(\\d+) .*)$");
        String last = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (System.nanoTime() < until) {
            try {
                for (String l : java.nio.file.Files.readAllLines(log)) {
                    java.util.regex.Matcher m = line.matcher(l);
                    if (m.find()) {
                        last = m.group(1);
                        if (Long.parseLong(m.group(2)) >= commands) {
                            return last;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                return last;
            }
            Thread.sleep(1000);
        }
        return last;
    }

    private LoadGenerator load(CallMix calls) {
        return new LoadGenerator(new LoadGenerator.Settings(options.calls(), options.concurrency(), options.ramp(),
                options.deadline()), calls);
    }

    /**
     * Each path once, one after another, at scale 0 (queue timeouts and all happen at once); {@code record}
     * keeps the command lines as sent, for the floor.
     */
    List<PathRun> tryPaths(InetSocketAddress address, CallMix sample, boolean record) throws InterruptedException {
        List<PathRun> runs = new ArrayList<>();
        try (AsteriskEmulator box = new AsteriskEmulator(CallMix.emulator(1).withKeepLines(true))) {
            for (CallPath path : CallPath.values()) {
                try {
                    EmulatedCall call = box.dial(address, sample.sample(path).script()).get(1, TimeUnit.MINUTES);
                    List<String> commands = call.commands().stream().map(c -> c.replace("\"", "")).toList();
                    if (record) {
                        transcripts.put(path.name(), call.commands());
                    }
                    runs.add(new PathRun(path, commands, path.problem(call)));
                } catch (ExecutionException | TimeoutException e) {
                    runs.add(new PathRun(path, List.of(), "no end within a minute: " + e));
                }
            }
        }
        return runs;
    }
}
