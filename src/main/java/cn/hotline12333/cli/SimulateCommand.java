package cn.hotline12333.cli;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.ivr.Node;
import cn.hotline12333.ivr.Prompt;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.TimeModel;
import cn.hotline12333.store.Redis;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code hotline simulate}: one call from the terminal, through the Asterisk emulator, against a running
 * server (or, with {@code --standalone}, one started here), printing what the caller hears, what they key, and
 * the call record the server wrote.
 */
final class SimulateCommand {
    private static final String HELP = """
            usage: hotline simulate [--keys "1,2,0"] [--dial 12333] [--caller 13800138000] [--script hotline]
                                    [--host 127.0.0.1] [--port 4573] [--redis redis://127.0.0.1:6390]
                                    [--standalone] [--hangup-after N] [--queue answer|timeout|none]
                                    [--message-seconds N]
              --keys        what the caller keys, one entry per prompt that takes input (a menu key, an ID number
                            with * for X, a PIN); an input with no key left times out as in Asterisk.
                            SOUND:KEYS presses KEYS while that sound plays instead (welcome:1 keys the main
                            menu's 1 during the welcome); SOUND is a sound name or its end after / or -
              --standalone  start a server node with an embedded Redis in this process instead of dialling one
              --queue       how the simulated agents behave: answer (default), timeout (nobody answers), none
              --message-seconds  how long the caller speaks when a message is recorded (default 0: no audio at
                            all, as from a silent Local channel); the next entry's key ends the recording
                   hotline simulate --traffic [--rate 0.08] [--seconds 600] [--seed 1] [--agents 8] [--scale 1]
                                    [--queue-log FILE] [--web-port 8080] [--ami-port 5038 [--ami-members]]
                                    [--ring-no-answer 10]
              --traffic     start a node here (as --standalone) and place a seeded mix of callers at --rate calls
                            per second for --seconds, with --agents simulated agents in hotline-general (a quarter
                            of that in each other queue) keeping the live
                            keys and writing handling records and agent-state segments; --queue-log writes the
                            emulated Asterisk's queue_log; --scale < 1 runs the model faster than real time;
                            --ami-port also opens the emulated Asterisk's AMI on 127.0.0.1 (0: any free port; user
                            hotline, secret hotline-secret) telling every queue call as app_queue's events;
                            --ami-members makes the queues ring the members AMI clients add (QueueAdd, unpaused)
                            instead of the simulated agents; --ring-no-answer N: every N-th ring of a queue is
                            not picked up (15 s, then the next free agent rings; 0: every ring is picked up)
            """;

