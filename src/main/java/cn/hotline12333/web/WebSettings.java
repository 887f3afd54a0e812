package cn.hotline12333.web;

import java.time.Duration;

/**
 * The HTTP server's address and limits, validated once at start.
 *
 * @param maxBodyBytes   largest request body (login JSON, a wrap-up); larger ones get 413
 * @param idleTimeout    a connection with no traffic for this long is closed
 * @param workThreads    web worker threads (auth, Redis, Lucene)
 * @param workQueue      requests that may wait for a worker; beyond that 503
 * @param sessionTtl     how long a login token lives
 * @param maxLoginFailures wrong passwords per user name or address before logins are refused for the window
 */
public record WebSettings(String bindAddress, int port, int maxBodyBytes, Duration idleTimeout, int workThreads,
                          int workQueue, Duration sessionTtl, int maxLoginFailures, Duration loginWindow) {

    public WebSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("WEB_PORT must be 0-65535, was " + port);
        }
        if (maxBodyBytes < 1024 || workThreads < 1 || workQueue < 1 || maxLoginFailures < 1) {
            throw new IllegalArgumentException("web limits must be positive (body at least 1024 bytes)");
        }
    }

    public static WebSettings defaults() {
        return new WebSettings("0.0.0.0", 8080, 64 * 1024, Duration.ofSeconds(60), 8, 1000,
                Duration.ofHours(10), 5, Duration.ofMinutes(15));
    }
}
