package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Splits a command line into arguments the way res_agi.c's parse_args does, and reads numbers the way its
 * handlers do (atoi, sscanf "%d"). Written from Asterisk's behaviour; it shares nothing with our agi package.
 *
 * <p>Blanks and tabs separate words unless quoted or escaped; a double quote toggles quoting anywhere in a
 * word (and, after a blank, starts a word, so {@code ""} is an empty argument); a backslash makes the next
 * character literal and vanishes. The line's {@code \r}, if any, stays in the last word: Asterisk only drops
 * the {@code \n}, so a server that ends lines in CRLF gets 510 for ANSWER.
 */
final class AgiArguments {

    /** res_agi.c MAX_ARGS: beyond 127 words the rest are dropped. */
    static final int MAX_ARGS = 128;

    private AgiArguments() {
    }

    static List<String> parse(String line) {
        List<StringBuilder> words = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        boolean escaped = false;
        boolean blank = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean literal;
            if (c == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && blank && words.size() < MAX_ARGS - 1) {
                    current = new StringBuilder();
                    words.add(current);
                    blank = false;
                }
                literal = false;
            } else if ((c == ' ' || c == '\t') && !quoted && !escaped) {
                blank = true;
                literal = false;
            } else if (c == '\\' && !escaped) {
                escaped = true;
                literal = false;
            } else {
                literal = true;
            }
            if (literal) {
                if (blank) {
                    if (words.size() >= MAX_ARGS - 1) {
                        continue; // "Too many arguments, truncating": the character is dropped
                    }
                    current = new StringBuilder();
                    words.add(current);
                    blank = false;
                }
                current.append(c);
                escaped = false;
            }
        }
        List<String> args = new ArrayList<>(words.size());
        for (StringBuilder w : words) {
            args.add(w.toString());
        }
        return args;
    }

    /** C atoi: optional blanks and sign, then digits up to the first other character; 0 when none. */
    static long atoi(String s) {
        OptionalLong n = scan(s);
        return n.isPresent() ? n.getAsLong() : 0;
    }

    /** sscanf(s, "%d") == 1: optional blanks and sign, then at least one digit. */
    static OptionalLong scan(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long value = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 18) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(negative ? -value : value);
    }

    /** C strcasecmp == 0: only ASCII letters fold. */
    static boolean equalsIgnoringAsciiCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (asciiLower(a.charAt(i)) != asciiLower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
