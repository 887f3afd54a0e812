package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.stats.StatsConfigProblem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hotline stats check [file]}: validates the statistics settings ({@code ivr-flows/stats.yaml} unless
 * named), every problem as {@code file:line: message}; exit 1 when there is any.
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
            out.println(file + ": statistics settings valid");
            return 0;
        }
        err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + file);
        return 1;
    }
}
