package cn.hotline12333.web;

/**
 * One API route: method, path pattern (segments in braces are parameters, {@code /api/kb/articles/{id}}),
 * the least role that may call it (null: no login needed, only the login route), and the handler.
 */
public record Route(String method, String pattern, Role role, Handler handler) {

    /**
     * Answers one request. Runs on the web worker pool, never on an event loop, so it may block (Redis,
     * Lucene); it returns exactly once or throws ApiError for a client mistake.
     */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws ApiError;
    }
}
