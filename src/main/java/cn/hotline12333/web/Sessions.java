package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Session tokens, kept in Redis so that any server node accepts a token another node issued. Only the
 * token's SHA-256 is stored (a Redis dump does not hand out sessions); the token itself is shown once, to
 * the user who signed in, and never logged. Sessions expire after {@code ttl} of their creation and are
 * revoked by logout. Blocking.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Redis redis;
    private final Duration ttl;

    public Sessions(Redis redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public String open(User user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String key = key(token);
        redis.jedis().hset(key, Map.of("user", user.name(), "role", user.role().wireName(), "region", user.region()));
        redis.jedis().expire(key, ttl.toSeconds());
        return token;
    }

    public Optional<User> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.jedis().hgetAll(key(token));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(fields.get("user"), Role.parse(fields.get("role")), fields.get("region")));
    }

    public void revoke(String token) {
        redis.jedis().del(key(token));
    }

    public Duration ttl() {
        return ttl;
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "session:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
