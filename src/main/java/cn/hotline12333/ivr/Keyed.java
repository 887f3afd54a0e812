package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.InputKind;
import java.util.regex.Pattern;

/** What a caller keyed: the checks for phone numbers and PINs, and the masked form the call record keeps. */
final class Keyed {
    // A mobile number, or a fixed line with its area code (010 12345678, 0571 8765432, 0755 12345678).
    private static final Pattern PHONE = Pattern.compile("1[3-9][0-9]{9}|0[0-9]{9,11}");
    private static final Pattern PIN = Pattern.compile("[0-9]{6}");

    private Keyed() {
    }

    static boolean isPhone(String digits) {
        return digits != null && PHONE.matcher(digits).matches();
    }

    static boolean isPin(String digits) {
        return PIN.matcher(digits).matches();
    }

    /** The form the call record keeps: never a whole citizen ID, never a PIN digit. */
    static String masked(InputKind kind, String keyed) {
        return switch (kind) {
            case CITIZEN_ID -> maskedCitizenId(keyed);
            case PIN -> Masking.maskPin(keyed);
            case PHONE -> Masking.maskPhone(keyed);
            case DIGITS -> keyed;
        };
    }

    // A valid ID shows its first and last 4 (CitizenId.toString, with a keyed * shown as X); a wrong one may
    // be a valid ID with one digit mistyped, so it gets no more than that either, and a short one nothing.
    private static String maskedCitizenId(String keyed) {
        CitizenId id = CitizenId.parse(keyed);
        if (id != null) {
            return id.toString();
        }
        return keyed.length() < 16 ? "*".repeat(keyed.length()) : Masking.maskCitizenId(keyed);
    }

    static String wireName(InputKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
