package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped flow files, each edited the way a hurried administrator might (a line lost, doubled or moved, a
 * value or key replaced, indentation off, a stray byte), go through the loader and the validator exactly as a
 * reload does. Every edit must end in loaded flows or in problems naming file:line on one line each: an
 * exception out of the loader would crash {@code flows check} and the server's start with a stack trace instead
 * of the list of problems, and turn a refused reload into a logged bug (flows_reload_failed).
 */
class MutatedFlowFilesTest {
    private static final long SEED = 12333;
    private static final int EDITS_PER_FILE = 300;
    private static final List<String> VALUES = List.of("", "[]", "{}", "[a, b]", "{a: 1}", "~", "null", "0", "-1",
            "99999999999999999999", "1e9", "0x1F", "0s", "-5s", "5", "999999999h", "2147483648ms", "\"\\0\"",
            "\"\\u2028\"", "!!binary AAAA", "!!int x", "&a x", "*a", "'", "\"", "true", "yes", "x".repeat(5000),
            "中文", "agent", "main", "welcome", "goodbye", "\"a\\nb\"", "|\n      block", ">", "%", "@", "`", "\"*\"",
            "\"#\"", "\"10\"", "citizen_id", "pin", "phone", "digits", "card_status", "status", "hotline",
            "after-hours", "hotline-general", "\"hotline,general\"", "[[[]]]", "{a: {b: {c: [1]}}}", "? x", "- x");
    private static final List<String> KEYS = List.of("type", "prompt", "next", "options", "timeout", "retries",
            "invalid", "on_fail", "kind", "max_digits", "save_as", "verifies", "on_locked", "service", "say",
            "on_not_found", "citizen", "on_error", "queue", "on_answered", "on_timeout", "on_unavailable", "target",
            "mailbox", "max_length", "silence", "on_silence", "on_failure", "thanks", "schedule", "open", "closed",
            "topic", "variables", "flow", "node", "interruptible", "text", "audio", "choice", "cases", "number",
            "digits", "when", "start", "agent", "version", "prompts", "nodes", "\"1\"", "\"*\"", "x y", "<<");
    private static final List<String> TYPES = List.copyOf(NodeReader.TYPES);

    @Test
    void everyEditOfTheShippedFlowsEndsInFlowsOrProblemsNeverAnException() throws IOException {
        Path dir = Path.of("ivr-flows");
        FlowDirectory.Result shipped = FlowDirectory.read(dir);
        assertThat(shipped.problems()).isEmpty();
        WorkingHours hours = shipped.flows().hours();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, FlowLoader.Loaded> shippedLoaded = new LinkedHashMap<>();
        for (String name : List.of("hotline.yaml", "after-hours.yaml")) {
            files.put(name, Files.readAllBytes(dir.resolve(name)));
            shippedLoaded.put(name, FlowLoader.load(name, files.get(name)));
        }
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            for (int i = 0; i < EDITS_PER_FILE; i++) {
                List<String> how = new ArrayList<>();
                byte[] edited = edit(file.getValue(), random, how);
                try {
                    List<FlowProblem> problems = readAsAReloadDoes(file.getKey(), edited, shippedLoaded, hours);
                    loaded += problems.isEmpty() ? 1 : 0;
                    for (FlowProblem p : problems) {
                        if (!files.containsKey(p.file()) || p.line() < 1 || p.message().contains("\n")
                                || p.message().contains("\r") || p.message().contains("\u2028")) {
                            failures.add(file.getKey() + " " + how + ": problem not at a line of its own: " + p);
                        }
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
                    failures.add(file.getKey() + " " + how + ": " + e + " at " + at);
                }
            }
        }
        assertThat(failures).isEmpty();
        // Some edits are harmless (a doubled comment line, a value replaced by an equal one): the set loads.
        assertThat(loaded).isPositive();
    }

