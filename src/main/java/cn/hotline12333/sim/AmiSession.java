package cn.hotline12333.sim;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI connection (a mansession): the banner on connect, then one request at a time, each answered before
 * the next is read. Events published while a request is handled wait until its response is written, as
 * app_queue's events reach the session through stasis after the action has answered.
 *
 * <p>Everything but {@link #offer} runs on this channel's event loop; {@code offer} hops onto it, so the
 * fields need no locks. {@code sendEvents} and {@code authenticated} are read by publishing threads and are
 * volatile.
 */
final class AmiSession extends SimpleChannelInboundHandler<AmiRequest> {

    private static final Logger log = LoggerFactory.getLogger(AmiSession.class);
    private static final DateTimeFormatter TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    final AmiEmulator box;
    final long sessionId;
    ChannelHandlerContext ctx;
    volatile boolean authenticated;
    volatile int sendEvents;
    String user = "";
    int readPerm;
    int writePerm;
    String challenge = "";
    long sessionStartMicros;
    final List<AmiFilter> filters = new ArrayList<>();
    /** A security event manager.c raises for a request without Action, seen only when the next one comes. */
    AmiEvent deferred;
    private boolean inAction;
    private final List<String> heldDuringAction = new ArrayList<>();
    private final Deque<String> reordering = new ArrayDeque<>();
    private int reorderLeft;
    private boolean halfOpen;
    private boolean closing;

    AmiSession(AmiEmulator box, long sessionId) {
        this.box = box;
        this.sessionId = sessionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        box.opened(this);
        write("Asterisk Call Manager/" + box.settings().amiVersion() + "\r\n");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        box.closed(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AmiRequest request) {
        if (closing || halfOpen) {
            return;
        }
        if (deferred != null) {
            AmiEvent late = deferred;
            deferred = null;
            box.publish(late);
        }
        inAction = true;
        try {
            AmiActions.handle(this, request);
        } finally {
            inAction = false;
        }
        if (!heldDuringAction.isEmpty()) {
            List<String> held = new ArrayList<>(heldDuringAction);
            heldDuringAction.clear();
            held.forEach(this::deliverEvent);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("event=ami_session_failed session={}", Long.toHexString(sessionId), cause);
        }
        ctx.close();
    }

    /** A response or list, written at once (before any event the action caused). */
    void respond(AmiMessage message) {
        write(message.render());
    }

    void respond(String text) {
        write(text);
    }

    /** Answers and closes (Logoff, failed login). */
    void respondAndClose(AmiMessage message) {
        closing = true;
        if (halfOpen) {
            return;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), message.render()))
                .addListener(f -> ctx.close());
    }

    void later(long nanos, Runnable task) {
        ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    /** An event for every session: kept if this session's class mask and filters let it through. */
    void offer(AmiEvent event, String rendered) {
        if (!authenticated || (sendEvents & event.category()) != event.category()) {
            return;
        }
        if (ctx == null) {
            return;
        }
        if (ctx.executor().inEventLoop()) {
            accept(event, rendered);
        } else {
            ctx.executor().execute(() -> accept(event, rendered));
        }
    }

    private void accept(AmiEvent event, String rendered) {
        if (!AmiFilter.passes(filters, event, rendered)) {
            return;
        }
        if (inAction) {
            heldDuringAction.add(rendered);
        } else {
            deliverEvent(rendered);
        }
    }

    private void deliverEvent(String rendered) {
        long delay = box.eventDelayNanos();
        if (reorderLeft > 0) {
            reordering.push(rendered);
            if (--reorderLeft == 0) {
                while (!reordering.isEmpty()) {
                    send(reordering.pop(), delay); // the held events go out last first
                }
            }
            return;
        }
        send(rendered, delay);
    }

    /** Fault: the next {@code n} events are held and then written in reverse order. */
    void reorderNext(int n) {
        reorderLeft = n;
    }

    /**
     * Fault: the socket stays open but nothing is read or written any more, as when the network between
     * client and Asterisk silently drops everything.
     */
    void goHalfOpen() {
        halfOpen = true;
        ctx.channel().config().setAutoRead(false);
    }

    private void send(String text, long delayNanos) {
        if (delayNanos > 0) {
            later(delayNanos, () -> write(text));
        } else {
            write(text);
        }
    }

    private void write(String text) {
        if (ctx == null || !ctx.channel().isActive() || halfOpen) {
            return;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text));
    }

    io.netty.util.concurrent.Future<Void> close() {
        return ctx != null ? ctx.channel().close() : ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    String localAddress() {
        return address((InetSocketAddress) ctx.channel().localAddress());
    }

    String remoteAddress() {
        return address((InetSocketAddress) ctx.channel().remoteAddress());
    }

    private static String address(InetSocketAddress a) {
        return "IPV4/TCP/" + a.getAddress().getHostAddress() + "/" + a.getPort();
    }

    static String eventTv(long micros) {
        return TV.format(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
    }

    String sessionIdText() {
        return "0x" + Long.toHexString(sessionId);
    }
}
