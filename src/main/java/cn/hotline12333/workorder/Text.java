package cn.hotline12333.workorder;

import java.util.regex.Pattern;

/**
 * Checks of what users type (employer names, descriptions, replies, reasons): a length cap, no control characters
 * (line breaks and tabs allowed where a text may have lines), no U+FFFD (the web layer decodes bodies as UTF-8
 * and puts U+FFFD where the bytes were not UTF-8), no lone surrogates. Escaping for output is the page's job.
 */
final class Text {
    private static final Pattern CITIZEN_ID = Pattern.compile("[0-9]{17}[0-9Xx]|[0-9]{15}");
    private static final Pattern MASKED_ID = Pattern.compile("[0-9]{4}\\*{7,10}[0-9]{3}[0-9Xx]");

    private Text() {
    }

    /** {@code value} checked (null stays null; blank becomes null), or a problem naming {@code field}. */
    static String check(String field, String value, int max, boolean lines) throws Problem {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw Problem.badInput(field, "is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\uFFFD') {
                throw Problem.badInput(field, "is not valid UTF-8");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw Problem.badInput(field, "is not valid UTF-8 (a lone surrogate)");
            }
            boolean allowed = lines && (c == '\n' || c == '\r' || c == '\t');
            if (Character.getType(c) == Character.CONTROL && !allowed) {
                throw Problem.badInput(field, "contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    static String required(String field, String value, int max, boolean lines) throws Problem {
        String v = check(field, value, max, lines);
        if (v == null) {
            throw Problem.badInput(field, "is required");
        }
        return v;
    }

    /** A citizen ID as it may be kept: its first 4 and last 4 characters at most, or a problem naming the field. */
    static String maskedCitizenId(String field, String value) throws Problem {
        String v = check(field, value, 32, false);
        if (v == null) {
            return null;
        }
        if (CITIZEN_ID.matcher(v).matches()) {
            return v.substring(0, 4) + "*".repeat(v.length() - 8) + v.substring(v.length() - 4);
        }
        if (MASKED_ID.matcher(v).matches()) {
            return v;
        }
        throw Problem.badInput(field, "must be a citizen ID number (18 characters) or its masked form");
    }

    /** A phone number shown to someone who is not its order's assignee: {@code 138****5678}. */
    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() <= 4) {
            return "*".repeat(phone.length());
        }
        if (phone.length() < 8) {
            return "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
