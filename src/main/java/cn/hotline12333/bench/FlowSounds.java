package cn.hotline12333.bench;

import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.ivr.Prompt;
import cn.hotline12333.ivr.SpeakingTime;
import cn.hotline12333.sim.TimeModel;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every sound the flows can play, with its text: the load benchmark times each prompt by its text, and the
 * reference script's tests check it plays only sounds the flows have.
 */
final class FlowSounds {

    /** The rendering speed ({@code prompts render}), so a prompt lasts here as long as it does on Asterisk. */
    static final Duration PER_CHARACTER = SpeakingTime.PER_CHARACTER;

    private FlowSounds() {
    }

    /** Sound name to text, for every prompt of every flow in the set. */
    static Map<String, String> of(FlowSet flows) {
        Map<String, String> sounds = new TreeMap<>();
        for (Prompt p : flows.allPrompts()) {
            sounds.put(p.audio(), p.text());
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

    /** Every flow prompt {@code prompt} long, keys and the rest as in the realistic model: calls paced evenly. */
    static TimeModel paced(Duration prompt, double scale) {
        return TimeModel.realistic().withScale(scale).withDefaultPrompt(prompt);
    }
}
