package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.time.Duration;

/**
 * Slows down password guessing with two counters of wrong passwords, each over {@code window}: one per user
 * name (a handful: one person's typos, or someone guessing that person's password) and one per address (far
 * more: a call centre's agents share one address behind its NAT, and one agent's typos must not lock the
 * others out, while one address trying many names is still stopped). A name or an address over its limit is
 * refused for the rest of its window without the password being checked; a right password clears its name's
 * count. Counted in Redis so that spreading attempts over several nodes does not help. Blocking.
 */
public final class LoginThrottle {
    private final Redis redis;
    private final int perUser;
    private final int perAddress;
    private final Duration window;

    /** {@code maxFailures} per user name, {@link WebSettings#DEFAULT_LOGIN_FAILURES_PER_ADDRESS} per address. */
    public LoginThrottle(Redis redis, int maxFailures, Duration window) {
        this(redis, maxFailures, WebSettings.DEFAULT_LOGIN_FAILURES_PER_ADDRESS, window);
    }

    public LoginThrottle(Redis redis, int perUser, int perAddress, Duration window) {
        if (perUser < 1 || perAddress < 1 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("login limits must be at least 1 and the window a second");
        }
        this.redis = redis;
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** Seconds until the next attempt for this name from this address is allowed, 0 when it is allowed now. */
    public long retryAfter(String name, String address) {
        return Math.max(wait(userKey(name), perUser), wait(addressKey(address), perAddress));
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

    private long wait(String key, int limit) {
        String count = redis.jedis().get(key);
        if (count == null || Long.parseLong(count) < limit) {
            return 0;
        }
        return Math.max(1, redis.jedis().ttl(key));
    }

    private static String userKey(String name) {
        return "login:fail:user:" + (name == null ? "" : name);
    }

    private static String addressKey(String address) {
        return "login:fail:addr:" + address;
    }
}
