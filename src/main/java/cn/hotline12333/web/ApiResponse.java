package cn.hotline12333.web;

import java.util.Map;

/** What a route answers: a status, a body to serialize as JSON (or raw text with its content type), headers. */
public record ApiResponse(int status, Object json, String text, String contentType, Map<String, String> headers) {

    public static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null, null, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, null, Map.of());
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, null, body, contentType, Map.of());
    }
}
