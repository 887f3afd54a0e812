package cn.hotline12333.web;

/**
 * CSV and formula injection: a text cell that starts with {@code = + - @}, a tab or a carriage return would
 * be run by Excel as a formula (or by some importers as one); a leading apostrophe makes it plain text.
 */
final class Formulas {
    private Formulas() {
    }

    static String neutralise(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }
}
