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

    /**
     * A signed-in session: who, and the CSRF token that a page signed in by cookie must send back on every
     * state-changing request (a cookie travels with requests other sites make the browser send; the token
     * does not).
     */
    public record Session(User user, String csrf) {
    }

    public String open(User user) {
        String token = randomToken();
        String key = key(token);
        // One transaction: a session written without its expiry would never end.
        try (var tx = redis.jedis().multi()) {
            tx.hset(key, Map.of("user", user.name(), "role", user.role().wireName(), "region", user.region(),
                    "csrf", randomToken()));
            tx.expire(key, ttl.toSeconds());
            tx.exec();
        }
        return token;
    }

    public Optional<User> find(String token) {
        return session(token).map(Session::user);
    }

    public Optional<Session> session(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.jedis().hgetAll(key(token));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Session(new User(fields.get("user"), Role.parse(fields.get("role")), fields.get("region")),
                fields.getOrDefault("csrf", "")));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
