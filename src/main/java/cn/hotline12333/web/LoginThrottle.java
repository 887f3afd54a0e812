package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.time.Duration;

/**
 * Slows down password guessing: after {@code maxFailures} wrong passwords for one user name, or from one
 * address, further attempts are refused for {@code window} without even checking the password. Counted in
 * Redis so that spreading attempts over several nodes does not help. Blocking.
 */
public final class LoginThrottle {
    private final Redis redis;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(Redis redis, int maxFailures, Duration window) {
        this.redis = redis;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Seconds until the next attempt is allowed, 0 when it is allowed now. */
    public long retryAfter(String name, String address) {
        long worst = 0;
        for (String key : new String[] {userKey(name), addressKey(address)}) {
            String count = redis.jedis().get(key);
            if (count != null && Long.parseLong(count) >= maxFailures) {
                worst = Math.max(worst, Math.max(1, redis.jedis().ttl(key)));
            }
        }
        return worst;
    }

    public void failed(String name, String address) {
        for (String key : new String[] {userKey(name), addressKey(address)}) {
            long n = redis.jedis().incr(key);
            if (n == 1) {
                redis.jedis().expire(key, window.toSeconds());
            }
        }
    }

    public void succeeded(String name) {
        redis.jedis().del(userKey(name));
    }

    private static String userKey(String name) {
        return "login:fail:user:" + (name == null ? "" : name);
    }

    private static String addressKey(String address) {
        return "login:fail:addr:" + address;
    }
}
