package cn.hotline12333.ivr;

/**
 * How personal digits look wherever they leave the IVR for a log line or a stored record: a citizen ID shows
 * at most its first 4 and last 4 characters, a phone number at most its first 3 and last 4, a PIN nothing.
 * Each hides at least 4 characters, so a short or mistyped entry is never shown whole.
 */
public final class Masking {
    private Masking() {
    }

    /** {@code 13812345678} → {@code 138****5678}; {@code 62345678} → {@code ****5678}; shorter: nothing. */
    public static String maskPhone(String number) {
        if (number == null) {
            return "";
        }
        int n = number.length();
        int head = n >= 11 ? 3 : 0;
        int tail = n >= 8 ? 4 : 0;
        return keep(number, head, tail);
    }

    /** Keyed citizen-ID digits, valid or not: first 4 and last 4 when at least 12 long, else nothing. */
    public static String maskCitizenId(String keyed) {
        if (keyed == null) {
            return "";
        }
        return keyed.length() >= 12 ? keep(keyed, 4, 4) : "*".repeat(keyed.length());
    }

    /** A PIN or any other secret: one star per character. */
    public static String maskPin(String pin) {
        return pin == null ? "" : "*".repeat(pin.length());
    }

    private static String keep(String s, int head, int tail) {
        return s.substring(0, head) + "*".repeat(s.length() - head - tail) + s.substring(s.length() - tail);
    }
}
