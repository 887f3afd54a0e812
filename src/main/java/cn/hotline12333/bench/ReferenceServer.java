package cn.hotline12333.bench;

import cn.hotline12333.config.Settings;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import java.io.IOException;
import java.time.Clock;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk-Java's DefaultAgiServer serving the {@link ReferenceScript}, with an embedded Redis of its own
 * holding the demo citizens: the other side of the FastAGI benchmark. {@code bench agi} runs
 * {@link #main} in a child JVM with the same heap limit as our server.
 *
 * <p>Arguments: the port, and the most threads, so the most calls at once (DefaultAgiServer serves each call on
 * a thread of a pool whose queue holds nothing, so a call beyond it is refused and its socket closed); 0 keeps
 * Asterisk-Java's defaults,
 * 10 core threads and at most 500 (the values compiled into 3.41).
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceServer.class);

    private final DefaultAgiServer server;
    private final Redis redis;
    private final Thread acceptor;

    private ReferenceServer(DefaultAgiServer server, Redis redis, Thread acceptor) {
        this.server = server;
        this.redis = redis;
        this.acceptor = acceptor;
    }

    /** Starts the accept loop on a thread of its own; the port accepts calls shortly after. */
    static ReferenceServer start(int port, int maxThreads, Clock clock) {
        Redis redis = Redis.connect(RedisSettings.embedded());
        DemoCitizens.asOf(clock).load(redis);
        DefaultAgiServer server = new DefaultAgiServer(new ReferenceScript(redis, clock));
        server.setPort(port);
        if (maxThreads > 0) {
            server.setMaximumPoolSize(maxThreads);
        }
        Thread acceptor = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                log.error("event=reference_failed port={}", port, e);
            }
        }, "reference-agi-accept");
        acceptor.start();
        log.info("event=reference_started port={} max_threads={}", port,
                maxThreads > 0 ? maxThreads : server.getMaximumPoolSize());
        return new ReferenceServer(server, redis, acceptor);
    }

    public static void main(String[] args) throws InterruptedException {
        // The bench gives the port (never a default: a stray reference must not take a real server's 4573) and
        // the most threads, so calls at once (0 keeps Asterisk-Java's own pool).
        if (args.length != 2 || !args[0].matches("[1-9][0-9]{0,4}") || !args[1].matches("[0-9]+")) {
            System.err.println("usage: ReferenceServer <port> <max threads, 0 for Asterisk-Java's own>");
            System.exit(2);
        }
        Settings settings = Settings.load(System.getenv());
        ReferenceServer reference = start(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                settings.clock(Clock.systemDefaultZone()));
        Runtime.getRuntime().addShutdownHook(new Thread(reference::close, "reference-shutdown"));
        reference.acceptor.join();
    }

    @Override
    public void close() {
        server.shutdown();
        redis.close();
    }
}
