package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * What Redis keeps of a PIN (hash {@code pin:<citizen key>}): {@code algo}, {@code iter}, {@code salt},
 * {@code hash} = HMAC-SHA256(pepper, PBKDF2-HMAC-SHA256(pin, salt, iter)).
 *
 * <p>Why both: six digits are a million candidates, so a slow hash alone only stretches a brute force of a
 * dump from seconds to hours per citizen; the pepper, which is not in Redis, makes the dump alone useless.
 * The slow hash is what still stands if the pepper leaks too. {@link #ITERATIONS} costs about 3 ms per check on
 * the 2-core build machine (docs/security.md): paid once per PIN a caller keys, on the AGI work executor.
 *
 * <p>{@code algo=sha256>pbkdf2} is a verifier migrated from the old salted SHA-256 without knowing the PIN:
 * the old digest (hex) is what went through PBKDF2, with {@code inner_salt} the old salt.
 */
final class PinVerifier {
    static final String ALGO = "pbkdf2-sha256+pepper";
    static final String MIGRATED_ALGO = "sha256>pbkdf2-sha256+pepper";
    static final int ITERATIONS = 10_000;
    private static final SecureRandom SALTS = new SecureRandom();

    private PinVerifier() {
    }

    static Map<String, String> create(String pin, CitizenSecrets secrets) {
        byte[] salt = salt();
        HexFormat hex = HexFormat.of();
        return Map.of("algo", ALGO, "iter", String.valueOf(ITERATIONS), "salt", hex.formatHex(salt),
                "hash", hex.formatHex(secrets.pepper(pbkdf2(pin, salt, ITERATIONS))));
    }

    /** Wraps an old {@code algo=sha256} verifier (salt, hash) so that it needs the pepper too. */
    static Map<String, String> migrate(Map<String, String> old, CitizenSecrets secrets) {
        byte[] salt = salt();
        HexFormat hex = HexFormat.of();
        return Map.of("algo", MIGRATED_ALGO, "iter", String.valueOf(ITERATIONS), "salt", hex.formatHex(salt),
                "inner_salt", old.get("salt"),
                "hash", hex.formatHex(secrets.pepper(pbkdf2(old.get("hash"), salt, ITERATIONS))));
    }

    /** Constant-time in the stored hash; a missing or unknown verifier costs the same slow hash and fails. */
    static boolean matches(Map<String, String> stored, String pin, CitizenSecrets secrets) {
        String algo = stored.get("algo");
        boolean known = ALGO.equals(algo) || MIGRATED_ALGO.equals(algo);
        HexFormat hex = HexFormat.of();
        byte[] salt = known ? hex.parseHex(stored.get("salt")) : new byte[16];
        int iterations = known ? Integer.parseInt(stored.get("iter")) : ITERATIONS;
        boolean keyed = pin != null && !pin.isEmpty();
        String input = keyed ? pin : "none";
        if (MIGRATED_ALGO.equals(algo)) {
            input = hex.formatHex(sha256(hex.parseHex(stored.get("inner_salt")), input));
        }
        byte[] actual = secrets.pepper(pbkdf2(input, salt, iterations));
        return known && keyed && MessageDigest.isEqual(hex.parseHex(stored.get("hash")), actual);
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        SALTS.nextBytes(salt);
        return salt;
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        return Pbkdf2.sha256(secret, salt, iterations);
    }

    static byte[] sha256(byte[] salt, String pin) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(pin.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
