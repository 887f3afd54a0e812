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
 * What a desktop page may say on {@code /ws/agent}: {@code {"type":"heartbeat"}} (the page is open: the agent is
 * not made NOT_READY(桌面离线)), {@code {"type":"snapshot"}} (it saw a gap), pings, close. Frames are capped at the
 * handshake ({@link ApiHandler}); anything else, or more than {@link #MAX_FRAMES_PER_SECOND} frames a second,
 * closes the socket. Runs on the channel's event loop; its fields are touched only there.
 */
final class AgentSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final int MAX_FRAMES_PER_SECOND = 10;

    private final AgentHub hub;
    private final AgentHub.Desktop desktop;
    private final WebSocketServerHandshaker handshaker;
    private long windowStart = System.nanoTime();
    private int framesInWindow;

    AgentSocket(AgentHub hub, AgentHub.Desktop desktop, WebSocketServerHandshaker handshaker) {
        this.hub = hub;
        this.desktop = desktop;
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
        if (frame instanceof TextWebSocketFrame text) {
            String t = text.text();
            if (t.contains("\"heartbeat\"")) {
                hub.heartbeatFrom(desktop);
            } else if (t.contains("\"snapshot\"")) {
                hub.snapshotWanted(desktop);
            } else {
                handshaker.close(ctx.channel(), new CloseWebSocketFrame(1003, "unexpected frame"));
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        } else if (!(frame instanceof PongWebSocketFrame)) {
            handshaker.close(ctx.channel(), new CloseWebSocketFrame(1003, "unexpected frame"));
        }
    }
}
