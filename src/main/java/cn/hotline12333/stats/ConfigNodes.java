package cn.hotline12333.stats;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML mapping of {@code stats.yaml}, read key by key from SnakeYAML's node tree so that every problem
 * names the line of its key; a key nobody read is reported as unknown (the typo guard: {@code servce_level}
 * must not silently fall back to the default).
 */
final class ConfigNodes {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)%");

    private final String file;
    private final String where;
    private final List<StatsConfigProblem> problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    private ConfigNodes(String file, String where, List<StatsConfigProblem> problems) {
        this.file = file;
        this.where = where;
        this.problems = problems;
    }

    /** The mapping in {@code node}, or null (and a problem) when it is something else. */
    static ConfigNodes of(Node node, String file, String where, List<StatsConfigProblem> problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(new StatsConfigProblem(file, line(node), where + ": expected a mapping"));
            return null;
        }
        ConfigNodes map = new ConfigNodes(file, where, problems);
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(new StatsConfigProblem(file, line(t.getKeyNode()), where + ": keys must be plain words"));
            } else if (map.entries.putIfAbsent(key.getValue(), t) != null) {
                problems.add(new StatsConfigProblem(file, line(key), where + ": \"" + key.getValue() + "\" appears twice"));
            }
        }
        return map;
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Node node(String key) {
        NodeTuple t = entries.get(key);
        read.add(key);
        return t == null ? null : t.getValueNode();
    }

    int keyLine(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? 1 : line(t.getKeyNode());
    }

    void problem(String key, String message) {
        problems.add(new StatsConfigProblem(file, keyLine(key), where + "." + key + ": " + message));
    }

    ConfigNodes map(String key) {
        Node n = node(key);
        return n == null ? null : of(n, file, where + "." + key, problems);
    }

    String text(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problem(key, "expected a single value");
            return null;
        }
        return s.getValue().trim();
    }

    /** {@code 20s}, {@code 5m}, {@code 2h}, {@code 7d} within [min, max] seconds; the fallback when absent. */
    long seconds(String key, long fallback, long min, long max) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            problem(key, "expected a duration such as 20s, 5m, 2h or 7d, got \"" + v + "\"");
            return fallback;
        }
        long n = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1L;
            case "m" -> 60L;
            case "h" -> 3600L;
            default -> 86400L;
        };
        if (n < min || n > max) {
            problem(key, "must be between " + min + " s and " + max + " s, got " + v);
            return fallback;
        }
        return n;
    }

    int integer(String key, int fallback, int min, int max) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            problem(key, "must be a whole number from " + min + " to " + max + ", got \"" + v + "\"");
            return fallback;
        }
        return Integer.parseInt(v);
    }

    /** A share: {@code 80%} or {@code 0.8}, between 0 and 1. */
    double share(String key, double fallback) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        double d;
        Matcher m = PERCENT.matcher(v);
        try {
            d = m.matches() ? Double.parseDouble(m.group(1)) / 100 : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            problem(key, "expected a share such as 80% or 0.8, got \"" + v + "\"");
            return fallback;
        }
        if (!(d >= 0 && d <= 1)) {
            problem(key, "must be between 0% and 100%, got " + v);
            return fallback;
        }
        return d;
    }

    /** Reports every key of this mapping nobody asked for. */
    void unknownKeys() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                problems.add(new StatsConfigProblem(file, line(e.getValue().getKeyNode()),
                        where + ": unknown setting \"" + e.getKey() + "\""));
            }
        }
    }
}
