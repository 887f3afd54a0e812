package cn.hotline12333.ivr;

/**
 * A citizen identity number (居民身份证号码, GB 11643-1999). Placeholder: validation, parsing of an X typed
 * as *, and masking are implemented with the self-service work.
 */
public final class CitizenId {
    private final String value;

    private CitizenId(String value) {
        this.value = value;
    }

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /**
     * The number a caller keyed (a phone has no X key, so {@code *} stands for it), or null when it is not 18
     * characters with a right GB 11643-1999 check character. Placeholder added by the engine branch; the
     * self-service branch owns the real one.
     */
    public static CitizenId parse(String keyed) {
        if (keyed == null || keyed.length() != 18) {
            return null;
        }
        String id = keyed.replace('*', 'X');
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return "10X98765432".charAt(sum % 11) == id.charAt(17) ? new CitizenId(id) : null;
    }

    /** The full number, for Redis keys only. Never log it. */
    public String value() {
        return value;
    }

    /** The masked form: first 4 and last 4 characters at most. */
    @Override
    public String toString() {
        return value.substring(0, 4) + "**********" + value.substring(14);
    }
}
