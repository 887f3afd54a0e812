package cn.hotline12333.bench;

import cn.hotline12333.cli.Main;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar target/hotline-bench.jar <command>}: the benchmarks ({@code bench agi}, {@code kb bench}, {@code bench export}), and
 * every other command of {@code hotline.jar} unchanged. The benchmarks live in a jar of their own so the
 * production jar carries neither them nor the second IVR (on Asterisk-Java) written to compare ours with.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Integer exit = run(args, System.out, System.err);
        if (exit == null) {
            Main.main(args);
        } else {
            System.exit(exit);
        }
    }

    /** The exit code of a benchmark, or null when {@code args} name no benchmark (hotline.jar's commands). */
    static Integer run(String[] args, PrintStream out, PrintStream err) {
        String[] rest = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("agi")) {
            return BenchCommand.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("kb") && args[1].equals("bench")) {
            return KbBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("export")) {
            return ExportBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("workorders")) {
            return WorkOrderBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("wallboard")) {
            return WallboardBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("agent-asterisk")) {
            return AsteriskAgentCheck.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("agent-desktop")) {
            return AgentDesktopBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("agent")) {
            return AgentBench.run(rest, out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("render")) {
            return ReportRenderBench.run(rest, out, err);
        }
        if (args.length >= 1 && args[0].equals("bench")) {
            err.println(BenchCommand.USAGE);
            err.println(KbBench.USAGE);
            err.println(ExportBench.USAGE);
            err.println(WorkOrderBench.USAGE);
            err.println(WallboardBench.USAGE);
            err.println(ReportRenderBench.USAGE);
            err.println(AgentBench.USAGE);
            err.println(AsteriskAgentCheck.USAGE);
            err.println(AgentDesktopBench.USAGE);
            return 2;
        }
        return null;
    }
}
