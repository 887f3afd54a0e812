package cn.hotline12333.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API (and later the agent desktop's pages) on its own port, in the same process as the AGI
 * server. Pipeline: TLS when WEB_TLS_CERT/WEB_TLS_KEY are set → codec (capped line and header sizes) →
 * {@link CappedBody} (JSON 413 beyond the cap) → idle timeout → {@link ApiHandler} (login, role, route on the
 * worker pool).
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final WebSettings settings;
    private final Router router;
    private final Login login;
    private final ThreadPoolExecutor workers;
    private final Wallboard wallboard;
    private final AgentHub agentHub;
    private EventLoopGroup group;
    private Channel server;

    public WebServer(WebSettings settings, Login login, List<Route> routes) {
        this(settings, login, routes, null);
    }

    /** {@code wallboard}: the feed behind {@code /ws/wallboard}, or null when this node serves none. */
    public WebServer(WebSettings settings, Login login, List<Route> routes, Wallboard wallboard) {
        this(settings, login, routes, wallboard, null);
    }

    /** {@code agentHub}: the feed behind {@code /ws/agent}, or null when this node runs no agent desktop. */
    public WebServer(WebSettings settings, Login login, List<Route> routes, Wallboard wallboard, AgentHub agentHub) {
        this.agentHub = agentHub;
        this.settings = settings;
        this.wallboard = wallboard;
        this.login = login;
        List<Route> all = new ArrayList<>(login.routes());
        all.addAll(routes);
        this.router = new Router(all);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workThreads(), settings.workThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.workQueue()), r -> {
                    Thread t = new Thread(r, "web-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public void start() {
        SslContext tls = settings.tls() ? tlsContext() : null;
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ApiHandler api = new ApiHandler(router, login, workers, wallboard, agentHub);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // A reader that stops reading (a frozen wallboard TV) fills at most this much of our memory:
                // beyond the high mark the channel is unwritable and the wallboard drops it.
                .childOption(io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new io.netty.channel.WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new CappedBody(settings.maxBodyBytes()))
                                .addLast(new IdleStateHandler(0, 0, settings.idleTimeout().toSeconds(), TimeUnit.SECONDS))
                                .addLast(api);
                    }
                });
        server = b.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).syncUninterruptibly().channel();
        log.info("event=web_started port={} tls={}", port(), tls != null);
    }

    // A bad certificate or key stops the start naming the setting, like any other bad value.
    private SslContext tlsContext() {
        try {
            return SslContextBuilder.forServer(settings.tlsCert().toFile(), settings.tlsKey().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("WEB_TLS_CERT/WEB_TLS_KEY (" + settings.tlsCert() + ", "
                    + settings.tlsKey() + ") are not a PEM certificate and PKCS#8 key that match: " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers.shutdownNow();
        if (wallboard != null) {
            wallboard.close();
        }
        if (agentHub != null) {
            agentHub.close();
        }
    }
}
