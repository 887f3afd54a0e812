package cn.hotline12333.ivr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one flow file into a {@link Flow}, collecting every problem instead of stopping at the first. The
 * YAML is composed into SnakeYAML's node tree, not bound to objects, so that each problem keeps its line.
 */
final class FlowLoader {
    static final List<String> SHARED_PROMPTS = List.of("sorry", "invalid", "no_input", "goodbye");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    /**
     * What a file gave. {@code flow} holds the nodes that could be read (null only when the file is not
     * YAML at all); it is complete exactly when {@code problems} is empty. {@code nodeIds} has every node
     * declared, even one that failed to load, so that no reference to it is reported a second time.
     * {@code lines} maps {@code node.field} (and {@code node.options.7}, {@code start}…) to its line.
     */
    record Loaded(String file, String name, Flow flow, Set<String> nodeIds, Map<String, Integer> lines,
                  List<FlowProblem> problems) {
        boolean complete() {
            return flow != null && problems.isEmpty();
        }
    }

    private FlowLoader() {
    }

    static Loaded load(String file, byte[] bytes) {
        List<FlowProblem> problems = new ArrayList<>();
        YamlMap top = YamlMap.parse(file, bytes, "flow", problems);
        if (top == null) {
            return new Loaded(file, null, null, Set.of(), Map.of(), List.copyOf(problems));
        }
        return read(file, bytes, top, problems);
    }

    private static Loaded read(String file, byte[] bytes, YamlMap top, List<FlowProblem> problems) {
        String name = top.required("flow");
        if (name != null && !NAME.matcher(name).matches()) {
            top.problem("flow", "\"" + name + "\" is not a flow name (lowercase letters, digits, - and _)");
        }
        if (name != null) {
            top.where("flow " + name);
        }
        String version = top.required("version");
        String start = top.required("start");
        String agent = top.required("agent");
        Map<String, Prompt> prompts = sharedPrompts(top, name);
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        YamlMap nodeMap = top.requiredMap("nodes", "nodes", "node");
        if (nodeMap != null) {
            NodeReader reader = new NodeReader(name, agent, prompts.get("invalid"), lines);
            for (String id : nodeMap.keys()) {
                ids.add(id);
                if (!NAME.matcher(id).matches() || id.contains("-")) {
                    nodeMap.problem(id, "\"" + id + "\" is not a node id (lowercase letters, digits and _)");
                }
                YamlMap fields = nodeMap.map(id, "node " + id, "field");
                if (fields == null) {
                    if (nodeMap.value(id) == null) {
                        nodeMap.problem(id, "node \"" + id + "\" has no fields");
                    }
                    continue;
                }
                Node node = reader.read(id, nodeMap.line(id), fields);
                if (node != null) {
                    nodes.put(id, node);
                }
            }
        }
        top.rejectUnknown();
        top.linesInto(lines, "");
        Flow flow = new Flow(name, version + "+" + shortHash(bytes), file, start, agent, prompts, nodes);
        return new Loaded(file, name, flow, Set.copyOf(ids), Map.copyOf(lines), List.copyOf(problems));
    }

    private static Map<String, Prompt> sharedPrompts(YamlMap top, String flow) {
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        YamlMap map = top.requiredMap("prompts", "prompts", "prompt");
        if (map == null) {
            return prompts;
        }
        for (String name : SHARED_PROMPTS) {
            if (!map.has(name)) {
                map.problem(map.line(), "missing \"" + name + "\"");
            }
        }
        for (String name : map.keys()) {
            if (!NAME.matcher(name).matches() || name.contains("-")) {
                map.problem(name, "\"" + name + "\" is not a prompt name (lowercase letters, digits and _)");
            }
            Prompt prompt = Prompts.required(map, name, Prompts.audio(flow, "prompt-" + name));
            if (prompt != null) {
                prompts.put(name, prompt);
            }
        }
        return prompts;
    }

    /** The first 8 hex digits of the file's SHA-256: a call record names exactly the bytes the caller heard. */
    static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
