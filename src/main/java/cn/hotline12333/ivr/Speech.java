package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.Say;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** How a self-service answer is spoken: the node's {@code say} items, in order, as actions. */
final class Speech {
    private Speech() {
    }

    /**
     * A field the answer lacks, or a value SAY NUMBER cannot speak, is left out rather than failing the call:
     * the caller still hears the rest. SAY NUMBER speaks whole numbers, so an amount with fen is spoken in yuan
     * (the self-service answer gives fen as a field of its own when a flow wants it said).
     */
    static Deque<IvrAction> of(List<Say> items, ServiceAnswer answer) {
        Deque<IvrAction> actions = new ArrayDeque<>();
        // Numbers are as interruptible as the words around them: a node heard whole is heard whole throughout.
        add(actions, items, answer, allInterruptible(items) ? Prompt.ALL_KEYS : "");
        return actions;
    }

    private static boolean allInterruptible(List<Say> items) {
        for (Say item : items) {
            boolean whole = item instanceof Say.SayPrompt p && !p.prompt().interruptible()
                    || item instanceof Say.SayChoice c && c.cases() != null
                            && c.cases().values().stream().anyMatch(p -> !p.interruptible())
                    || item instanceof Say.SayWhen w && !allInterruptible(w.say());
            if (whole) {
                return false;
            }
        }
        return true;
    }

    private static void add(Deque<IvrAction> actions, List<Say> items, ServiceAnswer answer, String numberKeys) {
        for (Say item : items) {
            if (item instanceof Say.SayPrompt p) {
                actions.add(new IvrAction.Play(p.prompt(), p.prompt().escapeKeys()));
            } else if (item instanceof Say.SayNumber n) {
                Long number = wholeNumber(answer.fields().get(n.field()));
                if (number != null) {
                    actions.add(new IvrAction.SayNumber(number, numberKeys));
                }
            } else if (item instanceof Say.SayDigits d) {
                String digits = answer.fields().get(d.field());
                if (digits != null && !digits.isEmpty()) {
                    actions.add(new IvrAction.SayDigits(digits, numberKeys));
                }
            } else if (item instanceof Say.SayChoice c) {
                String value = answer.fields().get(c.field());
                Prompt prompt = value == null ? null : c.cases().get(value);
                if (prompt != null) {
                    actions.add(new IvrAction.Play(prompt, prompt.escapeKeys()));
                }
            } else if (item instanceof Say.SayWhen w && w.values().contains(answer.fields().get(w.field()))) {
                add(actions, w.say(), answer, numberKeys);
            }
        }
    }

    private static Long wholeNumber(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim()).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
