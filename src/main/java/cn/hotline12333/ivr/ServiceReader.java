package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Node.ServiceNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code service} node and its {@code say} list: each item is a prompt (text, or text and audio),
 * {@code number: field}, {@code digits: field}, {@code choice: field} with {@code cases} (a prompt per
 * value), or {@code when: {field: [values]}} with a {@code say} list of its own, spoken only for those values.
 * Whether the fields exist for the service is {@link FlowValidator}'s check.
 */
final class ServiceReader {
    private final String flow;
    private final Map<String, Integer> lines;

    ServiceReader(String flow, Map<String, Integer> lines) {
        this.flow = flow;
        this.lines = lines;
    }

    ServiceNode read(String id, int line, YamlMap m, String onError) {
        String service = m.required("service");
        String citizen = m.text("citizen");
        List<Say> say = new ArrayList<>();
        List<org.yaml.snakeyaml.nodes.Node> items = m.list("say");
        boolean emptyList = items != null && items.isEmpty() && m.value("say") instanceof SequenceNode;
        if (items == null || emptyList) {
            m.problem("say", "missing \"say\" (what the caller hears of the answer)");
        } else {
            for (int i = 0; i < items.size(); i++) {
                lines.put(id + ".say." + (i + 1), YamlMap.lineOf(items.get(i)));
                Say one = item(id, i + 1, items.get(i), m);
                if (one != null) {
                    say.add(one);
                }
            }
        }
        return new ServiceNode(id, line, service, citizen == null ? "citizen_id" : citizen, List.copyOf(say),
                m.required("next"), m.required("on_not_found"), onError);
    }

    private Say item(String id, int n, org.yaml.snakeyaml.nodes.Node yaml, YamlMap m) {
        String audio = Prompts.audio(flow, id);
        if (yaml instanceof ScalarNode scalar) {
            String text = scalar.getValue().strip();
            if (text.isEmpty()) {
                m.problem(YamlMap.lineOf(yaml), "say item " + n + " has no text");
                return null;
            }
            return new Say.SayPrompt(new Prompt(text, audio + "-say-" + n));
        }
        YamlMap item = YamlMap.of(yaml, m.file(), m.where() + " say item " + n, "field", m.problems());
        if (item == null) {
            return null;
        }
        Say say;
        if (item.has("text")) {
            Prompt prompt = Prompts.fromFields(item, audio + "-say-" + n);
            say = prompt == null ? null : new Say.SayPrompt(prompt);
            if (prompt == null) {
                item.problem("text", "has no text");
            }
        } else if (item.has("number")) {
            say = new Say.SayNumber(item.required("number"));
        } else if (item.has("digits")) {
            say = new Say.SayDigits(item.required("digits"));
        } else if (item.has("choice")) {
            say = choice(id, n, item);
        } else if (item.has("when")) {
            say = when(id, n, item);
        } else {
            item.problem(item.line(), "an item is a text, or one of number, digits, choice, when");
            return null;
        }
        item.rejectUnknown();
        return say;
    }

    // The group's own items are numbered on from the parent's (audio -say-<n>-<k>), so every prompt keeps a
    // name of its own.
    private Say when(String id, int n, YamlMap item) {
        YamlMap condition = item.requiredMap("when", item.where(), "field");
        List<org.yaml.snakeyaml.nodes.Node> items = item.list("say");
        if (condition == null || items == null) {
            item.problem(item.line(), "when needs a field with its values, and a say list");
            return null;
        }
        if (condition.keys().size() != 1) {
            condition.problem(item.line(), "when names exactly one field");
            return null;
        }
        String field = condition.keys().iterator().next();
        List<String> values = new ArrayList<>();
        List<org.yaml.snakeyaml.nodes.Node> listed = condition.list(field);
        for (org.yaml.snakeyaml.nodes.Node v : listed == null ? List.<org.yaml.snakeyaml.nodes.Node>of() : listed) {
            if (v instanceof ScalarNode s && !s.getValue().isBlank()) {
                values.add(s.getValue().strip());
            } else {
                condition.problem(YamlMap.lineOf(v), "when " + field + ": values are single words");
            }
        }
        if (values.isEmpty()) {
            condition.problem(item.line(), "when " + field + " lists no values");
            return null;
        }
        List<Say> say = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            lines.put(id + ".say." + n + ".say." + (k + 1), YamlMap.lineOf(items.get(k)));
            Say one = item(id + "-say-" + n, k + 1, items.get(k), item);
            if (one != null) {
                say.add(one);
            }
        }
        return new Say.SayWhen(field, java.util.Set.copyOf(values), List.copyOf(say));
    }

    private Say choice(String id, int n, YamlMap item) {
        String field = item.required("choice");
        YamlMap cases = item.requiredMap("cases", item.where(), "case");
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        if (cases != null) {
            for (String value : cases.keys()) {
                Prompt prompt = Prompts.required(cases, value, Prompts.audio(flow, id) + "-" + field + "-" + value);
                if (prompt != null) {
                    prompts.put(value, prompt);
                }
            }
            cases.linesInto(lines, id + ".say." + n + ".cases.");
        }
        return new Say.SayChoice(field, Map.copyOf(prompts));
    }
}
