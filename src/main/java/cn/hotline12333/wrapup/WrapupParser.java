package cn.hotline12333.wrapup;

import cn.hotline12333.config.YamlReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code wrapup.yaml} into a {@link WrapupTree}, or into every problem with its line (format: docs/agent-desktop.md,
 * "Wrap-up codes"). Read with the project's one YAML reader, so every problem names the line it is on.
 */
final class WrapupParser {
    static final Pattern TOPIC_ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    static final Pattern CODE_ID = Pattern.compile("[a-z][a-z0-9_]{0,39}\\.[a-z][a-z0-9_]{0,39}");
    static final int MAX_NAME = 30;

    record Result(WrapupTree tree, List<WrapupProblem> problems) {
    }

    private WrapupParser() {
    }

    static Result parse(String file, byte[] bytes) {
        List<WrapupProblem> problems = new ArrayList<>();
        YamlReader.Composed composed = YamlReader.compose(bytes);
        if (composed.error() != null) {
            problems.add(new WrapupProblem(file, composed.error().line(), "YAML syntax error: "
                    + composed.error().problem()));
            return new Result(null, problems);
        }
        if (!(composed.root() instanceof MappingNode root)) {
            problems.add(new WrapupProblem(file, YamlReader.line(composed.root()),
                    "the file must be a mapping with version and topics"));
            return new Result(null, problems);
        }
        String version = null;
        List<WrapupTree.Topic> topics = new ArrayList<>();
        Map<String, Integer> codeLines = new HashMap<>();
        boolean sawTopics = false;
        List<String> seenKeys = new ArrayList<>();
        for (YamlReader.Entry e : YamlReader.entries(root)) {
            if (e.key() != null && seenKeys.contains(e.key())) {
                problems.add(new WrapupProblem(file, e.line(), "'" + e.key() + "' appears twice"));
                continue;
            }
            seenKeys.add(e.key());
            if ("version".equals(e.key())) {
                version = scalar(e.value());
                if (version == null || version.isBlank()) {
                    problems.add(new WrapupProblem(file, e.line(), "version must be a text such as \"2026.12-1\""));
                }
            } else if ("topics".equals(e.key())) {
                sawTopics = true;
                topics(file, e, topics, codeLines, problems);
            } else {
                problems.add(new WrapupProblem(file, e.line(), "unknown key '" + e.key()
                        + "' (known: version, topics)"));
            }
        }
        if (!seenKeys.contains("version")) {
            problems.add(new WrapupProblem(file, YamlReader.line(root), "version is missing"));
        }
        if (!sawTopics) {
            problems.add(new WrapupProblem(file, YamlReader.line(root), "topics is missing"));
        } else if (topics.isEmpty() && problems.isEmpty()) {
            problems.add(new WrapupProblem(file, YamlReader.line(root), "topics has no topic"));
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(WrapupProblem::line));
            return new Result(null, problems);
        }
        return new Result(new WrapupTree(version, digest(bytes), topics), List.of());
    }

    private static void topics(String file, YamlReader.Entry entry, List<WrapupTree.Topic> topics,
                               Map<String, Integer> codeLines, List<WrapupProblem> problems) {
        if (!(entry.value() instanceof MappingNode mapping)) {
            problems.add(new WrapupProblem(file, entry.line(), "topics must be a mapping of topic id to topic"));
            return;
        }
        List<String> ids = new ArrayList<>();
        for (YamlReader.Entry t : YamlReader.entries(mapping)) {
            if (t.key() == null || !TOPIC_ID.matcher(t.key()).matches()) {
                problems.add(new WrapupProblem(file, t.line(), "topic id '" + t.key()
                        + "' must be lowercase letters, digits and _ (an IVR topic such as pension)"));
                continue;
            }
            if (ids.contains(t.key())) {
                problems.add(new WrapupProblem(file, t.line(), "topic " + t.key() + " appears twice"));
                continue;
            }
            ids.add(t.key());
            WrapupTree.Topic topic = topic(file, t, codeLines, problems);
            if (topic != null) {
                topics.add(topic);
            }
        }
    }

    private static WrapupTree.Topic topic(String file, YamlReader.Entry t, Map<String, Integer> codeLines,
                                          List<WrapupProblem> problems) {
        if (!(t.value() instanceof MappingNode body)) {
            problems.add(new WrapupProblem(file, t.line(), "topic " + t.key() + " must have name and codes"));
            return null;
        }
        String name = null;
        List<WrapupTree.Code> codes = new ArrayList<>();
        boolean sawCodes = false;
        for (YamlReader.Entry e : YamlReader.entries(body)) {
            if ("name".equals(e.key())) {
                name = scalar(e.value());
                checkName(file, e.line(), "topic " + t.key() + ": name", name, problems);
            } else if ("codes".equals(e.key())) {
                sawCodes = true;
                if (!(e.value() instanceof MappingNode codeMap) || codeMap.getValue().isEmpty()) {
                    problems.add(new WrapupProblem(file, e.line(), "topic " + t.key()
                            + ": codes must map each code id to its label"));
                    continue;
                }
                for (YamlReader.Entry c : YamlReader.entries(codeMap)) {
                    code(file, t.key(), c, codeLines, problems).ifPresent(codes::add);
                }
            } else {
                problems.add(new WrapupProblem(file, e.line(), "topic " + t.key() + ": unknown key '" + e.key()
                        + "' (known: name, codes)"));
            }
        }
        if (name == null) {
            problems.add(new WrapupProblem(file, t.line(), "topic " + t.key() + ": name is missing"));
        }
        if (!sawCodes) {
            problems.add(new WrapupProblem(file, t.line(), "topic " + t.key() + ": codes is missing"));
        }
        return name == null ? null : new WrapupTree.Topic(t.key(), name, codes);
    }

    private static java.util.Optional<WrapupTree.Code> code(String file, String topic, YamlReader.Entry c,
                                                           Map<String, Integer> codeLines,
                                                           List<WrapupProblem> problems) {
        if (c.key() == null || !CODE_ID.matcher(c.key()).matches() || !c.key().startsWith(topic + ".")) {
            problems.add(new WrapupProblem(file, c.line(), "code id '" + c.key() + "' must be " + topic
                    + ".<word> in lowercase letters, digits and _"));
            return java.util.Optional.empty();
        }
        Integer before = codeLines.putIfAbsent(c.key(), c.line());
        if (before != null) {
            problems.add(new WrapupProblem(file, c.line(), "code " + c.key() + " appears twice (first on line "
                    + before + ")"));
            return java.util.Optional.empty();
        }
        String label = scalar(c.value());
        if (!checkName(file, c.line(), "code " + c.key(), label, problems)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new WrapupTree.Code(c.key(), label));
    }

    private static boolean checkName(String file, int line, String what, String value,
                                     List<WrapupProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new WrapupProblem(file, line, what + " needs a label in words"));
            return false;
        } else if (value.codePointCount(0, value.length()) > MAX_NAME) {
            problems.add(new WrapupProblem(file, line, what + " is longer than " + MAX_NAME + " characters"));
            return false;
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(new WrapupProblem(file, line, what + " contains a control character"));
            return false;
        }
        return true;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s && !YamlReader.isNull(node) ? s.getValue().trim() : null;
    }

    static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
