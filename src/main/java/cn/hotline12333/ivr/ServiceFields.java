package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Node.ServiceNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer fields each self-service gives (all strings), and for the fields a flow chooses a prompt by,
 * every value they take. {@link SelfService} answers exactly these; a flow may only speak these.
 */
final class ServiceFields {
    static final Map<String, Map<String, Set<String>>> ANSWERS = Map.of(
            "pension_payment", Map.of("status", Set.of("paid", "pending", "suspended", "none"),
                    "amount", Set.of(), "month", Set.of(), "paid_day", Set.of()),
            "contributions", Map.of("months", Set.of(), "last_paid_year", Set.of(), "last_paid_month", Set.of()),
            "unemployment_benefit", Map.of("status", Set.of("receiving", "ended", "pending", "none"),
                    "amount", Set.of(), "months_left", Set.of()),
            "card_status", Map.of("status",
                    Set.of("active", "reported_lost", "in_production", "ready_for_pickup", "not_applied")),
            "card_report_loss", Map.of("status", Set.of("reported", "already_reported", "no_card")));

    private ServiceFields() {
    }

    static void check(ServiceNode node, FlowValidator validator) {
        Map<String, Set<String>> fields = ANSWERS.get(node.service());
        if (fields == null) {
            validator.problem(node, "service", "unknown service \"" + node.service() + "\" (one of "
                    + String.join(", ", new TreeSet<>(ANSWERS.keySet())) + ")");
            return;
        }
        check(node, validator, fields, node.say(), "say.");
    }

    private static void check(ServiceNode node, FlowValidator validator, Map<String, Set<String>> fields,
                              List<Say> say, String prefix) {
        for (int i = 0; i < say.size(); i++) {
            String at = prefix + (i + 1);
            String field = say.get(i) instanceof Say.SayNumber n ? n.field()
                    : say.get(i) instanceof Say.SayDigits d ? d.field()
                    : say.get(i) instanceof Say.SayChoice c ? c.field()
                    : say.get(i) instanceof Say.SayWhen w ? w.field() : null;
            if (field == null) {
                continue;
            }
            if (!fields.containsKey(field)) {
                validator.problem(node, at, node.service() + " answers no field \"" + field + "\" (it answers "
                        + String.join(", ", new TreeSet<>(fields.keySet())) + ")");
            } else if (say.get(i) instanceof Say.SayChoice choice) {
                cases(node, validator, at, choice, fields.get(field));
            } else if (say.get(i) instanceof Say.SayWhen when) {
                for (String value : new TreeSet<>(when.values())) {
                    if (!fields.get(field).contains(value)) {
                        validator.problem(node, at, "when \"" + field + "\" names \"" + value + "\", which "
                                + node.service() + " never answers");
                    }
                }
                check(node, validator, fields, when.say(), at + ".say.");
            }
        }
    }

    private static void cases(ServiceNode node, FlowValidator validator, String at, Say.SayChoice choice,
                              Set<String> values) {
        if (values.isEmpty()) {
            validator.problem(node, at, "choice \"" + choice.field() + "\" is a number, not a value to choose by");
            return;
        }
        for (String value : new TreeSet<>(values)) {
            if (!choice.cases().containsKey(value)) {
                validator.problem(node, at, "choice \"" + choice.field() + "\" has no case for \"" + value + "\"");
            }
        }
        for (String value : new TreeSet<>(choice.cases().keySet())) {
            if (!values.contains(value)) {
                validator.problem(node, at + ".cases." + value, "choice \"" + choice.field() + "\" has a case \""
                        + value + "\" that " + node.service() + " never answers");
            }
        }
    }
}
