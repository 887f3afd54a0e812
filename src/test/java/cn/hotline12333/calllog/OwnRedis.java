package cn.hotline12333.calllog;

import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redis-server of the test class's own, which its tests may stop and restart (the shared fixture's must keep
 * running), a fresh client and journal directory per test, and a run id that keeps call ids apart.
 */
abstract class OwnRedis {
    static EmbeddedRedis embedded;

    @TempDir
    Path journalDir;
    Redis redis;
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startRedis() {
        embedded = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        embedded.close();
    }

    // Each test opens its own client: a restart breaks pooled connections.
    @BeforeEach
    void connect() {
        redis = Redis.connect(embedded.url());
        redis.jedis().flushAll();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }
}
