package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.wrapup.WrapupCodes;
import cn.hotline12333.wrapup.WrapupProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hotline wrapup check [file]}: validates the wrap-up codes ({@code ivr-flows/wrapup.yaml} unless named),
 * every problem as {@code file:line: message}, the same the server logs when it refuses an edit; exit 1 when there
 * is any.
 */
final class WrapupCheckCommand {
    private WrapupCheckCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        if (args.length > 1) {
            return Main.usage(err);
        }
        Path file = args.length == 1 ? Path.of(args[0])
                : Path.of(settings.string(SettingKey.HOTLINE_FLOWS)).resolve(WrapupCodes.FILE_NAME);
        List<WrapupProblem> problems = WrapupCodes.check(file);
        for (WrapupProblem p : problems) {
            out.println(p);
        }
        if (problems.isEmpty()) {
            out.println(file + ": wrap-up codes valid");
            return 0;
        }
        err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + file);
        return 1;
    }
}
