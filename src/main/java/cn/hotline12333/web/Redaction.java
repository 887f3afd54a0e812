package cn.hotline12333.web;

/**
 * The last guard before statistics leave the server: any run of 11 or more digits in a text (a phone number,
 * with or without 86 in front, or a citizen ID number, whose last character may be X) keeps at most its first
 * 3 (a mobile with 86 in front: 5) and last 4 characters: {@code 13812345678} → {@code 138****5678}. The engine already stores masked numbers;
 * this catches what slips through, in JSON, CSV and XLSX alike. Shorter runs (call ids, queue numbers, 12333)
 * are left alone.
 */
final class Redaction {
    static final int LONGEST_SAFE_RUN = 10;

    private Redaction() {
    }

    static String mask(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i - start == 17 && i < n && (text.charAt(i) == 'X' || text.charAt(i) == 'x')) {
                i++;
            }
            if (i - start > LONGEST_SAFE_RUN) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                // +86 13812345678 keeps its country code in front of the usual 138****5678.
                int head = i - start == 13 && text.startsWith("861", start) ? 5 : 3;
                out.append(text, copied, start + head).append("*".repeat(i - start - head - 4)).append(text, i - 4, i);
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
