package cn.hotline12333.ivr;

import cn.hotline12333.calllog.QueueName;
import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.ScheduleNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TagNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one node of a flow file into its {@link Node} record: checks the fields its type allows, fills the
 * defaults (timeouts, retries, the shared invalid prompt, the agent as the fail path) and names the audio
 * of every prompt that does not name its own. Cross-node checks are {@link FlowValidator}'s.
 */
final class NodeReader {
    static final List<String> TYPES = List.of("play", "menu", "input", "service", "transfer", "refer", "record",
            "request", "survey", "schedule", "tag", "goto", "hangup");
    static final Set<String> KEYS = Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#");
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DIAL = Pattern.compile("[0-9]{3,20}");

    private final String flow;
    private final String agent;
    private final Prompt sharedInvalid;
    private final Map<String, Integer> lines;

    NodeReader(String flow, String agent, Prompt sharedInvalid, Map<String, Integer> lines) {
        this.flow = flow;
        this.agent = agent;
        this.sharedInvalid = sharedInvalid;
        this.lines = lines;
    }

    /** The node, or null when its type is missing or unknown (the problem is already recorded). */
    Node read(String id, int line, YamlMap m) {
        String type = m.required("type");
        if (type == null) {
            return null;
        }
        if (!TYPES.contains(type)) {
            m.problem("type", "unknown type \"" + type + "\" (one of " + String.join(", ", TYPES) + ")");
            return null;
        }
        m.where(type + " " + id);
        Node node = switch (type) {
            case "play" -> new PlayNode(id, line, prompt(m, id), m.required("next"));
            case "menu" -> menu(id, line, m);
            case "input" -> input(id, line, m);
            case "service" -> new ServiceReader(flow, lines).read(id, line, m, orAgent(m.text("on_error")));
            case "transfer" -> new TransferNode(id, line, Prompts.optional(m, "prompt", audio(id)),
                    queue(m), m.duration("timeout", Duration.ofMinutes(3)), m.required("on_answered"),
                    m.required("on_timeout"), m.required("on_unavailable"));
            case "refer" -> new ReferNode(id, line, Prompts.optional(m, "prompt", audio(id)), dial(m));
            case "record" -> new RecordNode(id, line, prompt(m, id), mailbox(m),
                    m.duration("max_length", Duration.ofMinutes(2)), m.duration("silence", Duration.ofSeconds(5)),
                    m.required("next"), orAgent(m.text("on_silence")), orAgent(m.text("on_failure")));
            case "request" -> new RequestNode(id, line, requestKind(m), prompt(m, id), queue(m),
                    m.required("next"));
            case "survey" -> new SurveyNode(id, line, prompt(m, id), m.duration("timeout", Duration.ofSeconds(5)),
                    Prompts.optional(m, "thanks", audio(id) + "-thanks"), m.required("next"));
            case "schedule" -> new ScheduleNode(id, line, m.required("schedule"), m.required("open"),
                    m.required("closed"));
            case "tag" -> tag(id, line, m);
            case "goto" -> new GotoNode(id, line, m.required("flow"), m.text("node"));
            case "hangup" -> new HangupNode(id, line, Prompts.optional(m, "prompt", audio(id)));
            default -> throw new IllegalStateException("type list and switch disagree: " + type);
        };
        if (WholePrompts.plays(type) && Boolean.FALSE.equals(Prompts.flag(m, "interruptible"))) {
            node = WholePrompts.of(node);
        }
        m.rejectUnknown();
        m.linesInto(lines, id + ".");
        return node;
    }

    private MenuNode menu(String id, int line, YamlMap m) {
        Prompt prompt = prompt(m, id);
        Map<String, String> options = new LinkedHashMap<>();
        YamlMap keys = m.requiredMap("options", m.where(), "option");
        if (keys != null) {
            for (String key : keys.keys()) {
                String target = keys.text(key);
                if (!KEYS.contains(key)) {
                    keys.problem(key, "\"" + key + "\" is not a key (use 0-9, * or #)");
                } else if (target == null || target.isEmpty()) {
                    keys.problem(key, "option \"" + key + "\" goes nowhere");
                } else {
                    options.put(key, target);
                }
            }
            keys.linesInto(lines, id + ".options.");
            if (keys.keys().isEmpty()) {
                m.problem("options", "\"options\" is empty");
            }
        }
        return new MenuNode(id, line, prompt, Map.copyOf(options), m.duration("timeout", Duration.ofSeconds(5)),
                retries(m), invalid(m, id), orAgent(m.text("on_fail")));
    }

