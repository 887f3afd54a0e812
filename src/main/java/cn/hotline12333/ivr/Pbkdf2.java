package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 with a 32-byte key, bit for bit what the JDK's {@code PBKDF2WithHmacSHA256} derives, without
 * its garbage.
 *
 * <p>Why not the JDK's: its HMAC returns a fresh digest array every iteration, about 0.5 MB per PIN check, which
 * under load was most of what our server allocated (JFR, docs/benchmarks.md) and so set how often every call
 * paused for a young GC. Here the same SHA-256 (the JDK's, with its CPU intrinsics) writes each digest into one
 * array that lives for the whole derivation. A SHA-256 written out in Java needs no pad block per iteration
 * but measured twice the CPU of the intrinsic that does.
 *
 * <p>No limit of its own on how many threads hash at once: one tried (half the cores) queued PIN checks for tens
 * of seconds on a machine shared with other work, while the event loops it meant to protect were not the
 * bottleneck (docs/benchmarks.md).
 */
final class Pbkdf2 {
    private Pbkdf2() {
    }

    static byte[] sha256(String secret, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, was " + iterations);
        }
        try {
            return derive(secret.getBytes(StandardCharsets.UTF_8), salt, iterations);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] derive(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] key = password.length > 64 ? sha.digest(password) : password;
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte b = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        byte[] u = new byte[32];
        // U1 = HMAC(salt || INT(1)); the key is one SHA-256 long, so T1 = U1 ^ U2 ^ ... is all of it
        sha.update(ipad);
        sha.update(salt);
        sha.update(new byte[] {0, 0, 0, 1});
        sha.digest(u, 0, 32);
        outer(sha, opad, u);
        byte[] t = u.clone();
        for (int n = 1; n < iterations; n++) {
            sha.update(ipad);
            sha.update(u);
            sha.digest(u, 0, 32);
            outer(sha, opad, u);
            for (int j = 0; j < 32; j++) {
                t[j] ^= u[j];
            }
        }
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
        return t;
    }

    private static void outer(MessageDigest sha, byte[] opad, byte[] u) throws GeneralSecurityException {
        sha.update(opad);
        sha.update(u);
        sha.digest(u, 0, 32);
    }
}
