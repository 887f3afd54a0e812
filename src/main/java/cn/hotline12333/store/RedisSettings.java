package cn.hotline12333.store;

import java.net.URI;
import java.util.List;

/**
 * Where Redis is. {@code url} is a {@code redis://[user:password@]host:port[/db]} URL (or {@code rediss://});
 * for Sentinel, {@code sentinels} lists {@code host:port} pairs and {@code master} names the master set.
 * An empty url and no sentinels means: start the embedded redis-server on loopback, on {@code embeddedPort}
 * (0: any free port).
 */
public record RedisSettings(String url, List<String> sentinels, String master, int maxConnections,
                            int embeddedPort) {

    public RedisSettings {
        sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("redis max connections must be at least 1, was " + maxConnections);
        }
        if (!sentinels.isEmpty() && (master == null || master.isBlank())) {
            throw new IllegalArgumentException("redis sentinels given without a master name (REDIS_MASTER)");
        }
        if (url != null && !url.isBlank()) {
            String scheme = URI.create(url).getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
            }
        }
    }

    public static RedisSettings embedded() {
        return new RedisSettings(null, List.of(), null, 64, 0);
    }

    public boolean isEmbedded() {
        return (url == null || url.isBlank()) && sentinels.isEmpty();
    }

    /** The URL with any password replaced, for logs. */
    public String describe() {
        if (!sentinels.isEmpty()) {
            return "sentinel master=" + master + " sentinels=" + sentinels;
        }
        if (isEmbedded()) {
            return "embedded";
        }
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + (uri.getUserInfo() != null ? "***@" : "") + uri.getHost() + ":" + uri.getPort()
                + (uri.getPath() == null ? "" : uri.getPath());
    }
}
