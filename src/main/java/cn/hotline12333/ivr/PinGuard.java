package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a citizen's telephone-service PIN and counts wrong attempts in Redis, shared by every server node,
 * so that a caller cannot guess by calling again or reaching another node. Blocking.
 *
 * <p>The wrong attempt that reaches the limit answers LOCKED, and the lock lasts {@code lockout} from that
 * attempt (the TTL of {@code pin:fail:<key>}); while locked even the right PIN answers LOCKED and nothing is
 * counted. A right PIN before the limit clears the count. An unknown citizen counts as a wrong PIN, so the
 * answer does not tell who has an account.
 *
 * <p>PINs are stored as {@link PinVerifier}s (a slow salted hash under a pepper that is not in Redis), and
 * citizens appear in keys only as {@link CitizenSecrets#redisId keyed hashes}; a check costs a few
 * milliseconds of CPU, which is why it runs on the work executor like the Redis calls around it.
 */
public final class PinGuard {
    public enum Verdict { ACCEPTED, WRONG, LOCKED }

    private static final Logger log = LoggerFactory.getLogger(PinGuard.class);

    // Counts one wrong attempt unless already locked: -1 when locked, else the count.
    private static final String COUNT_WRONG = """
            local fails = tonumber(redis.call('GET', KEYS[1]) or '0')
            if fails >= tonumber(ARGV[1]) then return -1 end
            fails = redis.call('INCR', KEYS[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return fails
            """;
    // The count and the verifier in one round trip (a PIN check is on a caller's wait): {} when locked. Two keys
    // in one script suit one Redis or Sentinel, what store.Redis connects to; a Cluster would want one hash tag.
    private static final String READ = """
            local fails = tonumber(redis.call('GET', KEYS[1]) or '0')
            if fails >= tonumber(ARGV[1]) then return {} end
            local stored = redis.call('HGETALL', KEYS[2])
            table.insert(stored, 1, 'read')
            return stored
            """;
    // Clears the count unless another node locked the account meanwhile: 1 accepted, 0 locked.
    private static final String ACCEPT = """
            local fails = tonumber(redis.call('GET', KEYS[1]) or '0')
            if fails >= tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """;

    private final Redis redis;
    private final CitizenSecrets secrets;
    private final int maxAttempts;
    private final Duration lockout;

    /** With the demo secrets (tests, the benchmark): three wrong attempts lock the account for 30 minutes. */
    public PinGuard(Redis redis) {
        this(redis, CitizenSecrets.demo());
    }

    public PinGuard(Redis redis, CitizenSecrets secrets) {
        this(redis, secrets, 3, Duration.ofMinutes(30));
    }

    public PinGuard(Redis redis, int maxAttempts, Duration lockout) {
        this(redis, CitizenSecrets.demo(), maxAttempts, lockout);
    }

    public PinGuard(Redis redis, CitizenSecrets secrets, int maxAttempts, Duration lockout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("PIN attempts must be at least 1, was " + maxAttempts);
        }
        if (lockout.toSeconds() < 1) {
            throw new IllegalArgumentException("PIN lockout must be at least a second, was " + lockout);
        }
        this.redis = redis;
        this.secrets = secrets;
        this.maxAttempts = maxAttempts;
        this.lockout = lockout;
    }

    public Verdict check(CitizenId citizen, String pin) {
        String fails = failKey(citizen);
        List<String> args = List.of(String.valueOf(maxAttempts), String.valueOf(lockout.toSeconds()));
        List<?> read = (List<?>) redis.jedis().eval(READ, List.of(fails, pinKey(citizen)), args);
        if (read.isEmpty()) {
            return Verdict.LOCKED;
        }
        Map<String, String> stored = new HashMap<>();
        for (int i = 1; i + 1 < read.size(); i += 2) {
            stored.put((String) read.get(i), (String) read.get(i + 1));
        }
        List<String> keys = List.of(fails);
        if (PinVerifier.matches(stored, pin, secrets)) {
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
        String key = pinKey(citizen);
        // DEL first: a verifier of another algo may have fields this one has not
        redis.jedis().del(key);
        redis.jedis().hset(key, PinVerifier.create(pin, secrets));
        redis.jedis().del(failKey(citizen));
    }

    private String pinKey(CitizenId citizen) {
        return "pin:" + secrets.redisId(citizen);
    }

    private String failKey(CitizenId citizen) {
        return "pin:fail:" + secrets.redisId(citizen);
    }
}
