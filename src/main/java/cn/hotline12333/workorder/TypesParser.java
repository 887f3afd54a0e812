package cn.hotline12333.workorder;

import cn.hotline12333.config.YamlReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** {@code work-order-types.yaml} into the types by code, or into every problem with its line. */
final class TypesParser {
    private static final Set<String> TYPE_KEYS = Set.of("name", "working_days", "department");

    record Result(Map<String, OrderType> types, List<TypesProblem> problems) {
    }

    private TypesParser() {
    }

    static Result parse(String file, byte[] bytes) {
        List<TypesProblem> problems = new ArrayList<>();
        YamlReader.Composed composed = YamlReader.compose(bytes);
        if (composed.error() != null) {
            return new Result(null, List.of(new TypesProblem(file, composed.error().line(),
                    "YAML syntax error: " + composed.error().problem())));
        }
        if (!(composed.root() instanceof MappingNode top)) {
            return new Result(null, List.of(new TypesProblem(file, YamlReader.line(composed.root()),
                    "expected a mapping with 'types'")));
        }
        Map<String, OrderType> types = new LinkedHashMap<>();
        boolean sawTypes = false;
        for (YamlReader.Entry e : YamlReader.entries(top)) {
            if (!"types".equals(e.key())) {
                problems.add(new TypesProblem(file, e.line(), "unknown key '" + e.key() + "' (only 'types')"));
                continue;
            }
            sawTypes = true;
            if (!(e.value() instanceof MappingNode list)) {
                problems.add(new TypesProblem(file, e.line(), "'types' must map each type code to its settings"));
                continue;
            }
            for (YamlReader.Entry t : YamlReader.entries(list)) {
                OrderType type = type(file, t, problems);
                if (type != null && types.putIfAbsent(type.code(), type) != null) {
                    problems.add(new TypesProblem(file, t.line(), "type '" + t.key() + "' is defined twice"));
                }
            }
        }
        if (!sawTypes) {
            problems.add(new TypesProblem(file, 1, "no 'types'"));
        } else if (types.isEmpty() && problems.isEmpty()) {
            problems.add(new TypesProblem(file, 1, "'types' lists no type"));
        }
        problems.sort(java.util.Comparator.comparingInt(TypesProblem::line));
        return problems.isEmpty() ? new Result(Map.copyOf(types), List.of()) : new Result(null, List.copyOf(problems));
    }

    private static OrderType type(String file, YamlReader.Entry t, List<TypesProblem> problems) {
        String code = t.key();
        if (code == null || !code.matches("[a-z][a-z0-9_]{0,39}")) {
            problems.add(new TypesProblem(file, t.line(),
                    "type code '" + code + "' must be lowercase letters, digits and _ (up to 40)"));
            return null;
        }
        if (!(t.value() instanceof MappingNode settings)) {
            problems.add(new TypesProblem(file, t.line(), "type '" + code + "' needs name and working_days"));
            return null;
        }
        String name = null;
        Integer days = null;
        String department = null;
        Set<String> seen = new HashSet<>();
        int before = problems.size();
        for (YamlReader.Entry s : YamlReader.entries(settings)) {
            if (!TYPE_KEYS.contains(s.key())) {
                problems.add(new TypesProblem(file, s.line(), "type '" + code + "': unknown key '" + s.key()
                        + "' (name, working_days, department)"));
                continue;
            }
            if (!seen.add(s.key())) {
                problems.add(new TypesProblem(file, s.line(), "type '" + code + "': '" + s.key() + "' given twice"));
                continue;
            }
            String text = scalar(s.value());
            if (text == null || text.isBlank()) {
                problems.add(new TypesProblem(file, s.line(), "type '" + code + "': '" + s.key() + "' needs a value"));
                continue;
            }
            switch (s.key()) {
                case "name" -> name = text.strip();
                case "department" -> department = text.strip();
                default -> days = workingDays(file, code, s, text, problems);
            }
        }
        if (name == null && !seen.contains("name")) {
            problems.add(new TypesProblem(file, t.line(), "type '" + code + "': no name"));
        }
        if (days == null && !seen.contains("working_days")) {
            problems.add(new TypesProblem(file, t.line(), "type '" + code + "': no working_days"));
        }
        return problems.size() == before ? new OrderType(code, name, days, department) : null;
    }

    private static Integer workingDays(String file, String code, YamlReader.Entry s, String text,
                                       List<TypesProblem> problems) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= Deadlines.MAX_WORKING_DAYS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        problems.add(new TypesProblem(file, s.line(), "type '" + code + "': working_days must be a whole number 1 to "
                + Deadlines.MAX_WORKING_DAYS + ", was '" + text + "'"));
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s && !YamlReader.isNull(node) ? s.getValue() : null;
    }
}
