package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a citizen's telephone-service PIN and counts wrong attempts in Redis, shared by every server node,
 * so that a caller cannot guess by calling again or reaching another node. Blocking.
 *
 * <p>The wrong attempt that reaches the limit answers LOCKED, and the lock lasts {@code lockout} from that
 * attempt (the TTL of {@code pin:fail:<id>}); while locked even the right PIN answers LOCKED and nothing is
 * counted. A right PIN before the limit clears the count. An unknown citizen counts as a wrong PIN, so the
 * answer does not tell who has an account.
 *
 * <p>PINs are stored as salted SHA-256. Six digits are a million candidates, which no hash cost makes
 * safe against someone holding a dump of Redis; what protects a PIN is the lockout and access to Redis.
 * The hash keeps PINs out of clear sight (dumps, MONITOR, logs) and costs microseconds per call, which
 * matters under load; {@code algo} lets a stronger scheme replace it record by record.
 */
public final class PinGuard {
    public enum Verdict { ACCEPTED, WRONG, LOCKED }

    private static final Logger log = LoggerFactory.getLogger(PinGuard.class);
    private static final String ALGO = "sha256";
    private static final SecureRandom SALTS = new SecureRandom();

    // Counts one wrong attempt unless already locked: -1 when locked, else the count.
    private static final String COUNT_WRONG = """
            local fails = tonumber(redis.call('GET', KEYS[1]) or '0')
            if fails >= tonumber(ARGV[1]) then return -1 end
            fails = redis.call('INCR', KEYS[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return fails
            """;
    // Clears the count unless another node locked the account meanwhile: 1 accepted, 0 locked.
    private static final String ACCEPT = """
            local fails = tonumber(redis.call('GET', KEYS[1]) or '0')
            if fails >= tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """;

    private final Redis redis;
    private final int maxAttempts;
    private final Duration lockout;

    /** Three wrong attempts lock the account for 30 minutes. */
    public PinGuard(Redis redis) {
        this(redis, 3, Duration.ofMinutes(30));
    }

    public PinGuard(Redis redis, int maxAttempts, Duration lockout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("PIN attempts must be at least 1, was " + maxAttempts);
        }
        if (lockout.toSeconds() < 1) {
            throw new IllegalArgumentException("PIN lockout must be at least a second, was " + lockout);
        }
        this.redis = redis;
        this.maxAttempts = maxAttempts;
        this.lockout = lockout;
    }

    public Verdict check(CitizenId citizen, String pin) {
        String fails = failKey(citizen);
        String count = redis.jedis().get(fails);
        if (count != null && Long.parseLong(count) >= maxAttempts) {
            return Verdict.LOCKED;
        }
        Map<String, String> stored = redis.jedis().hgetAll(pinKey(citizen));
        List<String> keys = List.of(fails);
        List<String> args = List.of(String.valueOf(maxAttempts), String.valueOf(lockout.toSeconds()));
        if (matches(stored, pin)) {
            Object accepted = redis.jedis().eval(ACCEPT, keys, args);
            return Long.valueOf(1).equals(accepted) ? Verdict.ACCEPTED : Verdict.LOCKED;
        }
        long attempts = (Long) redis.jedis().eval(COUNT_WRONG, keys, args);
        if (attempts < 0) {
            return Verdict.LOCKED;
        }
        if (attempts >= maxAttempts) {
            log.info("event=pin_locked citizen={} attempts={} lockout_s={}", citizen, attempts, lockout.toSeconds());
            return Verdict.LOCKED;
        }
        return Verdict.WRONG;
    }

    /** Sets (replaces) a citizen's PIN, 6 digits, and clears any count of wrong attempts. */
    public void setPin(CitizenId citizen, String pin) {
        if (pin == null || !pin.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("a PIN is 6 digits");
        }
        byte[] salt = new byte[16];
        SALTS.nextBytes(salt);
        HexFormat hex = HexFormat.of();
        redis.jedis().hset(pinKey(citizen), Map.of("algo", ALGO, "salt", hex.formatHex(salt),
                "hash", hex.formatHex(sha256(salt, pin))));
        redis.jedis().del(failKey(citizen));
    }

    private static boolean matches(Map<String, String> stored, String pin) {
        if (pin == null || !ALGO.equals(stored.get("algo"))) {
            return false;
        }
        HexFormat hex = HexFormat.of();
        byte[] expected = hex.parseHex(stored.get("hash"));
        return MessageDigest.isEqual(expected, sha256(hex.parseHex(stored.get("salt")), pin));
    }

    private static byte[] sha256(byte[] salt, String pin) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(pin.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String pinKey(CitizenId citizen) {
        return "pin:" + citizen.value();
    }

    private static String failKey(CitizenId citizen) {
        return "pin:fail:" + citizen.value();
    }
}
