package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Moves self-service data from the first key layout, which carried the ID number in clear
 * ({@code citizen:<id>}, {@code pin:<id>}, {@code pin:fail:<id>}), to the keyed-hash layout of
 * {@link SelfService}: records and lockout counts are renamed (their TTL goes with them); salted SHA-256 PIN
 * verifiers are wrapped in the slow, peppered hash ({@link PinVerifier#migrate}), since the PIN itself is not
 * known. Then the old key is deleted. Run at start, before anything reads those keys; running it again finds
 * nothing to do. Blocking.
 */
public final class CitizenKeyMigration {
    private static final Logger log = LoggerFactory.getLogger(CitizenKeyMigration.class);
    // an old key ends in a normalised number; a new one in 64 hex digits, which never matches this
    private static final Pattern NUMBER = Pattern.compile("[0-9]{17}[0-9X]");

    private final Redis redis;
    private final CitizenSecrets secrets;

    public CitizenKeyMigration(Redis redis, CitizenSecrets secrets) {
        this.redis = redis;
        this.secrets = secrets;
    }

    /** Migrates every key of the old layout; the number of keys moved. */
    public int run() {
        int moved = 0;
        for (String key : oldKeys("citizen:")) {
            moved += rename(key, "citizen:" + secrets.redisId(key.substring("citizen:".length())));
        }
        for (String key : oldKeys("pin:fail:")) {
            moved += rename(key, "pin:fail:" + secrets.redisId(key.substring("pin:fail:".length())));
        }
        for (String key : oldKeys("pin:")) {
            moved += rehash(key, "pin:" + secrets.redisId(key.substring("pin:".length())));
        }
        if (moved > 0) {
            log.info("event=citizen_keys_migrated keys={}", moved);
        }
        return moved;
    }

    private List<String> oldKeys(String prefix) {
        List<String> found = new ArrayList<>();
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.jedis().scan(cursor, params);
            for (String key : page.getResult()) {
                if (NUMBER.matcher(key.substring(prefix.length())).matches()) {
                    found.add(key);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    // A new key already there (an earlier, interrupted run, or data written since) wins over the old one.
    private int rename(String oldKey, String newKey) {
        if (redis.jedis().renamenx(oldKey, newKey) == 0) {
            redis.jedis().del(oldKey);
        }
        return 1;
    }

    private int rehash(String oldKey, String newKey) {
        Map<String, String> old = redis.jedis().hgetAll(oldKey);
        if ("sha256".equals(old.get("algo")) && !redis.jedis().exists(newKey)) {
            redis.jedis().hset(newKey, PinVerifier.migrate(old, secrets));
        } else if (!old.isEmpty() && !redis.jedis().exists(newKey)) {
            log.warn("event=pin_migration_skipped reason=unknown_algo");
        }
        redis.jedis().del(oldKey);
        return 1;
    }
}
