package cn.hotline12333.agi;

import java.util.HashMap;
import java.util.Map;

/**
 * One reply line, {@code 200 result=1 (value) endpos=0}, or a whole multi-line 520. {@code result} is the raw
 * text after {@code result=} (GET DATA puts the caller's digits there), {@code data} the text in parentheses,
 * both null when absent. They may be a citizen id or a PIN, so toString leaves them out.
 */
record AgiReply(int code, String result, String data, Map<String, String> attributes) implements AgiMessage {

    /** The status codes Asterisk's res_agi uses, named here and nowhere else. */
    enum Status { SUCCESS, UNKNOWN_COMMAND, DEAD_CHANNEL, BAD_SYNTAX, OTHER }

    AgiReply {
        attributes = Map.copyOf(attributes);
    }

    static AgiReply status(int code) {
        return new AgiReply(code, null, null, Map.of());
    }

    Status status() {
        return switch (code) {
            case 200 -> Status.SUCCESS;
            case 510 -> Status.UNKNOWN_COMMAND;
            case 511 -> Status.DEAD_CHANNEL;
            case 520 -> Status.BAD_SYNTAX;
            default -> Status.OTHER;
        };
    }

    /** result as a number, or null when it is empty or not a number. */
    Integer resultCode() {
        try {
            return result == null ? null : Integer.valueOf(result);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    long attribute(String name, long absent) {
        try {
            return Long.parseLong(attributes.getOrDefault(name, ""));
        } catch (NumberFormatException notANumber) {
            return absent;
        }
    }

    /**
     * A single-line reply, or null when the line is not one: three digits, then a space or the end; for 200,
     * {@code result=} then optional {@code (data)} then {@code key=value} words.
     */
    static AgiReply parse(String line) {
        if (line.length() < 3 || !isDigits(line.substring(0, 3)) || (line.length() > 3 && line.charAt(3) != ' ')) {
            return null;
        }
        int code = Integer.parseInt(line.substring(0, 3));
        if (code != 200) {
            return status(code);
        }
        String rest = line.substring(3).trim();
        if (!rest.startsWith("result=")) {
            return null;
        }
        int space = rest.indexOf(' ');
        String result = space < 0 ? rest.substring(7) : rest.substring(7, space);
        rest = space < 0 ? "" : rest.substring(space + 1).trim();
        String data = null;
        // The data runs to the last ')' so a variable value holding parentheses stays whole: (a (b) c).
        int close = rest.lastIndexOf(')');
        if (rest.startsWith("(") && close > 0) {
            data = rest.substring(1, close);
            rest = rest.substring(close + 1).trim();
        }
        Map<String, String> attributes = new HashMap<>();
        for (String word : rest.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                attributes.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return new AgiReply(code, result, data, attributes);
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return "AgiReply[" + code + "]";
    }
}
