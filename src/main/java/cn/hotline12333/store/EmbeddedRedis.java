package cn.hotline12333.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (the binary shipped in the embedded-redis artifact) on a free loopback port:
 * the default when no REDIS_URL is given, and what tests talk to. Persistence is off; its working
 * directory is a fresh temporary directory.
 *
 * <p>Who stops it: its owner's {@link #close()}, and nothing else. The artifact's own {@code RedisServer.start()}
 * registers a JVM shutdown hook that stops the process whatever {@code onShutdownForceStop} says, and JVM
 * hooks run all at once: it stopped redis-server while the node's hook was still draining calls, whose records
 * then went to the journal instead of the stream. So the artifact only supplies the binary and its command
 * line; we start the process, in a session of its own where {@code setsid} exists (a terminal's Ctrl-C goes to
 * the JVM's process group, not to it). Our own hook is the safety net for an owner that never closes: it stops
 * the process at once, or, once the owner said it closes from a shutdown hook of its own
 * ({@link #awaitCloseAtExit}), waits that long for the close first.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Hashes with more fields than this are kept as hash tables rather than as one packed list (ziplist in Redis
     * 6.2, listpack in 7; the default is 512). Every HINCRBY on a packed hash searches it field by field, and the
     * statistics' topic hashes hold a hundred or more fields, so the live ingest spent a quarter of redis-server's
     * time in that search (docs/benchmarks.md, "How the ingest works now"); smaller hashes stay packed, which is
     * what keeps them small. A production Redis should use the same value (deploy/redis/hotline.conf).
     */
    public static final int HASH_MAX_PACKED_ENTRIES = 64;

    private final List<String> command;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread exitHook;
    private volatile Duration ownerGrace = Duration.ZERO;
    private Process process;

    private EmbeddedRedis(List<String> command, int port) {
        this.command = command;
        this.port = port;
        this.exitHook = new Thread(() -> {
            try {
                if (closed.await(ownerGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.warn("event=embedded_redis_stopped reason=exit_without_close port={}", port);
            stop();
        }, "embedded-redis-exit");
    }

    /** Starts on a free port (tests); stopped at JVM exit at once if nobody closed it. */
    public static EmbeddedRedis start() {
        return start(0);
    }

    /** Starts on {@code port}, or a free one when it is 0; stopped at JVM exit at once if nobody closed it. */
    public static EmbeddedRedis start(int port) {
        try {
            if (port == 0) {
                port = freePort();
            }
            Path dir = Files.createTempDirectory("hotline-redis");
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.addAll(RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxclients 10000")
                    // the Redis 6.2 name; Redis 7 takes it as an alias of hash-max-listpack-entries
                    .setting("hash-max-ziplist-entries " + HASH_MAX_PACKED_ENTRIES)
                    .buildCommandArgs());
            EmbeddedRedis redis = new EmbeddedRedis(command, port);
            redis.launch();
            Runtime.getRuntime().addShutdownHook(redis.exitHook);
            log.info("event=embedded_redis_started port={}", port);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server", e);
        }
    }

    /**
     * The owner closes this from a shutdown hook of its own, after work that still needs Redis (draining calls):
     * at JVM exit, wait up to {@code grace} for that close before stopping the process. Call it before the JVM
     * can start exiting, that is right after registering that hook.
     */
    public void awaitCloseAtExit(Duration grace) {
        ownerGrace = grace;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the process; tests use it to take Redis away from a running server. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts it again on the same port (after {@link #stop()}). */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the embedded redis-server", e);
        }
    }

    @Override
    public void close() {
        stop();
        log.info("event=embedded_redis_stopped port={}", port);
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook is running or about to, and returns at once now
        }
    }

    private synchronized void launch() throws IOException {
        if (process != null) {
            return;
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        List<String> said = new ArrayList<>();
        // read its output for as long as it runs: a full pipe would stall redis-server
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (ready.getCount() > 0) {
                        synchronized (said) {
                            said.add(line);
                        }
                        if (line.contains("Ready to accept connections")) {
                            ready.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            ready.countDown();
        }, "embedded-redis-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !p.isAlive()) {
                p.destroyForcibly();
                synchronized (said) {
                    throw new IOException("redis-server on port " + port + " did not become ready: "
                            + String.join(" | ", said.subList(Math.max(0, said.size() - 5), said.size())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting redis-server", e);
        }
        process = p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
