package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

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
 * <p>The hash is CPU alone and runs on the AGI work threads beside the Redis calls. At most half the cores hash
 * at once, so a burst of callers keying their PINs queues here for a few milliseconds rather than taking every
 * core from the event loops that answer every other call.
 */
final class Pbkdf2 {
    private static final Semaphore HASHING = new Semaphore(
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);

    private Pbkdf2() {
    }

    static byte[] sha256(String secret, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, was " + iterations);
        }
        try {
            HASHING.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a PIN", e);
        }
        try {
            return derive(secret.getBytes(StandardCharsets.UTF_8), salt, iterations);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        } finally {
            HASHING.release();
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
