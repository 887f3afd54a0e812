package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.Say;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One consistent, validated snapshot of every flow and the working hours. A call keeps the snapshot it
 * started with, so a reload never changes a call in progress; a goto looks up its target flow here.
 */
public record FlowSet(Map<String, Flow> flows, WorkingHours hours) {
    public FlowSet {
        flows = Map.copyOf(flows);
    }

    public Flow flow(String name) {
        return flows.get(name);
    }

    /** The agent queues the flows put callers in, sorted: the queues a wallboard shows even when they are quiet. */
    public java.util.List<String> queues() {
        return flows.values().stream().flatMap(flow -> flow.nodes().values().stream())
                .filter(n -> n instanceof Node.TransferNode).map(n -> ((Node.TransferNode) n).queue())
                .distinct().sorted().toList();
    }

    /**
     * Every prompt a caller can hear, each distinct prompt once: the shared prompts of each flow and every
     * node's prompts (menu and input invalid prompts, survey thanks, service answers). What gets rendered to
     * audio, and how `hotline simulate` shows a played sound as its text.
     */
    public java.util.List<Prompt> allPrompts() {
        return flows.values().stream()
                .flatMap(flow -> Stream.concat(flow.prompts().values().stream(),
                        flow.nodes().values().stream().flatMap(FlowSet::promptsOf)))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** Every prompt a node may play, primary and secondary. */
    static Stream<Prompt> promptsOf(Node node) {
        if (node instanceof Node.PlayNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.MenuNode n) {
            return present(n.prompt(), n.invalid());
        } else if (node instanceof Node.InputNode n) {
            return present(n.prompt(), n.invalid());
        } else if (node instanceof Node.ServiceNode n) {
            return n.say() == null ? Stream.empty() : n.say().stream().flatMap(FlowSet::promptsOfSay);
        } else if (node instanceof Node.TransferNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.ReferNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.RecordNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.RequestNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.SurveyNode n) {
            return present(n.prompt(), n.thanks());
        } else if (node instanceof Node.HangupNode n) {
            return present(n.prompt());
        } else if (node instanceof Node.ScheduleNode || node instanceof Node.TagNode
                || node instanceof Node.GotoNode) {
            return Stream.empty();
        }
        // Java 17 has no exhaustive switch over a sealed type: a new node kind must be added above.
        throw new IllegalStateException("prompts of node kind " + node.getClass().getSimpleName() + " unknown");
    }

    private static Stream<Prompt> promptsOfSay(Say say) {
        if (say instanceof Say.SayPrompt s) {
            return present(s.prompt());
        } else if (say instanceof Say.SayWhen w) {
            return w.say().stream().flatMap(FlowSet::promptsOfSay);
        } else if (say instanceof Say.SayChoice s) {
            return s.cases() == null ? Stream.empty() : s.cases().values().stream();
        }
        return Stream.empty(); // SayNumber and SayDigits play Asterisk's digits, rendered as ASTERISK_SOUNDS
    }

    /** Optional prompts are null when absent. */
    private static Stream<Prompt> present(Prompt... prompts) {
        return Stream.of(prompts).filter(Objects::nonNull);
    }

}
