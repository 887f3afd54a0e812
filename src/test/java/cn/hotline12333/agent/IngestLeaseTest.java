package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IngestLeaseTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void oneNodeHoldsTheLeaseAndAStandbyTakesItOverWhenItLapses() {
        IngestLease a = new IngestLease(REDIS.redis(), "node-a");
        IngestLease b = new IngestLease(REDIS.redis(), "node-b");
        assertThat(a.renew()).as("taken: resync").isTrue();
        assertThat(b.renew()).isFalse();
        assertThat(a.renew()).as("renewed, not newly taken").isFalse();
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();
        assertThat(REDIS.redis().jedis().pttl(IngestLease.KEY)).isBetween(1L, 3000L);

        REDIS.redis().jedis().del(IngestLease.KEY); // node-a stopped renewing and the key expired
        assertThat(b.renew()).isTrue();
        assertThat(a.renew()).isFalse();
        assertThat(a.held()).as("a node that finds another's name has lost it").isFalse();
    }

    @Test
    void releaseLetsTheStandbyInAtOnce() {
        IngestLease a = new IngestLease(REDIS.redis(), "node-a");
        IngestLease b = new IngestLease(REDIS.redis(), "node-b");
        a.renew();
        a.release();
        assertThat(b.renew()).isTrue();
    }
}
