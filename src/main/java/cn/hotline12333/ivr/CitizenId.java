package cn.hotline12333.ivr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * A citizen identity number (居民身份证号码, GB 11643-1999): 6 digits of region, 8 of birth date (YYYYMMDD),
 * 3 of sequence (odd for men) and the ISO 7064 MOD 11-2 check character, a digit or X. Callers cannot key
 * X on a telephone, so they key {@code *}; {@code x} is accepted too and stored as {@code X}.
 *
 * <p>Only a valid number becomes a CitizenId. Its {@link #toString()} is masked, so logging one is safe.
 */
public final class CitizenId {
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    // Province-level codes of GB/T 2260. 71 (Taiwan) is in the table though the mainland issues no cards
    // there; 81, 82 and 83 start the residence-permit numbers of Hong Kong, Macao and Taiwan residents
    // (810000, 820000, 830000); 91 is accepted for the 2023 foreigners' permanent-residence numbers, which
    // start with 9 and a province code (so 91-96 in full; only 91 here, as agreed for issue 3).
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82", "83", "91");
    private static final int EARLIEST_BIRTH_YEAR = 1900;

    private final String value;

    private CitizenId(String value) {
        this.value = value;
    }

    /** The number as keyed, or null when it is not a valid one (ask {@link #problem} why). Today is China's date. */
    public static CitizenId parse(String keyed) {
        return parse(keyed, LocalDate.now(CHINA));
    }

    /** As {@link #parse(String)}, with the date the birth date must not be after. */
    public static CitizenId parse(String keyed, LocalDate today) {
        return problem(keyed, today) == null ? new CitizenId(normalize(keyed)) : null;
    }

    /** Why the keyed digits are not a valid number, without repeating them; null when they are valid. */
    public static String problem(String keyed) {
        return problem(keyed, LocalDate.now(CHINA));
    }

    public static String problem(String keyed, LocalDate today) {
        if (keyed == null || keyed.length() != 18) {
            return "expected 18 characters, got " + (keyed == null ? 0 : keyed.length());
        }
        String id = normalize(keyed);
        for (int i = 0; i < 17; i++) {
            if (!isDigit(id.charAt(i))) {
                return "character " + (i + 1) + " is not a digit";
            }
        }
        char last = id.charAt(17);
        if (!isDigit(last) && last != 'X') {
            return "character 18 is not a digit, X or *";
        }
        if (!PROVINCES.contains(id.substring(0, 2))) {
            return "region code does not start with a province code";
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return "birth date is not a calendar date";
        }
        if (birth.isAfter(today)) {
            return "birth date is in the future";
        }
        if (birth.getYear() < EARLIEST_BIRTH_YEAR) {
            return "birth year is before " + EARLIEST_BIRTH_YEAR;
        }
        if (checkCharacter(id.substring(0, 17)) != last) {
            return "check character does not match";
        }
        return null;
    }

    /** The check character (0-9 or X) for the first 17 digits: ISO 7064 MOD 11-2 with the weights of the standard. */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 digits, got " + first17.length() + " characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (!isDigit(c)) {
                throw new IllegalArgumentException("character " + (i + 1) + " is not a digit");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The full number, for Redis keys only. Never log it. */
    public String value() {
        return value;
    }

    /** The birth date the number carries. */
    public LocalDate birthDate() {
        return LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                Integer.parseInt(value.substring(12, 14)));
    }

    /** The masked form: first 4 and last 4 characters at most. */
    @Override
    public String toString() {
        return Masking.maskCitizenId(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CitizenId id && id.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    private static String normalize(String keyed) {
        char last = keyed.charAt(keyed.length() - 1);
        return last == '*' || last == 'x' ? keyed.substring(0, keyed.length() - 1) + 'X' : keyed;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
