package cn.hotline12333.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;

/**
 * What a wallboard screen may say once its socket is open: "send me the whole snapshot" (after a gap), pings,
 * close. Anything else, or more than {@link #MAX_FRAMES_PER_SECOND} frames a second, closes the socket. Runs on
 * the channel's event loop; its fields are touched only there.
 */
final class WallboardSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final int MAX_FRAMES_PER_SECOND = 10;

    private final Wallboard wallboard;
    private final WebSocketServerHandshaker handshaker;
    private long windowStart = System.nanoTime();
    private int framesInWindow;

    WallboardSocket(Wallboard wallboard, WebSocketServerHandshaker handshaker) {
        this.wallboard = wallboard;
        this.handshaker = handshaker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            windowStart = now;
            framesInWindow = 0;
        }
        if (++framesInWindow > MAX_FRAMES_PER_SECOND) {
            handshaker.close(ctx.channel(), new CloseWebSocketFrame(1008, "too many frames"));
            return;
        }
        if (frame instanceof TextWebSocketFrame text && text.text().contains("\"snapshot\"")) {
            wallboard.snapshotWanted(ctx.channel());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        } else if (!(frame instanceof PongWebSocketFrame)) {
            handshaker.close(ctx.channel(), new CloseWebSocketFrame(1003, "unexpected frame"));
        }
    }
}
