package cn.hotline12333.ivr;

/**
 * A problem an administrator caused in a flow file, printed as {@code file:line: message}. The message quotes
 * what the file says ({@code next goes to unknown node "a\nb"}), so line breaks and other control characters in
 * it are written as escapes here: {@code flows check} prints one problem a line, and a refused reload logs
 * each as one key=value line that a quoted value must not split into a second, made-up event.
 */
public record FlowProblem(String file, int line, String message) {
    public FlowProblem {
        message = oneLine(message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }

    private static String oneLine(String text) {
        if (text.codePoints().noneMatch(FlowProblem::breaks)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(breaks(c) ? String.format("\\u%04X", c) : Character.toString(c));
            }
        });
        return out.toString();
    }

    // Controls, and the Unicode line and paragraph separators some terminals and log viewers break at.
    private static boolean breaks(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
