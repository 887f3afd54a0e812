package cn.hotline12333.ivr;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a prompt, written either as its text or as {@code {text: …, audio: …}}. Without {@code audio} the
 * sound is named after the flow and node ({@code hotline/hotline-main}), which is where
 * {@code hotline prompts render} puts the audio rendered from the text.
 */
final class Prompts {
    // A sound name as Asterisk wants it: relative to sounds/<lang>, no extension, no "..".
    private static final Pattern AUDIO = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private Prompts() {
    }

    static String audio(String flow, String node) {
        return "hotline/" + flow + "-" + node;
    }

    static Prompt required(YamlMap m, String key, String audio) {
        if (m.value(key) == null) {
            m.problem(key, "missing \"" + key + "\"");
            return null;
        }
        return optional(m, key, audio);
    }

    /** The prompt under {@code key}, or null when there is none. */
    static Prompt optional(YamlMap m, String key, String audio) {
        org.yaml.snakeyaml.nodes.Node value = m.value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode scalar) {
            String text = scalar.getValue().strip();
            if (text.isEmpty()) {
                m.problem(key, "\"" + key + "\" has no text");
                return null;
            }
            return new Prompt(text, audio);
        }
        YamlMap fields = YamlMap.of(value, m.file(), m.where() + " " + key, "field", m.problems());
        if (fields == null) {
            return null;
        }
        Prompt prompt = fromFields(fields, audio);
        fields.rejectUnknown();
        if (prompt == null) {
            m.problem(key, "\"" + key + "\" has no text");
        }
        return prompt;
    }

    /** The prompt of a mapping with {@code text} and optional {@code audio}; null when it has no text. */
    static Prompt fromFields(YamlMap fields, String audio) {
        String text = fields.text("text");
        String own = fields.text("audio");
        Boolean interruptible = flag(fields, "interruptible");
        if (own != null && !AUDIO.matcher(own).matches()) {
            fields.problem("audio", "bad audio name \"" + own + "\" (a sound name without extension, like hotline/welcome)");
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        return new Prompt(text, own == null || own.isEmpty() ? audio : own, interruptible == null || interruptible);
    }

    /** {@code true} or {@code false}; null (and a problem when it is something else) otherwise. */
    static Boolean flag(YamlMap m, String key) {
        String value = m.text(key);
        if (value == null) {
            return null;
        } else if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        m.problem(key, "\"" + key + "\" must be true or false, not \"" + value + "\"");
        return null;
    }
}
