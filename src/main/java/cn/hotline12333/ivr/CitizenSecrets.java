package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two server-side secrets that keep citizens' data in Redis meaningless without them: the key under which
 * an ID number becomes a Redis key ({@code HOTLINE_ID_KEY}) and the pepper over every PIN verifier
 * ({@code HOTLINE_PIN_PEPPER}). Both live in the node's configuration, never in Redis and never in a log; see
 * docs/security.md. Changing the ID key orphans every citizen's record, changing the pepper every PIN.
 */
public final class CitizenSecrets {
    /** The built-in values for the embedded demo; production refuses to start with them. */
    public static final String DEMO_ID_KEY = "demo-id-key-12333-known-to-everyone-not-secret";
    public static final String DEMO_PIN_PEPPER = "demo-pin-pepper-12333-known-to-everyone-not-secret";
    static final int MIN_LENGTH = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec idKey;
    private final SecretKeySpec pinPepper;

    private CitizenSecrets(String idKey, String pinPepper) {
        this.idKey = new SecretKeySpec(idKey.getBytes(StandardCharsets.UTF_8), HMAC);
        this.pinPepper = new SecretKeySpec(pinPepper.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    /** Both secrets as configured; a short or shared one stops the start with a message naming its key. */
    public static CitizenSecrets of(String idKey, String pinPepper) {
        require("HOTLINE_ID_KEY", idKey);
        require("HOTLINE_PIN_PEPPER", pinPepper);
        if (idKey.equals(pinPepper)) {
            throw new IllegalArgumentException("HOTLINE_ID_KEY and HOTLINE_PIN_PEPPER must differ");
        }
        return new CitizenSecrets(idKey, pinPepper);
    }

    public static CitizenSecrets demo() {
        return new CitizenSecrets(DEMO_ID_KEY, DEMO_PIN_PEPPER);
    }

    /** What stands for the citizen in Redis keys: HMAC-SHA256 of the normalised number, hex. */
    String redisId(CitizenId citizen) {
        return redisId(citizen.value());
    }

    /** As above for a number already normalised (18 characters, X upper case): the migration's input. */
    String redisId(String normalisedNumber) {
        return HexFormat.of().formatHex(mac(idKey, normalisedNumber.getBytes(StandardCharsets.UTF_8)));
    }

    /** The peppered form of a slow PIN hash: what is stored, and what a check compares. */
    byte[] pepper(byte[] slowHash) {
        return mac(pinPepper, slowHash);
    }

    @Override
    public String toString() {
        return "CitizenSecrets[***]";
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static void require(String key, String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(key + " must be at least " + MIN_LENGTH
                    + " characters (e.g. the output of: openssl rand -base64 32)");
        }
    }
}
