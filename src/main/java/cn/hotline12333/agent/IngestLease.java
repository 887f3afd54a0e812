package cn.hotline12333.agent;

import cn.hotline12333.store.Redis;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node applies AMI events: the holder of {@code agent:ami:lease} (3 s expiry, renewed every second). Every
 * node may send actions. While Redis cannot be reached the holder keeps applying (nobody else can take the lease
 * then either); a node that finds another's name in the key has lost it.
 */
final class IngestLease {
    static final String KEY = "agent:ami:lease";
    static final long EXPIRY_MS = 3_000;
    private static final Logger log = LoggerFactory.getLogger(IngestLease.class);
    private static final String RENEW = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 2
            end
            return 0
            """;

    private final Redis redis;
    private final String node;
    private volatile boolean held;

    IngestLease(Redis redis, String node) {
        this.redis = redis;
        this.node = node;
    }

    boolean held() {
        return held;
    }

    /** Renews or takes the lease; true when this call made the node the holder (it must resync). */
    boolean renew() {
        Object r;
        try {
            r = redis.jedis().eval(RENEW, List.of(KEY), List.of(node, Long.toString(EXPIRY_MS)));
        } catch (RuntimeException e) {
            return false; // keep what we had: see the class comment
        }
        boolean now = !Long.valueOf(0).equals(r);
        boolean gained = now && !held;
        if (held && !now) {
            log.warn("event=ami_lease_lost node={}", node);
        } else if (gained) {
            log.info("event=ami_lease_taken node={}", node);
        }
        held = now;
        return gained;
    }

    void release() {
        try {
            redis.jedis().eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
                    + "return 0", List.of(KEY), List.of(node));
        } catch (RuntimeException e) {
            log.debug("event=ami_lease_release_failed reason=\"{}\"", e.getMessage());
        }
        held = false;
    }
}