    private InputNode input(String id, int line, YamlMap m) {
        Prompt prompt = prompt(m, id);
        InputKind kind = inputKind(m);
        String name = kind == null ? "digits" : kind.name().toLowerCase(Locale.ROOT);
        // citizen_id: 18 characters (GB 11643-1999); phone: 11 for a mobile, up to 12 for a landline with its
        // area code; pin: the 6-digit telephone-service password; digits: anything else, up to 20.
        int[] range = kind == null ? new int[] {1, 20} : switch (kind) {
            case CITIZEN_ID -> new int[] {18, 18};
            case PHONE -> new int[] {11, 12};
            case PIN -> new int[] {6, 6};
            case DIGITS -> new int[] {1, 20};
        };
        int maxDigits = m.number("max_digits", range[1]);
        if (kind != null) {
            if (maxDigits < range[0] || maxDigits > range[1]) {
                m.problem("max_digits", "max_digits " + maxDigits + " is out of range for " + name + " ("
                        + (range[0] == range[1] ? range[0] : range[0] + " to " + range[1]) + ")");
            }
        }
        String verifies = m.text("verifies");
        String onFail = orAgent(m.text("on_fail"));
        String onLocked = m.text("on_locked");
        if (kind == InputKind.PIN) {
            if (verifies == null) {
                m.problem("verifies", "a pin input needs \"verifies\" (the save_as of its citizen_id input)");
            }
            onLocked = onLocked == null ? onFail : onLocked;
        } else {
            if (verifies != null) {
                m.problem("verifies", "\"verifies\" is only for pin inputs");
            }
            if (onLocked != null) {
                m.problem("on_locked", "\"on_locked\" is only for pin inputs");
            }
        }
        String saveAs = m.text("save_as");
        return new InputNode(id, line, prompt, kind, maxDigits, m.duration("timeout", Duration.ofSeconds(10)),
                retries(m), invalid(m, id), saveAs == null ? name : saveAs, verifies, m.required("next"), onFail,
                onLocked);
    }

    private InputKind inputKind(YamlMap m) {
        String kind = m.required("kind");
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "citizen_id" -> InputKind.CITIZEN_ID;
            case "phone" -> InputKind.PHONE;
            case "pin" -> InputKind.PIN;
            case "digits" -> InputKind.DIGITS;
            default -> {
                m.problem("kind", "unknown input kind \"" + kind + "\" (one of citizen_id, phone, pin, digits)");
                yield null;
            }
        };
    }

    private String requestKind(YamlMap m) {
        String kind = m.required("kind");
        if (kind != null && !kind.equals("callback") && !kind.equals("sms_link")) {
            m.problem("kind", "unknown request kind \"" + kind + "\" (one of callback, sms_link)");
        }
        return kind;
    }

    private TagNode tag(String id, int line, YamlMap m) {
        String topic = m.text("topic");
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            m.problem("topic", "topic \"" + topic + "\" must be lowercase letters, digits and _");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        YamlMap vars = m.map("variables", m.where(), "variable");
        if (vars != null) {
            for (String name : vars.keys()) {
                String value = vars.text(name);
                if (!VARIABLE.matcher(name).matches()) {
                    vars.problem(name, "\"" + name + "\" is not a channel variable name");
                } else {
                    variables.put(name, value == null ? "" : value);
                }
            }
        }
        if (topic == null && !m.has("variables")) {
            m.problem(m.line(), "a tag needs a \"topic\" or \"variables\"");
        }
        return new TagNode(id, line, topic, Map.copyOf(variables), m.required("next"));
    }

    private static String queue(YamlMap m) {
        String queue = m.required("queue");
        String problem = queue == null ? null : QueueName.problem(queue);
        if (problem != null) {
            m.problem("queue", problem);
        }
        return queue;
    }

    private static String mailbox(YamlMap m) {
        String mailbox = m.required("mailbox");
        String problem = mailbox == null ? null : MailboxName.problem(mailbox);
        if (problem != null) {
            m.problem("mailbox", problem);
        }
        return mailbox;
    }

    private String dial(YamlMap m) {
        String target = m.required("target");
        if (target != null && !DIAL.matcher(target).matches()) {
            m.problem("target", "target \"" + target + "\" is not a number to dial");
        }
        return target;
    }

    private int retries(YamlMap m) {
        int retries = m.number("retries", 3);
        if (retries < 1) {
            m.problem("retries", "retries must be at least 1, not " + retries);
        }
        return retries;
    }

    private Prompt prompt(YamlMap m, String id) {
        return Prompts.required(m, "prompt", audio(id));
    }

    private Prompt invalid(YamlMap m, String id) {
        Prompt own = Prompts.optional(m, "invalid", audio(id) + "-invalid");
        return own == null ? sharedInvalid : own;
    }

    private String orAgent(String target) {
        return target == null ? agent : target;
    }

    private String audio(String id) {
        return Prompts.audio(flow, id);
    }
}
