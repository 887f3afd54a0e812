package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code flows check} says beside problems, about flows that load: menus whose prompt takes longer than
 * {@link SpeakingTime#MENU_BUDGET} to say (warnings: the flows still load and serve), and the prompts a caller
 * must hear whole ({@code interruptible: false}), so that nobody marks one by accident.
 */
public record PromptReview(List<FlowProblem> warnings, List<FlowProblem> heardWhole) {

    public PromptReview {
        warnings = List.copyOf(warnings);
        heardWhole = List.copyOf(heardWhole);
    }

    /** The review of the flows in {@code dir}; empty when they do not load (their problems come first). */
    public static PromptReview of(Path dir) {
        FlowSet flows = FlowDirectory.read(dir).flows();
        return flows == null ? new PromptReview(List.of(), List.of()) : of(flows);
    }

    static PromptReview of(FlowSet flows) {
        List<FlowProblem> warnings = new ArrayList<>();
        List<FlowProblem> whole = new ArrayList<>();
        for (Flow flow : flows.flows().values()) {
            flow.prompts().forEach((name, prompt) -> {
                if (!prompt.interruptible()) {
                    whole.add(new FlowProblem(flow.file(), 0, "prompt " + name + ": heard whole"));
                }
            });
            for (Node node : flow.nodes().values()) {
                String name = FlowValidator.name(node);
                Prompt question = question(node);
                if ((node instanceof MenuNode || node instanceof SurveyNode) && question != null) {
                    Duration length = question.spokenLength();
                    if (length.compareTo(SpeakingTime.MENU_BUDGET) > 0) {
                        warnings.add(new FlowProblem(flow.file(), node.line(), "warning: " + name + ": prompt lasts"
                                + " about " + seconds(length) + " s spoken, over the " + SpeakingTime.MENU_BUDGET
                                .toSeconds() + " s budget: shorten it, split the menu, most asked options first"));
                    }
                }
                FlowSet.promptsOf(node).filter(p -> !p.interruptible()).forEach(p -> whole.add(new FlowProblem(
                        flow.file(), node.line(), name + ": heard whole: " + p.audio())));
            }
        }
        Comparator<FlowProblem> order = FlowDirectory.ORDER;
        warnings.sort(order);
        whole.sort(order);
        return new PromptReview(warnings, whole);
    }

    /** The prompt that asks for keys (GET DATA), or null for a node that only plays. */
    static Prompt question(Node node) {
        if (node instanceof MenuNode m) {
            return m.prompt();
        } else if (node instanceof InputNode i) {
            return i.prompt();
        } else if (node instanceof SurveyNode s) {
            return s.prompt();
        }
        return null;
    }

    static String seconds(Duration length) {
        return String.format(Locale.ROOT, "%.1f", length.toMillis() / 1000.0);
    }
}
