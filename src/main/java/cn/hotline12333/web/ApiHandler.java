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
    // the queue of a full pool empties in well under a second at the API's request times
    static final long BUSY_RETRY_S = 1;
    static final long REDIS_RETRY_S = 5;

    private static final String WALLBOARD_SOCKET = "/ws/wallboard";
    private static final int MAX_SOCKET_FRAME = 4096;
    private static final String AGENT_SOCKET = "/ws/agent";

    private final Router router;
    private final Login login;
    private final Pages pages;
    private final Executor workers;
    private final Wallboard wallboard;
    private final AgentHub agentHub;

    ApiHandler(Router router, Login login, Executor workers, Wallboard wallboard) {
        this(router, login, workers, wallboard, null);
    }

    ApiHandler(Router router, Login login, Executor workers, Wallboard wallboard, AgentHub agentHub) {
        this.agentHub = agentHub;
        this.router = router;
        this.login = login;
        this.pages = new Pages(login);
        this.workers = workers;
        this.wallboard = wallboard;
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
        String cookieToken = sessionCookie(request.headers().get(HttpHeaderNames.COOKIE));
        String address = address(ctx);
        if (path.equals(WALLBOARD_SOCKET) && wallboard != null) {
            upgrade(ctx, request, cookieToken, address, started);
            return;
        }
        if (path.equals(AGENT_SOCKET)) {
            agentUpgrade(ctx, request, cookieToken, address, query, started);
            return;
        }
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            page(ctx, method, path, uri.rawQuery(), cookieToken, keepAlive, started);
            return;
        }
        boolean[] otherMethod = new boolean[1];
        Router.Match match = router.find(method, path, otherMethod);
        // Under /api, who is asking is settled before whether the route or method exists: an anonymous caller
        // gets 401 for every path and cannot map the API.
        Route route = match == null ? null : match.route();
        boolean wrongMethod = otherMethod[0];
        String pattern = route == null ? "-" : route.pattern();
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String body = request.content().toString(StandardCharsets.UTF_8);
        String csrfHeader = request.headers().get("X-CSRF-Token");
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        try {
            workers.execute(() -> {
                long picked = System.nanoTime();
                ApiResponse response;
                String user = "-";
                try {
                    User who = null;
                    String token = null;
                    String csrf = null;
                    // Whatever the credentials (a browser may send a cookie or cached Basic ones by itself), a
                    // page of another site may not act through us; this also covers the login itself.
                    checkOrigin(origin, host);
                    if (route == null || route.role() != null) {
                        Login.Signed signed = login.sign(authorization, cookieToken, address);
                        who = signed.user();
                        user = who.name();
                        if (route == null) {
                            throw wrongMethod ? new ApiError(405, "method not allowed") : new ApiError(404, "no such route");
                        }
                        if (signed.csrf() != null) {
                            checkCsrf(method, signed.csrf(), csrfHeader);
                        }
                        if (!who.may(route.role())) {
                            throw new ApiError(403, "needs role " + route.role().wireName());
                        }
                        token = signed.sessionToken();
                        csrf = signed.csrf();
                    }
                    response = route.handler().handle(new ApiRequest(method, path, query, match.pathParams(), who,
                            address, body, token, csrf));
                } catch (ApiError | RuntimeException e) {
                    response = failure(e, pattern, method);
                }
                long queued = picked - started;
                if (response.later() != null) {
                    later(ctx, response.later(), keepAlive, method, pattern, started, user, queued);
                } else if (response.stream() != null) {
                    stream(ctx, response, keepAlive, method, pattern, started, user);
                } else {
                    write(ctx, response, keepAlive, method, pattern, started, user, queued);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=http_rejected route={} reason=workers_full", pattern);
            write(ctx, error(503, "server busy; try again in " + BUSY_RETRY_S + " s", BUSY_RETRY_S), false, method,
                    pattern, started);
        }
    }

    /** What the client hears of a route's failure: the same whether the route threw or its later value failed. */
    private static ApiResponse failure(Throwable e, String pattern, String method) {
        if (e instanceof ApiError a) {
            return error(a.status(), a.getMessage(), a.retryAfterSeconds());
        }
        if (e instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
            // Redis unreachable (the login's own checks read it too): a retry soon may work, a 500 says nothing
            log.warn("event=http_redis_unreachable route={} method={} error=\"{}\"", pattern, method, e.getMessage());
            return error(503, "service unavailable (Redis unreachable); try again", REDIS_RETRY_S);
        }
        log.error("event=http_error route={} method={}", pattern, method, e);
        return error(500, "internal error");
    }

    /**
     * A route's answer that waits (the agent floor confirming a request) is written when its value comes or its
     * time is up, whichever is first, from the channel's event loop: no worker waits meanwhile. The answer's
     * mapping runs there too, never on the thread that completed the value (the floor's own).
     */
    private <T> void later(ChannelHandlerContext ctx, ApiResponse.Later<T> later, boolean keepAlive, String method,
                           String pattern, long started, String user, long queued) {
        io.netty.util.concurrent.EventExecutor loop = ctx.executor();
        // Both the timer and the completion run on this channel's loop, one after the other: no lock, no volatile.
        boolean[] answered = new boolean[1];
        var timer = loop.schedule(() -> {
            if (!answered[0]) {
                answered[0] = true;
                log.warn("event=http_answer_late route={} method={} ms={}", pattern, method, later.within().toMillis());
                write(ctx, error(503, later.late(), BUSY_RETRY_S), keepAlive, method, pattern, started, user, queued);
            }
        }, later.within().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        later.value().whenCompleteAsync((value, failed) -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            timer.cancel(false);
            ApiResponse response;
            try {
                if (failed != null) {
                    throw failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null
                            ? failed.getCause() : failed;
                }
                response = later.answer().of(value);
                if (response.later() != null || response.stream() != null) {
                    throw new IllegalStateException("a later answer must be a plain response (route " + pattern + ")");
                }
            } catch (Throwable e) {
                response = failure(e, pattern, method);
            }
            write(ctx, response, keepAlive, method, pattern, started, user, queued);
        }, loop);
    }

    /**
     * The wallboard's WebSocket: only a signed-in manager from our own origin gets the handshake; the login check
     * reads Redis, so it runs on a worker and the handshake comes back to the channel's loop.
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String cookieToken, String address,
                         long started) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!request.method().name().equals("GET")
                || !"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            write(ctx, error(400, "a WebSocket upgrade is expected here"), false, "GET", WALLBOARD_SOCKET, started);
            return;
        }
        request.retain();
        try {
            workers.execute(() -> {
                ApiResponse refusal = null;
                try {
                    Login.Signed signed = login.sign(authorization, cookieToken, address);
                    checkOrigin(origin, host);
                    if (origin == null) {
                        throw new ApiError(403, "a WebSocket upgrade must name its Origin");
                    }
                    if (!signed.user().may(Role.MANAGER)) {
                        throw new ApiError(403, "needs role manager");
                    }
                } catch (ApiError e) {
                    refusal = error(e.status(), e.getMessage(), e.retryAfterSeconds());
                } catch (RuntimeException e) {
                    log.error("event=http_error route={}", WALLBOARD_SOCKET, e);
                    refusal = error(500, "internal error");
                }
                ApiResponse refused = refusal;
                ctx.channel().eventLoop().execute(() -> {
                    try {
                        if (refused != null) {
                            write(ctx, refused, false, "GET", WALLBOARD_SOCKET, started);
                        } else {
                            handshake(ctx, request, host);
                        }
                    } finally {
                        request.release();
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            request.release();
            write(ctx, error(503, "server busy, try again"), false, "GET", WALLBOARD_SOCKET, started);
        }
    }

    /**
     * The agent desktop's WebSocket: a signed-in user from our own origin (named: a browser always sends it on an
     * upgrade), for his own agent only. {@code since} (the last sequence number the page saw) asks to resume.
     */
    private void agentUpgrade(ChannelHandlerContext ctx, FullHttpRequest request, String cookieToken, String address,
                              Map<String, List<String>> query, long started) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!request.method().name().equals("GET")
                || !"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            write(ctx, error(400, "a WebSocket upgrade is expected here"), false, "GET", AGENT_SOCKET, started);
            return;
        }
        Long since;
        List<String> sinceValues = query.get("since");
        try {
            since = sinceValues == null || sinceValues.isEmpty() ? null : Long.valueOf(sinceValues.get(0));
            if (since != null && since < 0 || query.keySet().stream().anyMatch(k -> !k.equals("since"))) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            write(ctx, error(400, "parameter 'since' must be the last sequence number seen (and nothing else)"),
                    false, "GET", AGENT_SOCKET, started);
            return;
        }
        request.retain();
        try {
            workers.execute(() -> {
                ApiResponse refusal = null;
                AgentHub.Desktop[] desktop = new AgentHub.Desktop[1];
                try {
                    Login.Signed signed = login.sign(authorization, cookieToken, address);
                    checkOrigin(origin, host);
                    if (origin == null) {
                        throw new ApiError(403, "a WebSocket upgrade must name its Origin");
                    }
                    if (agentHub == null) {
                        throw new ApiError(503, "the agent desktop does not run on this node (AMI_HOST unset)");
                    }
                    desktop[0] = new AgentHub.Desktop(ctx.channel(), signed.user().name(),
                            AgentRoutes.deskId(signed.sessionToken(), address));
                } catch (ApiError e) {
                    refusal = error(e.status(), e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("event=agent_socket_refused reason=\"{}\"", e.getMessage());
                    refusal = error(503, "service unavailable; try again", REDIS_RETRY_S);
                }
                ApiResponse refused = refusal;
                ctx.channel().eventLoop().execute(() -> {
                    try {
                        if (refused != null) {
                            write(ctx, refused, false, "GET", AGENT_SOCKET, started);
                        } else {
                            agentHandshake(ctx, request, host, desktop[0], since);
                        }
                    } finally {
                        request.release();
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            request.release();
            write(ctx, error(503, "server busy, try again"), false, "GET", AGENT_SOCKET, started);
        }
    }

    private void agentHandshake(ChannelHandlerContext ctx, FullHttpRequest request, String host,
                                AgentHub.Desktop desktop, Long since) {
        upgrade(ctx, request, host, AGENT_SOCKET, "agent-idle", AgentHub.HEARTBEAT_MS, handshaker -> {
            ctx.pipeline().addLast(new AgentSocket(agentHub, desktop, handshaker));
            agentHub.connected(desktop, since);
            log.info("event=agent_desktop_opened agent={} resume={}", desktop.agent(), since != null);
        });
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, String host) {
        upgrade(ctx, request, host, WALLBOARD_SOCKET, "wallboard-idle", Wallboard.HEARTBEAT_MS, handshaker -> {
            ctx.pipeline().addLast(new WallboardSocket(wallboard, handshaker));
            wallboard.subscribe(ctx.channel());
            log.info("event=wallboard_screen_opened screens={}", wallboard.screens());
        });
    }

    /**
     * The WebSocket upgrade both sockets share. Once open, a quiet socket still hears a heartbeat every
     * {@code heartbeatMs}: its idle limit follows the heartbeat, not the API's; then {@code opened} adds the socket.
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String host, String path, String idleName,
                         long heartbeatMs,
                         java.util.function.Consumer<io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker> opened) {
        var factory = new io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory(
                "ws://" + host + path, null, false, MAX_SOCKET_FRAME);
        var handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory
                    .sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        io.netty.channel.ChannelFuture done;
        try {
            done = handshaker.handshake(ctx.channel(), request);
        } catch (RuntimeException e) { // a malformed upgrade, e.g. without Sec-WebSocket-Key
            write(ctx, error(400, "malformed WebSocket upgrade"), false, "GET", path, System.nanoTime());
            return;
        }
        done.addListener(f -> {
            if (f.isSuccess()) {
                ctx.pipeline().replace(io.netty.handler.timeout.IdleStateHandler.class, idleName,
                        new io.netty.handler.timeout.IdleStateHandler(0, 0, 3 * heartbeatMs,
                                java.util.concurrent.TimeUnit.MILLISECONDS));
                opened.accept(handshaker);
            }
        });
    }

    private void page(ChannelHandlerContext ctx, String method, String path, String rawQuery, String cookieToken,
                      boolean keepAlive, long started) {
        try {
            workers.execute(() -> {
                ApiResponse response;
                try {
                    response = pages.answer(method, path, rawQuery, cookieToken);
                } catch (RuntimeException e) {
                    log.error("event=http_error route=page method={}", method, e);
                    response = error(500, "internal error");
                }
                write(ctx, response, keepAlive, method, "page", started);
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=http_rejected route=page reason=workers_full");
            write(ctx, error(503, "server busy, try again"), false, method, "page", started);
        }
    }

    /**
     * A request signed by the page's cookie may change something only with the session's CSRF token in
     * {@code X-CSRF-Token}, and, when the browser names its origin, only from our own: another site can make a
     * browser send the cookie, but can neither read the token nor fake the Origin header.
     */
    private static void checkCsrf(String method, String csrf, String csrfHeader) throws ApiError {
        if (method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        if (csrfHeader == null || !java.security.MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                csrfHeader.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "missing or wrong CSRF token (header X-CSRF-Token)");
        }
    }

    /** A browser names the page that sent a request in Origin; only our own pages may use the API from a browser. */
    private static void checkOrigin(String origin, String host) throws ApiError {
        if (origin != null && host != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)) {
            throw new ApiError(403, "request from another site refused");
        }
    }

    private static String sessionCookie(String header) {
        if (header == null || header.length() > 4096) {
            return null;
        }
        for (io.netty.handler.codec.http.cookie.Cookie c
                : io.netty.handler.codec.http.cookie.ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(Login.COOKIE) && !c.value().isEmpty()) {
                return c.value();
            }
        }
        return null;
    }

    private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                       long started) {
        write(ctx, r, keepAlive, method, route, started, "-");
    }

    private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                       long started, String user) {
        write(ctx, r, keepAlive, method, route, started, user, -1);
    }

    /**
     * {@code queued}: ns the request waited for a worker, or -1. The answer says in Server-Timing how long it
     * was in the server (read → this write, JSON included) and of that how long it waited for a worker: the
     * page's PerformanceResourceTiming shows both beside the time it saw (bench agent-desktop reads them).
     */
    private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, String method, String route,
                       long started, String user, long queued) {
        FullHttpResponse response = toHttp(r, keepAlive, route);
        long took = System.nanoTime() - started;
        // A route's own Server-Timing entries (the KB search's stages) follow ours.
        String routes = r.headers().get("Server-Timing");
        response.headers().set("Server-Timing", (queued < 0 ? "total;dur=" + millis(took)
                : "queue;dur=" + millis(queued) + ", total;dur=" + millis(took)) + (routes == null ? "" : ", " + routes));
        log.info("event=http method={} route={} status={} user={} ms={}", method, route, response.status().code(),
                user, took / 1_000_000);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String millis(long nanos) {
        return Long.toString(nanos / 1_000_000) + "." + (nanos / 100_000) % 10;
    }

    /** The wire form of an answer: JSON (or the route's text), with the headers every answer carries. */
    static FullHttpResponse toHttp(ApiResponse r, boolean keepAlive, String route) {
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
            // Bearer only: a Basic challenge would make browsers ask for a password themselves and then send it with
            // every request, other sites' included, past the page's CSRF protection.
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"12333\"");
        }
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
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
        } else if (cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
            // no message and no stack: Netty's would quote the plain-text request, Authorization header and all
            log.info("event=http_tls_refused address={} reason={}", address(ctx), cause.getCause().getClass().getSimpleName());
        } else {
            log.warn("event=http_connection_error address={}", address(ctx), cause);
        }
        ctx.close();
    }

    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-";
    }
}
