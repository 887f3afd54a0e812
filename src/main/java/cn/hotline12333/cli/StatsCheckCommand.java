package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.stats.StatsConfigProblem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hotline stats check [file]}: validates the statistics settings ({@code ivr-flows/stats.yaml} unless
 * named), every problem as {@code file:line: message}; exit 1 when there is any. A valid file is compared with
 * the flows of {@code HOTLINE_FLOWS}: a queue it sets that no flow transfers to is a warning, which changes no
 * exit status.
 */
final class StatsCheckCommand {
    private StatsCheckCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        if (args.length > 1) {
            return Main.usage(err);
        }
        Path file = Path.of(args.length == 1 ? args[0] : settings.string(SettingKey.STATS_CONFIG,
                Path.of(settings.string(SettingKey.HOTLINE_FLOWS)).resolve(StatsConfigLoader.FILE_NAME).toString()));
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file (a node without it uses the standard settings)");
            return 1;
        }
        List<StatsConfigProblem> problems = StatsConfigLoader.check(file);
        for (StatsConfigProblem p : problems) {
            out.println(p);
        }
        if (problems.isEmpty()) {
            int warnings = warnOfUnusedQueues(file, Path.of(settings.string(SettingKey.HOTLINE_FLOWS)), out);
            out.println(file + ": statistics settings valid"
                    + (warnings == 0 ? "" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s")));
            return 0;
        }
        err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + file);
        return 1;
    }

    /** Prints a warning for each queue of {@code file} that no flow in {@code flowsDir} transfers to. */
    private static int warnOfUnusedQueues(Path file, Path flowsDir, PrintStream out) {
        FlowSet flows = Files.isDirectory(flowsDir) ? FlowLibrary.read(flowsDir) : null;
        if (flows == null) {
            out.println(flowsDir + ": no flows that load (hotline flows check); queues not compared with them");
            return 0;
        }
        List<StatsConfigProblem> warnings = StatsConfigLoader.unusedQueues(file, flows.queues());
        warnings.forEach(out::println);
        return warnings.size();
    }
}
