package cn.hotline12333.agi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose environment block has not fully arrived within the deadline (a client sending a
 * byte a minute), then steps aside: once the call runs, each command has its own reply deadline. A deadline
 * for the whole block, not an idle timer, because every slow byte would reset an idle timer.
 */
final class EnvDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EnvDeadline.class);
    private final Duration timeout;
    private ScheduledFuture<?> timer; // this connection's event loop only

    EnvDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expired(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AgiEnvironment) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel(false);
        ctx.fireChannelInactive();
    }

    private void expired(ChannelHandlerContext ctx) {
        if (Peer.firstComplaint(ctx.channel())) {
            log.warn("event=env_timeout remote={} ms={}", Peer.host(ctx.channel()), timeout.toMillis());
        }
        ctx.close();
    }
}
