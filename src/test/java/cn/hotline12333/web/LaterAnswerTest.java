package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ApiResponse#later}: an answer that waits for a value without holding a web worker (the server has one). */
class LaterAnswerTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<String> value = new CompletableFuture<>();
    private final CountDownLatch waiting = new CountDownLatch(1);
    private final AtomicReference<Thread> answeredOn = new AtomicReference<>();
    private WebServer server;
    private String token;

    @BeforeEach
    void start() throws Exception {
        server = TestWeb.start(REDIS.redis(), List.of(
                new Route("GET", "/api/wait", Role.AGENT, r -> {
                    waiting.countDown();
                    return ApiResponse.later(value, Duration.ofHours(1), "never late", v -> {
                        answeredOn.set(Thread.currentThread());
                        if (v.equals("refused")) {
                            throw new ApiError(409, "refused by the floor");
                        }
                        return ApiResponse.ok(Map.of("value", v));
                    });
                }),
                new Route("GET", "/api/late", Role.AGENT,
                        r -> ApiResponse.later(new CompletableFuture<String>(), Duration.ofMillis(50),
                                "the agent desk did not answer in time; try again", v -> ApiResponse.ok(v))),
                new Route("GET", "/api/quick", Role.AGENT, r -> ApiResponse.ok(Map.of("quick", true)))), null, 1);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"agent\",\"password\":\"agent-12333\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = login.body();
        int i = body.indexOf("\"token\":\"") + 9;
        token = body.substring(i, body.indexOf('"', i));
    }

    @AfterEach
    void stop() {
        value.complete("done");
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWaitingAnswerLeavesTheOnlyWorkerFreeAndIsWrittenWhenTheValueComes() throws Exception {
        var waited = get("/api/wait");
        waiting.await();
        // were the worker still waiting, this would have none until the wait's hour is up
        HttpResponse<String> quick = get("/api/quick").get(30, TimeUnit.SECONDS);
        assertThat(quick.statusCode()).isEqualTo(200);
        // how long it was in the server, and of that how long it waited for the worker (the desk bench reads both)
        assertThat(quick.headers().firstValue("Server-Timing")).hasValueSatisfying(
                v -> assertThat(v).matches("queue;dur=\\d+\\.\\d, total;dur=\\d+\\.\\d"));
        assertThat(waited).isNotDone();
        value.complete("confirmed");
        HttpResponse<String> answer = waited.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"value\":\"confirmed\"}");
        // the answer is made on the connection's event loop, not on the thread that completed the value
        assertThat(answeredOn.get()).isNotSameAs(Thread.currentThread())
                .isInstanceOf(io.netty.util.concurrent.FastThreadLocalThread.class);
        assertThat(answeredOn.get().getName()).doesNotStartWith("web-worker");
    }

    @Test
    void noValueWithinItsTimeIs503WithRetryAfter() throws Exception {
        HttpResponse<String> late = get("/api/late").get(30, TimeUnit.SECONDS);
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.body()).contains("the agent desk did not answer in time; try again");
        assertThat(late.headers().firstValue("Retry-After")).contains("1");
        assertThat(get("/api/quick").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void anAnswersApiErrorIsItsStatusAndAFailedValueA500() throws Exception {
        var refused = get("/api/wait");
        waiting.await();
        value.complete("refused");
        HttpResponse<String> r = refused.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("refused by the floor");
    }

    @Test
    void aFailedValueIs500AndTheConnectionServesOn() throws Exception {
        var failed = get("/api/wait");
        waiting.await();
        value.completeExceptionally(new IllegalStateException("floor broke"));
        HttpResponse<String> r = failed.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("floor broke");
        assertThat(get("/api/quick").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
