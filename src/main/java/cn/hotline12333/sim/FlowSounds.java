package cn.hotline12333.sim;

import cn.hotline12333.ivr.Flow;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.ivr.Node;
import cn.hotline12333.ivr.Prompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every sound the flows can play, with its text: the load benchmark times each prompt by its text, and the
 * reference script's tests check it plays only sounds the flows have.
 */
final class FlowSounds {

    /** An unhurried Mandarin announcement speaks about 4.3 characters a second. */
    static final Duration PER_CHARACTER = Duration.ofMillis(230);

    private FlowSounds() {
    }

    /** Sound name to text, for every prompt of every flow in the set. */
    static Map<String, String> of(FlowSet flows) {
        Map<String, String> sounds = new TreeMap<>();
        for (Flow flow : flows.flows().values()) {
            List<Prompt> prompts = new ArrayList<>(flow.prompts().values());
            flow.nodes().values().forEach(node -> prompts.addAll(promptsOf(node)));
            for (Prompt p : prompts) {
                if (p != null) {
                    sounds.put(p.audio(), p.text());
                }
            }
        }
        return sounds;
    }

    /** The realistic time model with each flow prompt as long as its text takes to say. */
    static TimeModel timing(FlowSet flows, double scale) {
        TimeModel timing = TimeModel.realistic().withScale(scale);
        for (Map.Entry<String, String> sound : of(flows).entrySet()) {
            long ms = Math.max(1000, sound.getValue().codePointCount(0, sound.getValue().length())
                    * PER_CHARACTER.toMillis());
            timing = timing.withPrompt(sound.getKey(), Duration.ofMillis(ms));
        }
        return timing;
    }

    private static List<Prompt> promptsOf(Node node) {
        List<Prompt> prompts = new ArrayList<>();
        if (node instanceof Node.PlayNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof Node.MenuNode n) {
            prompts.add(n.prompt());
            prompts.add(n.invalid());
        } else if (node instanceof Node.InputNode n) {
            prompts.add(n.prompt());
            prompts.add(n.invalid());
        } else if (node instanceof Node.ServiceNode n) {
            for (Node.Say say : n.say()) {
                if (say instanceof Node.Say.SayPrompt p) {
                    prompts.add(p.prompt());
                } else if (say instanceof Node.Say.SayChoice c) {
                    prompts.addAll(c.cases().values());
                }
            }
        } else if (node instanceof Node.TransferNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof Node.ReferNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof Node.RecordNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof Node.RequestNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof Node.SurveyNode n) {
            prompts.add(n.prompt());
            prompts.add(n.thanks());
        } else if (node instanceof Node.HangupNode n) {
            prompts.add(n.prompt());
        }
        return prompts;
    }
}
