package cn.hotline12333.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real embedded redis-server for one test class, emptied before each test:
 * {@code @RegisterExtension static final RedisFixture REDIS = new RedisFixture();}.
 */
public final class RedisFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private EmbeddedRedis server;
    private Redis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EmbeddedRedis.start();
        redis = Redis.connect(server.url());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis.jedis().flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
        server.close();
    }

    public Redis redis() {
        return redis;
    }

    public EmbeddedRedis server() {
        return server;
    }
}
