package cn.hotline12333.ivr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * PBKDF2-HMAC-SHA256 with a 32-byte key, bit for bit what the JDK's {@code PBKDF2WithHmacSHA256} derives, at
 * about half its CPU: the HMAC's padded key blocks are hashed once and their digest states cloned for every
 * iteration, instead of hashing both pad blocks again each time (four SHA-256 blocks an iteration become two).
 *
 * <p>The hash is CPU alone, and it runs on the AGI work threads beside the Redis calls. At most half the cores
 * hash at once, so a burst of callers keying their PINs queues here for a few milliseconds rather than taking
 * every core from the event loops that answer every other call (docs/benchmarks.md, "FastAGI load").
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
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("every JVM has a cloneable SHA-256", e);
        } finally {
            HASHING.release();
        }
    }

    private static byte[] derive(byte[] password, byte[] salt, int iterations)
            throws GeneralSecurityException, CloneNotSupportedException {
        byte[] key = password.length > 64 ? MessageDigest.getInstance("SHA-256").digest(password) : password;
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte b = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        MessageDigest inner = MessageDigest.getInstance("SHA-256");
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        inner.update(ipad);
        outer.update(opad);
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
        // U1 = HMAC(password, salt || INT(1)); the key is one block, so T1 = U1 ^ U2 ^ ... is all of it
        byte[] u = new byte[32];
        MessageDigest first = (MessageDigest) inner.clone();
        first.update(salt);
        first.update(new byte[] {0, 0, 0, 1});
        hmacOuter(outer, first.digest(), u);
        byte[] t = u.clone();
        for (int n = 1; n < iterations; n++) {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(u);
            in.digest(u, 0, 32);
            hmacOuter(outer, u, u);
            for (int j = 0; j < 32; j++) {
                t[j] ^= u[j];
            }
        }
        return t;
    }

    private static void hmacOuter(MessageDigest outer, byte[] innerHash, byte[] into)
            throws GeneralSecurityException, CloneNotSupportedException {
        MessageDigest out = (MessageDigest) outer.clone();
        out.update(innerHash, 0, 32);
        out.digest(into, 0, 32);
    }
}
