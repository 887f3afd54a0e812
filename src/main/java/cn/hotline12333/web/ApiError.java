package cn.hotline12333.web;

/**
 * A request the client got wrong (bad parameter, unknown article, not allowed): answered with its status and
 * a message naming what was wrong, never logged with a stack trace.
 */
public final class ApiError extends Exception {
    private final int status;
    private final long retryAfterSeconds;

    public ApiError(int status, String message) {
        this(status, message, 0);
    }

    /** A 429 or 503 that tells the client when to come back. */
    public ApiError(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badParameter(String name, String why) {
        return new ApiError(400, "parameter '" + name + "' " + why);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, what + " not found");
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
