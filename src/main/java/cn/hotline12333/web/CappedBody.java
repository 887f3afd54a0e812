package cn.hotline12333.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's aggregator with our answer for a body over the cap: a JSON 413 like every other error (Netty's own
 * is a bare status line). Also when the client asked {@code Expect: 100-continue} first. The connection ends
 * after the answer, once the rest of the body that may still be on its way has been read and dropped.
 */
final class CappedBody extends HttpObjectAggregator {
    private static final Logger log = LoggerFactory.getLogger(CappedBody.class);
    /** How long a connection that got a 413 may still send before it is closed. */
    static final long DRAIN_MS = 2_000;
    private final int maxBytes;

    CappedBody(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        log.info("event=http method={} route=- status=413 user=- ms=0", request.method().name());
        ctx.writeAndFlush(tooLarge()).addListener((ChannelFutureListener) f -> drainThenClose(ctx));
    }

    /**
     * The answer is out; the client may still be sending the body. Closing now, with its bytes unread, would reset
     * the connection, and a reset can destroy the 413 before the client reads it. So: end our side (the client
     * reads the answer, then the end), keep reading — the aggregator drops the oversized body's contents — and
     * close for good after {@link #DRAIN_MS} at most, so a client that never stops sending holds nothing long.
     */
    private static void drainThenClose(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), DRAIN_MS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            ReferenceCountUtil.release(r);
            return tooLarge();
        }
        return answer;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object response) {
        return response instanceof FullHttpResponse r && r.status().code() == 413 || super.closeAfterContinueResponse(response);
    }

    private FullHttpResponse tooLarge() {
        return ApiHandler.toHttp(ApiHandler.error(413, "request body larger than " + maxBytes + " bytes"), false, "-");
    }
}
