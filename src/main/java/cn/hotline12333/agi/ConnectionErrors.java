package cn.hotline12333.agi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: every exception ends here, is logged once and closes the connection, so Netty never warns
 * that one reached the pipeline's tail. Bad input is expected (one line, no stack); anything else is our bug.
 */
final class ConnectionErrors extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrors.class);
    private boolean bugLogged; // this connection's event loop only

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String call = Peer.call(ctx.channel());
        String remote = Peer.host(ctx.channel());
        if (cause instanceof TooLongFrameException) {
            if (Peer.firstComplaint(ctx.channel())) {
                log.warn("event=line_too_long call={} remote={}", call, remote);
            }
        } else if (cause instanceof AgiProtocolException bad) {
            if (Peer.firstComplaint(ctx.channel())) {
                log.warn("event={} call={} remote={} reason=\"{}\"", bad.event(), call, remote, bad.getMessage());
            }
        } else if (cause instanceof IOException) {
            if (Peer.firstComplaint(ctx.channel())) {
                log.info("event=connection_error call={} remote={} error={}", call, remote,
                        cause.getClass().getSimpleName());
            }
        } else if (!bugLogged) {
            bugLogged = true;
            log.error("event=unexpected_error call={} remote={}", call, remote, cause);
        }
        ctx.close();
    }
}
