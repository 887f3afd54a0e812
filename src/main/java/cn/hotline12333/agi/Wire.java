package cn.hotline12333.agi;

import java.time.Duration;

/**
 * Arguments as Asterisk's AGI parser reads them (res_agi.c parse_args): words split on spaces, {@code "..."}
 * groups, backslash escapes the next character. Control characters are dropped first, so no argument can end
 * the line and smuggle in a second command; quotes and backslashes are escaped, so none can end its word.
 */
final class Wire {
    private Wire() {
    }

    static String quoted(String value) {
        String clean = withoutControls(value);
        return "\"" + clean.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A word left bare when it is a plain word (STREAM FILE beep), quoted when it would split or escape. */
    static String bare(String value) {
        String clean = withoutControls(value);
        boolean plain = !clean.isEmpty() && clean.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\');
        return plain ? clean : quoted(clean);
    }

    /** A dialplan application argument: a comma would start the application's next argument. */
    static String appArgument(String value) {
        return withoutControls(value).replace(",", "");
    }

    /**
     * Whole seconds for Queue's timeout and RECORD FILE's s=, rounded up so that half a second does not become
     * 0: for s= that means no silence limit, and Queue reads a timeout of 0 as already expired.
     */
    static long seconds(Duration duration) {
        return Math.max(0, (duration.toMillis() + 999) / 1000);
    }

    private static String withoutControls(String value) {
        if (value == null) {
            return "";
        }
        // Every argument of every command passes here: the usual clean one is returned as it is, no copy.
        if (clean(value)) {
            return value;
        }
        StringBuilder clean = new StringBuilder(value.length());
        value.codePoints().filter(c -> c >= 0x20 && c != 0x7f).forEach(clean::appendCodePoint);
        return clean.toString();
    }

    private static boolean clean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