    /** FlowDirectory.read for one edited file among the shipped ones (read once), without writing files. */
    private static List<FlowProblem> readAsAReloadDoes(String name, byte[] bytes, Map<String, FlowLoader.Loaded> shipped,
                                                       WorkingHours hours) {
        List<FlowProblem> problems = new ArrayList<>();
        Map<String, FlowLoader.Loaded> loaded = new LinkedHashMap<>(shipped);
        loaded.put(name, FlowLoader.load(name, bytes));
        Map<String, Set<String>> nodesByFlow = new HashMap<>();
        for (FlowLoader.Loaded one : loaded.values()) {
            problems.addAll(one.problems());
            if (one.name() != null) {
                nodesByFlow.putIfAbsent(one.name(), one.nodeIds());
            }
        }
        for (FlowLoader.Loaded one : loaded.values()) {
            if (one.flow() != null) {
                problems.addAll(FlowValidator.validate(one, nodesByFlow, hours));
            }
        }
        if (problems.isEmpty()) {
            Map<String, Flow> flows = new HashMap<>();
            loaded.values().forEach(one -> flows.put(one.name(), one.flow()));
            FlowSet set = new FlowSet(flows, hours);
            set.allPrompts();
            set.queues();
        }
        return problems;
    }

    private static byte[] edit(byte[] original, Random random, List<String> how) {
        List<String> lines = new ArrayList<>(List.of(new String(original, StandardCharsets.UTF_8).split("\n", -1)));
        int edits = 1 + random.nextInt(3);
        int flips = 0;
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            int colon = line.indexOf(':');
            switch (random.nextInt(9)) {
                case 0 -> {
                    lines.remove(at);
                    how.add("deleted line " + (at + 1));
                }
                case 1 -> {
                    lines.add(at, line);
                    how.add("doubled line " + (at + 1));
                }
                case 2 -> {
                    int to = random.nextInt(lines.size());
                    lines.set(at, lines.get(to));
                    lines.set(to, line);
                    how.add("swapped lines " + (at + 1) + " and " + (to + 1));
                }
                case 3, 4 -> {
                    if (colon > 0) {
                        String value = VALUES.get(random.nextInt(VALUES.size()));
                        lines.set(at, line.substring(0, colon + 1) + " " + value);
                        how.add("line " + (at + 1) + " value " + shortened(value));
                    }
                }
                case 5 -> {
                    if (colon > 0) {
                        String key = KEYS.get(random.nextInt(KEYS.size()));
                        int indent = line.length() - line.stripLeading().length();
                        lines.set(at, line.substring(0, indent) + key + line.substring(colon));
                        how.add("line " + (at + 1) + " key " + key);
                    }
                }
                case 6 -> {
                    List<Integer> typed = new ArrayList<>();
                    for (int l = 0; l < lines.size(); l++) {
                        if (lines.get(l).stripLeading().startsWith("type:")) {
                            typed.add(l);
                        }
                    }
                    if (!typed.isEmpty()) {
                        int t = typed.get(random.nextInt(typed.size()));
                        String type = TYPES.get(random.nextInt(TYPES.size()));
                        lines.set(t, lines.get(t).substring(0, lines.get(t).indexOf(':') + 1) + " " + type);
                        how.add("line " + (t + 1) + " type " + type);
                    }
                }
                case 7 -> {
                    lines.set(at, random.nextBoolean() ? "  " + line : line.replaceFirst("^ {1,2}", ""));
                    how.add("line " + (at + 1) + " indented");
                }
                default -> flips++;
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        // A stray byte may break a UTF-8 sequence: the loader gets bytes, as from a file.
        for (int f = 0; f < flips && bytes.length > 0; f++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = (byte) random.nextInt(256);
            how.add("byte " + at + " changed");
        }
        return bytes;
    }

    private static String shortened(String value) {
        String one = value.replace("\n", "\\n");
        return one.length() > 20 ? one.substring(0, 20) + "…" : one;
    }
}
