package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.FlowProblem;
import cn.hotline12333.ivr.PromptReview;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hotline flows check [dir]}: every problem as {@code file:line: message}; exit 1 when there is any. Flows
 * that load also get their warnings (a menu over the length budget) and the list of prompts heard whole; neither
 * changes the exit status.
 */
final class FlowsCheckCommand {
    private FlowsCheckCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        Path dir = Path.of(args.length > 0 ? args[0] : settings.string(SettingKey.HOTLINE_FLOWS));
        if (!Files.isDirectory(dir)) {
            err.println(dir + ": no such directory");
            return 1;
        }
        List<FlowProblem> problems = FlowLibrary.check(dir);
        for (FlowProblem p : problems) {
            out.println(p);
        }
        if (problems.isEmpty()) {
            PromptReview review = PromptReview.of(dir);
            review.warnings().forEach(out::println);
            review.heardWhole().forEach(out::println);
            out.println(dir + ": all flows valid" + (review.warnings().isEmpty() ? ""
                    : ", " + review.warnings().size() + " warning" + (review.warnings().size() == 1 ? "" : "s"))
                    + "; prompts heard whole (interruptible: false): " + review.heardWhole().size());
            return 0;
        }
        err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + dir);
        return 1;
    }
}
