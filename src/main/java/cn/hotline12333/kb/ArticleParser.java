package cn.hotline12333.kb;

import cn.hotline12333.config.YamlReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one article file: {@code ---}, YAML front matter, {@code ---}, Markdown body (format in
 * knowledge-base/README.md). The front matter is read by {@link YamlReader}, so every problem names its line.
 */
final class ArticleParser {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final List<String> REQUIRED = List.of("id", "title", "category", "tags", "questions", "region",
            "effective", "sources");
    /** The front matter's YAML starts on the file's second line, after {@code ---}. */
    private static final int FRONT_MATTER_LINE = 2;
    private static final Set<String> KNOWN = Set.of("id", "title", "category", "tags", "questions", "region",
            "effective", "expires", "sources", "reviewed", "owner");

    /** The article, or null with at least one problem. */
    record Parsed(Article article, List<ArticleProblem> problems) {
    }

    private ArticleParser() {
    }

    static Parsed parse(Path file, String text) {
        List<ArticleProblem> problems = new ArrayList<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return failed(file, 1, "must start with a '---' line, then the front matter", problems);
        }
        int end = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return failed(file, 1, "front matter is not closed by a '---' line", problems);
        }
        String yaml = String.join("\n", List.of(lines).subList(1, end));
        String body = String.join("\n", List.of(lines).subList(end + 1, lines.length)).strip();
        YamlReader.Composed composed = YamlReader.compose(yaml, FRONT_MATTER_LINE);
        if (composed.error() != null) {
            return failed(file, composed.error().line(), "bad YAML: " + composed.error().problem(), problems);
        }
        if (!(composed.root() instanceof MappingNode mapping)) {
            return failed(file, FRONT_MATTER_LINE, "front matter must be a map of fields", problems);
        }
        Map<String, Node> fields = new HashMap<>();
        for (YamlReader.Entry e : YamlReader.entries(mapping)) {
            String key = e.key();
            if (key == null || !KNOWN.contains(key)) {
                problems.add(new ArticleProblem(file, e.line(), "unknown field " + (key == null ? "(not a name)" : "'" + key + "'")));
            } else if (fields.put(key, e.value()) != null) {
                problems.add(new ArticleProblem(file, e.line(), "field '" + key + "' appears twice"));
            }
        }
        for (String name : REQUIRED) {
            if (!fields.containsKey(name)) {
                problems.add(new ArticleProblem(file, 1, "missing field '" + name + "'"));
            }
        }
        Fields f = new Fields(file, fields, problems);
        String id = f.text("id");
        if (id != null && !ID.matcher(id).matches()) {
            f.problem("id", "id '" + id + "' must be lowercase letters, digits and '-'");
        } else if (id != null && file != null && !file.getFileName().toString().equals(id + ".md")) {
            f.problem("id", "id '" + id + "' does not match the file name " + file.getFileName());
        }
        String title = f.text("title");
        String categoryId = f.text("category");
        Category category = categoryId == null ? null : Category.find(categoryId).orElse(null);
        if (categoryId != null && category == null) {
            f.problem("category", "unknown category '" + categoryId + "'");
        }
        List<String> tags = f.list("tags");
        List<String> questions = f.list("questions");
        String region = f.text("region");
        LocalDate effective = f.date("effective");
        LocalDate expires = f.date("expires");
        if (effective != null && expires != null && expires.isBefore(effective)) {
            f.problem("expires", "expires " + expires + " is before effective " + effective);
        }
        List<String> sources = f.list("sources");
        LocalDate reviewed = f.date("reviewed");
        String owner = f.text("owner");
        if (body.isEmpty()) {
            problems.add(new ArticleProblem(file, end + 1, "the article has no body after the front matter"));
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new Article(id, title, category, tags, questions, region, effective, expires, sources,
                body, file, reviewed, owner), List.of());
    }

    private static Parsed failed(Path file, int line, String message, List<ArticleProblem> problems) {
        problems.add(new ArticleProblem(file, line, message));
        return new Parsed(null, List.copyOf(problems));
    }

    private static int line(Node node) {
        return YamlReader.line(node);
    }

    /** Typed reads of the front-matter fields; each failure adds a problem and returns null. */
    private record Fields(Path file, Map<String, Node> nodes, List<ArticleProblem> problems) {
        void problem(String field, String message) {
            Node n = nodes.get(field);
            problems.add(new ArticleProblem(file, n == null ? 1 : line(n), message));
        }

        String text(String field) {
            Node n = nodes.get(field);
            if (n == null) {
                return null;
            }
            if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
                problem(field, "field '" + field + "' must be a single non-empty value");
                return null;
            }
            return s.getValue().strip();
        }

        List<String> list(String field) {
            Node n = nodes.get(field);
            if (n == null) {
                return null;
            }
            if (!(n instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problem(field, "field '" + field + "' must be a non-empty list");
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s) || s.getValue().isBlank()) {
                    problems.add(new ArticleProblem(file, line(item), "'" + field + "' items must be plain text"));
                    return null;
                }
                out.add(s.getValue().strip());
            }
            return out;
        }

        LocalDate date(String field) {
            String s = text(field);
            if (s == null) {
                return null;
            }
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                problem(field, "field '" + field + "' must be a date YYYY-MM-DD, was '" + s + "'");
                return null;
            }
        }
    }
}
