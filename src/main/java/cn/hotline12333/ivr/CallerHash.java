package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The record's {@code caller_hash}: the first 16 bytes of HMAC-SHA256(key, normalised caller number), in hex.
 * It links one caller's calls (repeat callers, FCR) without the number; without the key nobody can test a
 * guessed number against it. The key comes from {@code HOTLINE_CALLER_HASH_KEY} and is never logged or
 * printed; {@link #DEMO_KEY} stands in when the setting is missing (tests, demos: never production).
 */
public final class CallerHash {
    /** The built-in key of demos and tests: public, so production must refuse it. */
    public static final String DEMO_KEY = "hotline12333-demo-caller-hash-key-not-for-production";
    private static final int BYTES = 16;

    private final SecretKeySpec key;
    private final boolean demo;

    private CallerHash(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("HOTLINE_CALLER_HASH_KEY must not be empty");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.demo = DEMO_KEY.equals(key);
    }

    /** A hash under {@code key} (the value of HOTLINE_CALLER_HASH_KEY, as UTF-8 bytes). */
    public static CallerHash withKey(String key) {
        return new CallerHash(key);
    }

    public static CallerHash demo() {
        return new CallerHash(DEMO_KEY);
    }

    /** True when this hash uses {@link #DEMO_KEY}. */
    public boolean isDemo() {
        return demo;
    }

    /** The hash of a caller number, or null when the number is unknown (withheld, no digits). */
    public String of(String callerNumber) {
        String number = normalised(callerNumber);
        if (number == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, BYTES));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * One spelling per line, so that the same caller hashes the same however the trunk presented the number:
     * digits only; the country code 86 ({@code +86}, {@code 0086}, {@code 86} before a mobile number) and a
     * trunk {@code 0} before a mobile number dropped. Fixed lines keep their area code ({@code 01012345678}).
     */
    static String normalised(String callerNumber) {
        if (callerNumber == null) {
            return null;
        }
        String digits = callerNumber.replaceAll("[^0-9]", "");
        boolean international = digits.startsWith("0086") || callerNumber.trim().startsWith("+86")
                || (digits.startsWith("86") && digits.length() == 13 && isMobile(digits.substring(2)));
        if (international) {
            digits = digits.substring(digits.startsWith("0086") ? 4 : 2);
            if (!digits.isEmpty() && !isMobile(digits)) {
                digits = "0" + digits; // a fixed line: the area code without its trunk 0 (+86 10 …)
            }
        } else if (digits.length() == 12 && digits.startsWith("0") && isMobile(digits.substring(1))) {
            digits = digits.substring(1); // 013812345678: a mobile number dialled with the trunk prefix
        }
        return digits.isEmpty() ? null : digits;
    }

    private static boolean isMobile(String digits) {
        return digits.length() == 11 && digits.charAt(0) == '1' && digits.charAt(1) >= '3';
    }

    @Override
    public String toString() {
        return demo ? "CallerHash[demo key]" : "CallerHash[key hidden]";
    }
}
