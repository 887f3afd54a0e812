package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowLibrary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/hotline.jar <command>}. Commands: serve, simulate, flows check, stats check, prompts render,
 * kb, users. Exit status: 0 done, 1 problems found / failed, 2 usage.
 */
public final class Main {
    /** The benchmarks and the reference IVR they compare with are built into a jar of their own. */
    static final String BENCH_JAR = """
            the benchmarks are not in hotline.jar; they run from the jar built beside it:
              java -jar target/hotline-bench.jar bench agi [options]
              java -jar target/hotline-bench.jar kb bench [options]
              java -jar target/hotline-bench.jar bench export [options]""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            return usage(err);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Settings settings = Settings.load(System.getenv());
        switch (args[0]) {
            case "serve":
                return serve(settings, err);
            case "simulate":
                return SimulateCommand.run(rest, settings, out, err);
            case "flows":
                if (rest.length >= 1 && rest[0].equals("check")) {
                    return FlowsCheckCommand.run(Arrays.copyOfRange(rest, 1, rest.length), settings, out, err);
                }
                return usage(err);
            case "stats":
                if (rest.length >= 1 && rest[0].equals("check")) {
                    return StatsCheckCommand.run(Arrays.copyOfRange(rest, 1, rest.length), settings, out, err);
                }
                return StatsCommand.run(rest, settings, out, err);
            case "wrapup":
                if (rest.length >= 1 && rest[0].equals("check")) {
                    return WrapupCheckCommand.run(Arrays.copyOfRange(rest, 1, rest.length), settings, out, err);
                }
                return usage(err);
            case "prompts":
                if (rest.length >= 1 && rest[0].equals("render")) {
                    return renderPrompts(Arrays.copyOfRange(rest, 1, rest.length), settings, out, err);
                }
                return usage(err);
            case "bench":
                err.println(BENCH_JAR);
                return 2;
            case "kb":
                return KbCommand.run(rest, out, err);
            case "calendar":
                return CalendarCommand.run(rest, settings, out, err);
            case "users":
                if (rest.length == 1 && rest[0].equals("hash")) {
                    return hashPassword(out, err);
                }
                return usage(err);
            default:
                return usage(err);
        }
    }

    private static int serve(Settings settings, PrintStream err) throws InterruptedException {
        HotlineNode node;
        try {
            node = HotlineNode.start(settings, Clock.systemDefaultZone());
        } catch (IllegalArgumentException e) {
            // a setting a person got wrong: their message, not our stack trace
            err.println("serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // The node's own hook sets the order: calls drain, records are saved, then Redis stops, and last the log
        // (its console appender is asynchronous: stopping it flushes what the shutdown itself logged).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
                logback.stop();
            }
            stopped.countDown();
        }, "hotline-shutdown"));
        node.closedAtExit();
        stopped.await();
        return 0;
    }

    private static int renderPrompts(String[] args, Settings settings, PrintStream out, PrintStream err) {
        Path outDir = args.length == 2 && args[0].equals("--out") ? Path.of(args[1]) : PromptRenderer.DEFAULT_OUT;
        if (args.length != 0 && args.length != 2) {
            return usage(err);
        }
        try (FlowLibrary flows = FlowLibrary.open(Path.of(settings.string(SettingKey.HOTLINE_FLOWS)))) {
            return new PromptRenderer(outDir).run(flows.current(), out, err);
        }
    }

    /** Reads a password from standard input (not the command line, where `ps` and shell history see it). */
    private static int hashPassword(PrintStream out, PrintStream err) throws java.io.IOException {
        java.io.Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.length() < 10) {
            err.println("users hash: a password of at least 10 characters is needed");
            return 1;
        }
        out.println(at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(12, password.toCharArray()));
        return 0;
    }

    static int usage(PrintStream err) {
        err.println("""
                usage: hotline <command>
                  serve                              run a server node (embedded Redis unless REDIS_URL is set)
                  simulate --keys "1,2,0" [options]  walk one call through the Asterisk emulator (--help)
                  flows check [dir]                  validate every flow file, print file:line: message
                  stats check [file]                 validate the statistics settings (ivr-flows/stats.yaml)
                  wrapup check [file]                validate the wrap-up codes (ivr-flows/wrapup.yaml)
                  prompts render [--out dir]         render Mandarin prompt audio with espeak-ng + sox
                  kb search|check|eval|gaps ...      the policy knowledge base (kb with no arguments for help)
                  calendar due <date> <days>         working-day deadline on China's calendar (calendar check)
                  users hash                         bcrypt hash of a password read from standard input
                  stats check|rebuild|verify|reconcile  statistics settings, and figures from the JSONL files or queue_log
                benchmarks (bench agi, kb bench, bench export, stats bench): java -jar target/hotline-bench.jar""");
        return 2;
    }
}
