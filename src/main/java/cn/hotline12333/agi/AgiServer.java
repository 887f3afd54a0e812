package cn.hotline12333.agi;

import cn.hotline12333.ivr.Hotline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty FastAGI server: Asterisk connects once per call, we drive the call's IVR and close.
 * Calls are state machines on the event loops; blocking work runs on a bounded executor of
 * {@code workThreads} threads and a queue of {@code workQueue} (full: the call gets WorkRejected).
 */
public final class AgiServer implements AutoCloseable {
    /** Seconds without a byte either way before the first keepalive probe of a call's connection. */
    static final int KEEPALIVE_IDLE_SECONDS = 60;

    private static final Logger log = LoggerFactory.getLogger(AgiServer.class);
    static final int ACCEPT_BACKLOG = 4096;

    private final AgiServerSettings settings;
    private final Hotline hotline;
    private final AtomicInteger open = new AtomicInteger();
    private final Turnarounds turnarounds = new Turnarounds();
    // Its own logger, which logback.xml keeps at INFO whatever the root level: the figure operators watch.
    private static final org.slf4j.Logger turnaroundLog = org.slf4j.LoggerFactory.getLogger(Turnarounds.class);
    private long lastReported = -1;
    private final ChannelGroup calls = new DefaultChannelGroup("agi-calls", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup loops;
    private ThreadPoolExecutor work;
    private Channel listener;
    private int boundPort;

    public AgiServer(AgiServerSettings settings, Hotline hotline) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hotline = Objects.requireNonNull(hotline, "hotline");
    }

    /** Binds and returns at once; the port is known afterwards (useful with port 0 in tests). */
    public synchronized void start() {
        if (listener != null || acceptor != null) {
            throw new IllegalStateException("AGI server already started");
        }
        work = new ThreadPoolExecutor(settings.workThreads(), settings.workThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.workQueue()), new DefaultThreadFactory("agi-work", true),
                new ThreadPoolExecutor.AbortPolicy());
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("agi-accept"), NioIoHandler.newFactory());
        loops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("agi-io"), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, loops)
                .channel(NioServerSocketChannel.class)
                // A burst of new calls waits in the kernel while the accept loop catches up (Linux caps it at
                // net.core.somaxconn): with 1,024 a busy machine refused calls at Asterisk's 2 s connect timeout.
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                // One short command, one short reply: Nagle plus delayed ACKs would add tens of ms per command.
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A call in Queue or in conversation waits on EXEC's reply with no deadline, and an Asterisk host
                // that dies or is cut off sends nothing more: keepalive probes close such a connection after about
                // 90 s of silence (60 s idle, then 3 probes 10 s apart), and the call ends with its record. A live
                // peer's kernel answers the probes, however long the caller waits.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), KEEPALIVE_IDLE_SECONDS)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), 10)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 3)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(settings.bindAddress(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            throw new IllegalStateException("AGI server cannot listen on " + settings.bindAddress() + ":"
                    + settings.port(), bound.cause());
        }
        listener = bound.channel();
        boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
        // Every 10 s while calls come: how fast we answer Asterisk, since the start (p50/p99 of all commands).
        acceptor.scheduleAtFixedRate(this::reportTurnarounds, 10, 10, TimeUnit.SECONDS);
        log.info("event=agi_listening address={} port={} max_connections={} work_threads={} work_queue={}",
                settings.bindAddress(), port(), settings.maxConnections(), settings.workThreads(),
                settings.workQueue());
    }

    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("AGI server not started");
        }
        return boundPort;
    }

    private void accept(SocketChannel channel) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            log.warn("event=connection_refused reason=max_connections remote={} limit={}", Peer.host(channel),
                    settings.maxConnections());
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        calls.add(channel);
        pipeline(channel.pipeline(), settings, hotline, work, turnarounds);
    }

    /** One connection's handlers, in order; tests build the same pipeline on an EmbeddedChannel. */
    static void pipeline(ChannelPipeline pipeline, AgiServerSettings settings, Hotline hotline, Executor work,
                         Turnarounds turnarounds) {
        pipeline.addLast("framer", new LineBasedFrameDecoder(settings.maxLineBytes(), true, true));
        pipeline.addLast("decoder", new AgiDecoder(settings.maxEnvLines()));
        pipeline.addLast("env-deadline", new EnvDeadline(settings.envTimeout()));
        pipeline.addLast("call", new CallHandler(hotline, settings.replyTimeout(), work, turnarounds));
        pipeline.addLast("errors", new ConnectionErrors());
    }

    private void reportTurnarounds() {
        long count = turnarounds.count();
        if (count != lastReported) {
            lastReported = count;
            turnaroundLog.info("event=agi_turnaround {}", turnarounds.summary());
        }
    }

    /** How fast this server has answered Asterisk since it started. */
    public Turnarounds turnarounds() {
        return turnarounds;
    }

    /** Closes at once: {@link #close(Duration)} with no time for calls in progress. */
    @Override
    public synchronized void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops listening (Asterisk's next call goes to another node, or to the dialplan's fallback), gives the
     * calls in progress up to {@code drain} to finish on their own, then closes the rest (their IvrCalls hear
     * CommandFailed and end with a record), lets running work finish for a few seconds, and stops the loops.
     */
    public synchronized void close(Duration drain) {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        long until = System.nanoTime() + drain.toNanos();
        if (open.get() > 0 && !drain.isZero()) {
            log.info("event=agi_draining calls={} drain_ms={}", open.get(), drain.toMillis());
        }
        // A plain poll: shutdown is rare, and the calls end on their own event loops.
        while (open.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (open.get() > 0) {
            log.warn("event=agi_closing_calls calls={}", open.get());
        }
        calls.close().awaitUninterruptibly();
        if (work != null) {
            work.shutdown();
            try {
                if (!work.awaitTermination(5, TimeUnit.SECONDS)) {
                    work.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                work.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (loops != null) {
            loops.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 5000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        if (listener != null) {
            log.info("event=agi_stopped port={}", boundPort);
        }
    }
}
