package cn.hotline12333.ivr;

import cn.hotline12333.config.Durations;
import cn.hotline12333.config.YamlReader;
import cn.hotline12333.config.YamlReader.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of a flow, schedule or calendar file (composed by {@link YamlReader}), read key by key so
 * that every problem names the line of its key. Keys nobody asked for are reported as unknown fields: that is
 * the typo guard ({@code on_fial} must not silently fall back to a default).
 */
final class YamlMap {

    private final String file;
    private String where;
    private int line;
    private final List<FlowProblem> problems;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    private YamlMap(String file, String where, int line, List<FlowProblem> problems) {
        this.file = file;
        this.where = where;
        this.line = line;
        this.problems = problems;
    }

    /** The mapping in {@code yaml}, or null (and a problem) when it is something else. */
    static YamlMap of(org.yaml.snakeyaml.nodes.Node yaml, String file, String where, String keyNoun,
                      List<FlowProblem> problems) {
        if (!(yaml instanceof MappingNode mapping)) {
            problems.add(new FlowProblem(file, lineOf(yaml), where + ": expected a mapping of " + keyNoun + "s"));
            return null;
        }
        YamlMap map = new YamlMap(file, where, lineOf(yaml), problems);
        for (Entry entry : YamlReader.entries(mapping)) {
            if (entry.key() == null) {
                map.problem(entry.line(), keyNoun + " names must be plain words");
            } else if (map.entries.putIfAbsent(entry.key(), entry) != null) {
                map.problem(entry.line(), keyNoun + " \"" + entry.key() + "\" appears twice");
            }
        }
        return map;
    }

    /**
     * The top mapping of a whole file, or null with a problem: a YAML syntax error (at the line SnakeYAML
     * names), an empty file, or a file that is not a mapping.
     */
    static YamlMap parse(String file, byte[] bytes, String where, List<FlowProblem> problems) {
        YamlReader.Composed composed = YamlReader.compose(bytes);
        if (composed.error() != null) {
            problems.add(new FlowProblem(file, composed.error().line(), "YAML syntax error: " + composed.error().problem()));
            return null;
        }
        org.yaml.snakeyaml.nodes.Node root = composed.root();
        if (root == null) {
            problems.add(new FlowProblem(file, 1, "empty file"));
            return null;
        }
        return of(root, file, where, "field", problems);
    }

    static int lineOf(org.yaml.snakeyaml.nodes.Node yaml) {
        return YamlReader.line(yaml);
    }

    String file() {
        return file;
    }

    String where() {
        return where;
    }

    /** Renames the mapping in later messages, once a node's type is known ("node main" becomes "menu main"). */
    void where(String name) {
        this.where = name;
    }

    int line() {
        return line;
    }

    /** The line of {@code key}, or of the mapping itself when the key is absent. */
    int line(String key) {
        Entry entry = entries.get(key);
        return entry == null ? line : entry.line();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Every key, in file order; they all count as read. */
    List<String> keys() {
        read.addAll(entries.keySet());
        return new ArrayList<>(entries.keySet());
    }

    /** The raw value, or null when absent or written as an empty value. */
    org.yaml.snakeyaml.nodes.Node value(String key) {
        read.add(key);
        Entry entry = entries.get(key);
        return entry == null || YamlReader.isNull(entry.value()) ? null : entry.value();
    }

    /** A single value; null (and a problem, if it was a list or mapping) otherwise. */
    String text(String key) {
        org.yaml.snakeyaml.nodes.Node value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar)) {
            problem(key, "\"" + key + "\" must be a single value");
            return null;
        }
        return scalar.getValue().strip();
    }

    String required(String key) {
        org.yaml.snakeyaml.nodes.Node value = value(key);
        if (value == null || value instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
            problem(line(key), "missing \"" + key + "\"");
            return null;
        }
        return text(key);
    }

    int number(String key, int fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            problem(key, "\"" + key + "\" must be a whole number, not \"" + text + "\"");
            return fallback;
        }
    }

    Duration duration(String key, Duration fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        Duration d = Durations.parse(text);
        if (d == null) {
            problem(key, "bad duration \"" + text + "\" for " + key + " (write it like " + Durations.EXAMPLES + ")");
            return fallback;
        }
        // Zero is a duration, but no wait in a flow may be zero (Asterisk reads a zero timeout as its own default).
        if (d.isZero()) {
            problem(key, key + " must be more than zero, not \"" + text + "\"");
            return fallback;
        }
        return d;
    }

    /**
     * A nested mapping, or null when absent or not a mapping (then with a problem). Its own line is its
     * key's, so that a field missing in node {@code main} is reported where {@code main:} is written.
     */
    YamlMap map(String key, String nestedWhere, String keyNoun) {
        org.yaml.snakeyaml.nodes.Node value = value(key);
        YamlMap nested = value == null ? null : of(value, file, nestedWhere, keyNoun, problems);
        if (nested != null) {
            nested.line = line(key);
        }
        return nested;
    }

    /** Like {@link #map}, with a problem when the key is absent or empty. */
    YamlMap requiredMap(String key, String nestedWhere, String keyNoun) {
        if (value(key) == null) {
            problem(key, "missing \"" + key + "\"");
            return null;
        }
        return map(key, nestedWhere, keyNoun);
    }

    /** The items of a list; a single value counts as a list of one. Null when absent. */
    List<org.yaml.snakeyaml.nodes.Node> list(String key) {
        org.yaml.snakeyaml.nodes.Node value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (value instanceof ScalarNode) {
            return List.of(value);
        }
        problem(key, "\"" + key + "\" must be a list");
        return List.of();
    }

    /** Reports every key that was never read. Call after reading all known fields. */
    void rejectUnknown() {
        for (String key : entries.keySet()) {
            if (!read.contains(key)) {
                problem(line(key), "unknown field \"" + key + "\"");
            }
        }
    }

    /** Copies the line of every key into {@code lines} under {@code prefix + key}. */
    void linesInto(Map<String, Integer> lines, String prefix) {
        for (String key : entries.keySet()) {
            lines.put(prefix + key, line(key));
        }
    }

    void problem(String key, String message) {
        problem(line(key), message);
    }

    void problem(int at, String message) {
        problems.add(new FlowProblem(file, at, where + ": " + message));
    }

    List<FlowProblem> problems() {
        return problems;
    }
}
