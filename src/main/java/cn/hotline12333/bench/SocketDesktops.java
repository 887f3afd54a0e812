package cn.hotline12333.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --desktops} agent desktops without a browser: the JDK's WebSocket client in the bench's JVM on
 * {@code /ws/agent} with the agent's session cookie and our Origin, as the page opens it, a heartbeat every 20 s as
 * the page sends it; logged in and made ready over the page's HTTP routes (with the session as a bearer token, so
 * the same desk id). Each pop frame a desktop receives is counted.
 */
final class SocketDesktops implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final List<WebSocket> sockets = new ArrayList<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-desktop-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** agent|uniqueId of every pop frame a desktop received */
    final Map<String, Long> popsReceived = new ConcurrentHashMap<>();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong closedByServer = new AtomicLong();

    SocketDesktops(String base) {
        this.base = base;
        heartbeat.scheduleWithFixedDelay(() -> {
            synchronized (sockets) {
                for (WebSocket s : sockets) {
                    try {
                        s.sendText("{\"type\":\"heartbeat\"}", true);
                    } catch (RuntimeException e) {
                        // closed, or the last heartbeat still going out: the next round sends it
                    }
                }
            }
        }, 20, 20, TimeUnit.SECONDS);
    }

    /** Opens the desktops' sockets, then logs every agent in at its extension (paused), 50 requests at a time. */
    void open(List<String> agents, List<String> tokens, List<String> extensions) throws Exception {
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            String agent = agents.get(i);
            opening.add(http.newWebSocketBuilder().header("Cookie", "hotline_session=" + tokens.get(i))
                    .header("Origin", base).buildAsync(URI.create(base.replace("http:", "ws:") + "/ws/agent"),
                            new Desktop(agent)));
            if (opening.size() % 50 == 0) {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        synchronized (sockets) {
            opening.forEach(f -> sockets.add(f.join()));
        }
        post(tokens, i -> "/api/agent/login", i -> "{\"extension\":\"" + extensions.get(i) + "\"}");
    }

    void ready(List<String> tokens) throws Exception {
        post(tokens, i -> "/api/agent/ready", i -> "");
    }

    private void post(List<String> tokens, java.util.function.IntFunction<String> path,
                      java.util.function.IntFunction<String> body) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            batch.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + path.apply(i)))
                    .header("Authorization", "Bearer " + tokens.get(i)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(i))).build(),
                    HttpResponse.BodyHandlers.ofString()));
            if (batch.size() == 50 || i == tokens.size() - 1) {
                for (CompletableFuture<HttpResponse<String>> f : batch) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(r.request().uri().getPath() + " answered " + r.statusCode()
                                + ": " + r.body());
                    }
                }
                batch.clear();
            }
        }
    }

    private final class Desktop implements WebSocket.Listener {
        private final String agent;
        private final StringBuilder partial = new StringBuilder();

        Desktop(String agent) {
            this.agent = agent;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                frames.incrementAndGet();
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("\"type\":\"pop\"")) {
                    popsReceived.put(agent + "|" + PopClock.uniqueId(text), now);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closedByServer.incrementAndGet();
            return null;
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        synchronized (sockets) {
            sockets.forEach(WebSocket::abort);
        }
    }
}
