package cn.hotline12333.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Applies contributions with the apply script (resources: apply.lua), one script call per UTC day per batch
 * ({@link ApplyBatch} sums the batch's changes per key and field first), so a record applied twice counts once and
 * a handling record's later revision replaces the earlier one exactly once. Blocking: consumer threads, rebuild and tests call it, never a Netty loop.
 */
final class Applier {
    static final String SCRIPT = load();

    private final UnifiedJedis jedis;
    private String sha;

    Applier(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    /** Applies to the live generation(s); returns how many (record, day) pairs were new. */
    long apply(List<Contribution> batch) {
        return apply(batch, "");
    }

    /** Applies to generation {@code gen} only (rebuild and verify build their own); "" for the live ones. */
    long apply(List<Contribution> batch, String gen) {
        long applied = 0;
        for (ApplyBatch day : ApplyBatch.byDay(batch).values()) {
            applied += run(Buckets.prefix(day.day()), day.argv(gen));
        }
        return applied;
    }

    private long run(String prefix, List<String> argv) {
        // the one declared key routes the call to the day's slot on a cluster; the script builds the others
        List<String> keys = List.of(prefix + "gen");
        Object reply;
        if (sha == null) {
            sha = jedis.scriptLoad(SCRIPT, prefix + "gen");
        }
        try {
            reply = jedis.evalsha(sha, keys, argv);
        } catch (JedisNoScriptException e) {
            // the server restarted and lost its script cache; EVAL caches it again
            reply = jedis.eval(SCRIPT, keys, argv);
        }
        return (Long) reply;
    }

    private static String load() {
        try (InputStream in = Applier.class.getResourceAsStream("apply.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stats apply script missing from the jar", e);
        }
    }
}
