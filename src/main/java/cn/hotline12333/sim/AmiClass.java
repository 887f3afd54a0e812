package cn.hotline12333.sim;

import java.util.Locale;

/** manager.c's event classes (the perms table, in its order) and the masks built from their names. */
final class AmiClass {

    static final String[] LABELS = {"system", "call", "log", "verbose", "command", "agent", "user", "config",
            "dtmf", "reporting", "cdr", "dialplan", "originate", "agi", "cc", "aoc", "test", "security", "message"};
    static final int SYSTEM = bit("system");
    static final int CALL = bit("call");
    static final int AGENT = bit("agent");
    static final int REPORTING = bit("reporting");
    static final int DIALPLAN = bit("dialplan");
    static final int ORIGINATE = bit("originate");
    static final int SECURITY = bit("security");
    static final int ALL = Integer.MAX_VALUE;

    private AmiClass() {
    }

    static int bit(String label) {
        for (int i = 0; i < LABELS.length; i++) {
            if (LABELS[i].equals(label)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("no AMI class " + label);
    }

    /** get_perm: each listed class name (comma separated, any case), "all" for every class. */
    static int mask(String list) {
        int mask = 0;
        for (String word : list.toLowerCase(Locale.ROOT).split(",")) {
            String w = word.trim();
            if (w.equals("all")) {
                return ALL;
            }
            for (int i = 0; i < LABELS.length; i++) {
                if (LABELS[i].equals(w)) {
                    mask |= 1 << i;
                }
            }
        }
        return mask;
    }

    /**
     * strings_to_mask for an {@code Events:} value: digits are the mask itself, a false word (off, no…) is 0, a
     * true word every class, else the classes named; -1 for empty (the caller then keeps its default).
     */
    static int eventMask(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return -1;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("no") || lower.equals("false") || lower.equals("n")
                || lower.equals("f") || lower.equals("0")) {
            return 0;
        }
        if (lower.equals("on") || lower.equals("yes") || lower.equals("true") || lower.equals("y")
                || lower.equals("t") || lower.equals("1")) {
            return ALL;
        }
        return mask(v);
    }

    /** authority_to_str: the class's label, then "all" (every class bit is inside "all"'s INT_MAX). */
    static String privilege(int category) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < LABELS.length; i++) {
            if ((category & (1 << i)) != 0) {
                out.append(LABELS[i]).append(',');
            }
        }
        return out.append("all").toString();
    }
}
