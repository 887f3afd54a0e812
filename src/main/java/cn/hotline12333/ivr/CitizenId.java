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
