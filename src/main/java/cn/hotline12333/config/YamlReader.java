package cn.hotline12333.config;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * The one way our files' YAML is read (flows, schedules, calendars, article front matter): composed to SnakeYAML's
 * node tree, never constructed to objects, so that every value keeps the line it was written on and {@code 12333}
 * stays the text it was written as. Line numbers are the file's, also for YAML that starts further down a file
 * (front matter after its {@code ---} line). What a problem is called and how it is worded is the caller's.
 */
public final class YamlReader {

    /** The composed document: {@code root} (null for an empty one), or the syntax error that stopped it. */
    public record Composed(Node root, SyntaxError error) {
    }

    /** Where SnakeYAML gave up and its own words for why. */
    public record SyntaxError(int line, String problem) {
    }

    /** One key of a mapping: its text (null when the key is no plain scalar), its line, its value. */
    public record Entry(String key, int line, Node value) {
    }

    private YamlReader() {
    }

    /** YAML bytes (a byte-order mark allowed) whose first line is line 1 of their file. */
    public static Composed compose(byte[] bytes) {
        return compose(new UnicodeReader(new ByteArrayInputStream(bytes)), 1);
    }

    /** YAML text whose first line is line {@code firstLine} of its file. */
    public static Composed compose(String text, int firstLine) {
        // Blank lines in front make SnakeYAML's marks the file's own line numbers.
        return compose(new StringReader("\n".repeat(firstLine - 1) + text), firstLine);
    }

    private static Composed compose(Reader reader, int firstLine) {
        try {
            return new Composed(new Yaml(new LoaderOptions()).compose(reader), null);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            return new Composed(null, new SyntaxError(mark == null ? firstLine : mark.getLine() + 1, e.getProblem()));
        } catch (YAMLException e) {
            return new Composed(null, new SyntaxError(firstLine, e.getMessage()));
        }
    }

    /** The file line a node starts on (1 for none). */
    public static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** The keys of a mapping in file order, duplicates included (each caller words its own complaint). */
    public static List<Entry> entries(MappingNode mapping) {
        List<Entry> entries = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            entries.add(new Entry(key, line(tuple.getKeyNode()), tuple.getValueNode()));
        }
        return entries;
    }

    /** True for a value written as nothing, {@code ~} or {@code null}. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }
}
