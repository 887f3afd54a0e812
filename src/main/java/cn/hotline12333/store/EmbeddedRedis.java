package cn.hotline12333.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (the binary shipped in the embedded-redis artifact) on a free loopback port:
 * the default when no REDIS_URL is given, and what tests talk to. Persistence is off; its working
 * directory is a fresh temporary directory.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port (tests). */
    public static EmbeddedRedis start() {
        return start(0);
    }

    /** Starts on {@code port}, or a free one when it is 0. */
    public static EmbeddedRedis start(int port) {
        try {
            if (port == 0) {
                port = freePort();
            }
            Path dir = Files.createTempDirectory("hotline-redis");
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxclients 10000")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            log.info("event=embedded_redis_started port={}", port);
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the process; tests use it to take Redis away from a running server. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded redis-server", e);
        }
    }

    /** Starts it again on the same port (after {@link #stop()}). */
    public void restart() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the embedded redis-server", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
