package cn.hotline12333.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a route answers: a status, a body to serialize as JSON (or raw text with its content type), headers;
 * or a {@link Streamed} body (a report export) written in chunks as it is produced.
 */
public record ApiResponse(int status, Object json, String text, String contentType, Map<String, String> headers,
                          Streamed stream) {

    public ApiResponse(int status, Object json, String text, String contentType, Map<String, String> headers) {
        this(status, json, text, contentType, headers, null);
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
        return new ApiResponse(200, null, null, contentType, headers, body);
    }
}
