package cn.hotline12333.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's last handler: checks the request is well formed, finds the route, then hands login, role check and
 * the route's work to the worker pool (they block on Redis, bcrypt, Lucene) and writes the answer from there.
 * Every failure is an HTTP answer; nothing reaches the pipeline's tail.
 */
@Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int MAX_URI = 4096;

    private final Router router;
    private final Login login;
    private final Executor workers;

    ApiHandler(Router router, Login login, Executor workers) {
        this.router = router;
        this.login = login;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long started = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            // An over-long request line is almost always an over-long search: say so rather than "malformed".
            ApiResponse r = request.decoderResult().cause() instanceof io.netty.handler.codec.http.TooLongHttpLineException
                    ? error(400, "request line too long: parameter 'q' is read up to 200 characters")
                    : error(400, "malformed HTTP request");
            write(ctx, r, false, "-", "-", started);
            return;
        }
        if (request.uri().length() > MAX_URI) {
            write(ctx, error(414, "URI too long"), false, "-", "-", started);
            return;
        }
        String method = request.method().name();
        QueryStringDecoder uri;
        String path;
        Map<String, List<String>> query;
        try {
            uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            write(ctx, error(400, "malformed URI encoding"), keepAlive, method, "-", started);
            return;
        }
        boolean[] otherMethod = new boolean[1];
        Router.Match match = router.find(method, path, otherMethod);
        if (match == null) {
            ApiResponse r = otherMethod[0] ? error(405, "method not allowed") : error(404, "no such route");
            write(ctx, r, keepAlive, method, "-", started);
            return;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String body = request.content().toString(StandardCharsets.UTF_8);
        String address = address(ctx);
        Route route = match.route();
        try {
            workers.execute(() -> {
                ApiResponse response;
                String user = "-";
                try {
                    User who = null;
                    String token = null;
                    if (route.role() != null) {
                        who = login.authenticate(authorization, address);
                        user = who.name();
                        if (!who.may(route.role())) {
                            throw new ApiError(403, "needs role " + route.role().wireName());
                        }
                        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                            token = authorization.substring(7).trim();
                        }
                    }
                    response = route.handler().handle(new ApiRequest(method, path, query, match.pathParams(), who,
                            address, body, token));
                } catch (ApiError e) {
                    response = error(e.status(), e.getMessage(), e.retryAfterSeconds());
                } catch (RuntimeException e) {
                    log.error("event=http_error route={} method={}", route.pattern(), method, e);
                    response = error(500, "internal error");
                }
                if (response.stream() != null) {
                    stream(ctx, response, keepAlive, method, route.pattern(), started, user);
                } else {
                    write(ctx, response, keepAlive, method, route.pattern(), started, user);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=http_rejected route={} reason=workers_full", route.pattern());
            write(ctx, error(503, "server busy, try again"), false, method, route.pattern(), started);
        }
    }

    private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                       long started) {
        write(ctx, r, keepAlive, method, route, started, "-");
    }

    private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                       long started, String user) {
        byte[] bytes;
        String type;
        if (r.text() != null) {
            bytes = r.text().getBytes(StandardCharsets.UTF_8);
            type = r.contentType();
        } else if (r.json() != null) {
            try {
                bytes = JSON.writeValueAsBytes(r.json());
            } catch (Exception e) {
                log.error("event=http_json_error route={}", route, e);
                bytes = "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
                r = new ApiResponse(500, null, null, null, Map.of());
            }
            type = "application/json; charset=utf-8";
        } else {
            bytes = new byte[0];
            type = null;
        }
        ByteBuf content = Unpooled.wrappedBuffer(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), content);
        if (type != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().forEach((k, v) -> response.headers().set(k, v));
        if (r.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer, Basic realm=\"12333\"");
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        log.info("event=http method={} route={} status={} user={} ms={}", method, route, r.status(), user,
                (System.nanoTime() - started) / 1_000_000);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Headers first, then the body in chunks from this worker thread ({@link ChunkedOutput} waits while the
     * client is slow). A failure halfway can no longer become an error status: the connection is closed, so the
     * client sees a cut-off body rather than a complete-looking file.
     */
    private void stream(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                        long started, String user) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        HttpUtil.setTransferEncodingChunked(head, true);
        head.headers().set("X-Content-Type-Options", "nosniff");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        if (keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(head);
        ChunkedOutput out = new ChunkedOutput(ctx);
        try {
            r.stream().writeTo(out);
            out.close();
            log.info("event=http method={} route={} status={} user={} bytes={} ms={}", method, route, r.status(),
                    user, out.bytes(), (System.nanoTime() - started) / 1_000_000);
            if (!keepAlive) {
                ctx.close();
            }
        } catch (java.io.IOException e) {
            out.discard();
            log.info("event=http_stream_cut method={} route={} user={} bytes={} reason=\"{}\"", method, route, user,
                    out.bytes(), e.getMessage());
            ctx.close();
        } catch (RuntimeException e) {
            out.discard();
            log.error("event=http_stream_error method={} route={} user={} bytes={}", method, route, user,
                    out.bytes(), e);
            ctx.close();
        }
    }

    static ApiResponse error(int status, String message) {
        return error(status, message, 0);
    }

    static ApiResponse error(int status, String message, long retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        Map<String, String> headers = retryAfterSeconds > 0
                ? Map.of("Retry-After", Long.toString(retryAfterSeconds)) : Map.of();
        return new ApiResponse(status, body, null, null, headers);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            log.debug("event=http_connection_error reason=\"{}\"", cause.getMessage());
        } else {
            log.warn("event=http_connection_error address={}", address(ctx), cause);
        }
        ctx.close();
    }

    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-";
    }
}
