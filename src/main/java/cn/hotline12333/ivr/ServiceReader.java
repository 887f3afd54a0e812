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
 * {@code number: field}, {@code digits: field}, or {@code choice: field} with {@code cases} (a prompt per
 * value). Whether the fields exist for the service is {@link FlowValidator}'s check.
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
        } else {
            item.problem(item.line(), "an item is a text, or one of number, digits, choice");
            return null;
        }
        item.rejectUnknown();
        return say;
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
