package cn.hotline12333.store;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one door to Redis, the only shared state of the hotline. Every call blocks: use it from a bounded
 * executor, never from a Netty event loop. In production this is an external Redis (or a Sentinel set);
 * by default and in tests it is a real embedded redis-server process.
 */
public final class Redis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Redis.class);

    private final UnifiedJedis jedis;
    private final EmbeddedRedis embedded;
    private final String description;

    private Redis(UnifiedJedis jedis, EmbeddedRedis embedded, String description) {
        this.jedis = jedis;
        this.embedded = embedded;
        this.description = description;
    }

    public static Redis connect(RedisSettings settings) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setJmxEnabled(false);
        if (!settings.sentinels().isEmpty()) {
            Set<HostAndPort> sentinels = new HashSet<>();
            for (String s : settings.sentinels()) {
                sentinels.add(HostAndPort.from(s));
            }
            JedisClientConfig master = clientConfig(settings.url());
            UnifiedJedis jedis = new JedisSentineled(settings.master(), master, pool, sentinels,
                    DefaultJedisClientConfig.builder().build());
            log.info("event=redis_connected target=\"{}\"", settings.describe());
            return new Redis(jedis, null, settings.describe());
        }
        EmbeddedRedis embedded = settings.isEmbedded() ? EmbeddedRedis.start(settings.embeddedPort()) : null;
        String url = embedded != null ? embedded.url() : settings.url();
        URI uri = URI.create(url);
        UnifiedJedis jedis = new JedisPooled(pool, new HostAndPort(uri.getHost(), uri.getPort()), clientConfig(url));
        log.info("event=redis_connected target=\"{}\"", settings.describe());
        return new Redis(jedis, embedded, settings.describe());
    }

    /** Connects to a server already running at url (tests hand in their own embedded server). */
    public static Redis connect(String url) {
        return connect(new RedisSettings(url, null, null, 32, 0));
    }

    private static JedisClientConfig clientConfig(String url) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000);
        if (url == null || url.isBlank()) {
            return b.build();
        }
        URI uri = URI.create(url);
        if ("rediss".equals(uri.getScheme())) {
            b.ssl(true);
        }
        String info = uri.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    b.user(info.substring(0, colon));
                }
                b.password(info.substring(colon + 1));
            } else {
                b.password(info);
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            b.database(Integer.parseInt(path.substring(1)));
        }
        return b.build();
    }

    /** The Jedis client; thread-safe, pooled. Blocking. */
    public UnifiedJedis jedis() {
        return jedis;
    }

    /** The embedded server when there is one (tests stop and restart it to simulate an outage). */
    public EmbeddedRedis embedded() {
        return embedded;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        jedis.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
