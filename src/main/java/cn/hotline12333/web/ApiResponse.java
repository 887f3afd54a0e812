package cn.hotline12333.web;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a route answers: a status, a body to serialize as JSON (or raw text with its content type), headers;
 * or a {@link Streamed} body (a report export) written in chunks as it is produced; or a {@link Later} answer
 * that waits for another part of the node without holding a web worker.
 */
public record ApiResponse(int status, Object json, String text, String contentType, Map<String, String> headers,
                          Streamed stream, Later<?> later) {

    public ApiResponse(int status, Object json, String text, String contentType, Map<String, String> headers) {
        this(status, json, text, contentType, headers, null, null);
    }

    /**
     * A body too large to hold (a day of call detail): written on the web worker after the headers have gone,
     * into a stream that sends chunks and waits while the client is slow. Once it has started, a failure can
     * only cut the response short (the connection is closed), so check everything the client can get wrong
     * before returning the response.
     */
    @FunctionalInterface
    public interface Streamed {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * An answer that waits for {@code value} (the agent floor applying a request): the worker that ran the route
     * is free at once. When the value comes, {@code answer} turns it into the response on the connection's event
     * loop, so it must not block, and may throw ApiError like a route; a failed value is a 500, as a route's
     * exception is. Without a value after {@code within}, the client gets 503 {@code late} with Retry-After 1.
     */
    public record Later<T>(CompletableFuture<T> value, Duration within, String late, Answer<T> answer) {
    }

    /** Turns the awaited value into the answer; runs on an event loop: no Redis, no Lucene, no waiting. */
    @FunctionalInterface
    public interface Answer<T> {
        ApiResponse of(T value) throws ApiError;
    }

    public static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null, null, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, null, Map.of());
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, null, body, contentType, Map.of());
    }

    public static ApiResponse streamed(String contentType, Map<String, String> headers, Streamed body) {
        return new ApiResponse(200, null, null, contentType, headers, body, null);
    }

    public static <T> ApiResponse later(CompletableFuture<T> value, Duration within, String late, Answer<T> answer) {
        return new ApiResponse(0, null, null, null, Map.of(), null, new Later<>(value, within, late, answer));
    }
}