    private SimulateCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--standalone") || a.equals("--help") || a.equals("--traffic") || a.equals("--ami-members")) {
                opts.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a, args[++i]);
            } else {
                err.println("unknown argument: " + a);
                err.print(HELP);
                return 2;
            }
        }
        if (opts.containsKey("--help")) {
            out.print(HELP);
            return 0;
        }
        if (opts.containsKey("--traffic")) {
            return traffic(opts, settings, out, err);
        }
        List<String> keys = new ArrayList<>();
        List<String[]> duringInOrder = new ArrayList<>();
        for (String k : opts.getOrDefault("--keys", "").split(",")) {
            int colon = k.indexOf(':');
            if (colon > 0 && colon < k.trim().length() - 1) {
                duringInOrder.add(new String[] {k.substring(0, colon).trim(), k.substring(colon + 1).trim()});
            } else if (!k.isBlank()) {
                keys.add(k.trim());
            }
        }
        CallScript.Builder script = CallScript.to(opts.getOrDefault("--script", "hotline"))
                .dialled(opts.getOrDefault("--dial", "12333"))
                .callerId(opts.getOrDefault("--caller", "13800138000"))
                .keys(keys)
                .timing(TimeModel.instant());
        duringInOrder.forEach(d -> script.keyDuring(d[0], d[1]));
        if (opts.containsKey("--message-seconds")) {
            try {
                script.messageLength(Duration.ofMillis(Math.round(positive(opts, "--message-seconds", "0") * 1000)));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.print(HELP);
                return 2;
            }
        }
        if (opts.containsKey("--hangup-after")) {
            script.hangUpAfterCommands(Integer.parseInt(opts.get("--hangup-after")));
        }
        CallScript call = script.build();
        QueueBehaviour queue = switch (opts.getOrDefault("--queue", "answer")) {
            case "timeout" -> QueueBehaviour.nobodyAnswers();
            case "none" -> QueueBehaviour.refusing(QueueBehaviour.Refusal.JOINEMPTY);
            default -> QueueBehaviour.agents(2, Duration.ofSeconds(5), Duration.ofSeconds(60));
        };
        FlowSet flows = loadFlows(settings);
        Map<String, Prompt> prompts = new HashMap<>();
        if (flows != null) {
            flows.allPrompts().forEach(prompt -> prompts.putIfAbsent(prompt.audio(), prompt));
        }

        HotlineNode node = null;
        try {
            String host = opts.getOrDefault("--host", "127.0.0.1");
            int port = opts.containsKey("--port") ? Integer.parseInt(opts.get("--port"))
                    : settings.integer(SettingKey.AGI_PORT);
            // The server's Redis: its URL, or the embedded one a node on this machine starts.
            String redisUrl = opts.getOrDefault("--redis", settings.string(SettingKey.REDIS_URL,
                    "redis://127.0.0.1:" + settings.integer(SettingKey.EMBEDDED_REDIS_PORT)));
            if (opts.containsKey("--standalone")) {
                Map<String, String> local = new HashMap<>(Map.of("AGI_PORT", "0", "EMBEDDED_REDIS_PORT", "0",
                        "WEB_PORT", "0", "AGI_BIND", "127.0.0.1"));
                node = HotlineNode.start(settings.with(local), Clock.systemDefaultZone());
                port = node.agiPort();
            }
            EmulatorSettings emulator = EmulatorSettings.defaults().withEventLoopThreads(1).withKeepLines(true);
            // The emulated agents sit in every queue the flows transfer to.
            for (String q : flows == null ? List.of("hotline-general") : queues(flows)) {
                emulator = emulator.withQueue(q, queue);
            }
            EmulatedCall result;
            // The box's own system name (distinct per run) keys the call, so two runs never share a call id.
            String system;
            try (AsteriskEmulator asterisk = new AsteriskEmulator(emulator)) {
                system = asterisk.systemName();
                result = asterisk.dial(new InetSocketAddress(host, port), call).get(10, TimeUnit.MINUTES);
            }
            print(result, prompts, out);
            if (result.end() == EmulatedCall.End.FAILED) {
                err.println("the call failed: " + result.problem());
                return 1;
            }
            String callId = system + "/" + result.uniqueId();
            try (Redis redis = node != null ? null : Redis.connect(redisUrl)) {
                String json = findRecord(node != null ? node.redis() : redis, callId, Duration.ofSeconds(5));
                if (json == null) {
                    err.println("no call record " + callId + " in Redis at " + (node != null ? "the embedded server" : redisUrl));
                    return 1;
                }
                ObjectMapper mapper = new ObjectMapper();
                out.println("call record:");
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json)));
            }
            return 0;
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static int traffic(Map<String, String> opts, Settings settings, PrintStream out, PrintStream err)
            throws Exception {
        SimulatedTraffic.Options o;
        try {
            o = new SimulatedTraffic.Options(positive(opts, "--rate", "0.08"),
                    (long) positive(opts, "--seconds", "600"), Long.parseLong(opts.getOrDefault("--seed", "1")),
                    Double.parseDouble(opts.getOrDefault("--scale", "1")),
                    (int) positive(opts, "--agents", "8"),
                    opts.containsKey("--queue-log") ? Path.of(opts.get("--queue-log")) : null,
                    opts.get("--web-port"), amiPort(opts.get("--ami-port")), opts.containsKey("--ami-members"),
                    ringNoAnswer(opts.getOrDefault("--ring-no-answer", "10")));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        if (o.amiMembers() && o.amiPort() == null) {
            err.println("--ami-members needs --ami-port");
            return 2;
        }
        if (o.scale() < 0) {
            err.println("--scale must be zero or more, was " + o.scale());
            return 2;
        }
        return SimulatedTraffic.run(o, settings, loadFlows(settings), out, err);
    }

    private static int ringNoAnswer(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--ring-no-answer must be a whole number, 0 or more, was " + text);
    }

    private static Integer amiPort(String text) {
        if (text == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--ami-port must be a port number (0 for any), was " + text);
    }

    private static double positive(Map<String, String> opts, String option, String fallback) {
        String text = opts.getOrDefault(option, fallback);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was " + text);
        }
        if (!(value > 0)) {
            throw new IllegalArgumentException(option + " must be more than zero, was " + text);
        }
        return value;
    }

    /** The local flows, for prompt texts and queue names; null (sound names only) when they do not load. */
    private static FlowSet loadFlows(Settings settings) {
        try (FlowLibrary library = FlowLibrary.open(Path.of(settings.string(SettingKey.HOTLINE_FLOWS)))) {
            return library.current();
        } catch (IllegalStateException flowsWithProblems) {
            return null;
        }
    }

    static List<String> queues(FlowSet flows) {
        return flows.flows().values().stream().flatMap(f -> f.nodes().values().stream())
                .filter(n -> n instanceof Node.TransferNode).map(n -> ((Node.TransferNode) n).queue())
                .distinct().toList();
    }

    /** Shows the call as the caller lived it: what was played (as its text), what they keyed, what came back. */
    static void print(EmulatedCall call, Map<String, Prompt> prompts, PrintStream out) {
        for (EmulatedCall.Line line : call.lines()) {
            String text = line.text();
            if (line.direction() == EmulatedCall.Direction.FROM_SERVER) {
                out.println(">> " + text + describe(text, prompts));
            } else {
                out.println("<< " + text);
            }
        }
        out.println("-- call ended: " + call.end() + (call.callerHungUp() ? " (caller hung up)" : ""));
    }

    private static String describe(String command, Map<String, Prompt> prompts) {
        String[] words = command.split(" ");
        String sound = null;
        if (command.startsWith("STREAM FILE ") && words.length > 2) {
            sound = words[2];
        } else if (command.startsWith("GET DATA ") && words.length > 2) {
            sound = words[2];
        }
        Prompt p = sound == null ? null : prompts.get(sound);
        return p == null ? "" : "   「" + p.text() + "」";
    }

    /** The record is written when the call ends, a moment after the socket closes: wait for it, with a deadline. */
    static String findRecord(Redis redis, String callId, Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            String json = recordOf(redis, callId);
            if (json != null) {
                return json;
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** The JSON of a call's record among the latest 500 in the stream, or null. */
    static String recordOf(Redis redis, String callId) {
        for (StreamEntry e : redis.jedis().xrevrange(CallRecords.STREAM, (StreamEntryID) null, null, 500)) {
            if (callId.equals(e.getFields().get(CallRecords.ID_FIELD))) {
                return e.getFields().get(CallRecords.JSON_FIELD);
            }
        }
        return null;
    }
}
