package cn.hotline12333.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP server's address and limits, validated once at start.
 *
 * @param maxBodyBytes   largest request body (login JSON, a wrap-up); larger ones get 413
 * @param idleTimeout    a connection with no traffic for this long is closed
 * @param workThreads    web worker threads (auth, Redis, Lucene)
 * @param workQueue      requests that may wait for a worker; beyond that 503
 * @param sessionTtl     how long a login token lives
 * @param maxLoginFailures wrong passwords per user name before that name is refused for the window
 * @param maxLoginFailuresPerAddress wrong passwords from one address (any names) before it is refused
 * @param tlsCert        PEM certificate chain for HTTPS, or null for plain HTTP
 * @param tlsKey         its PEM private key (PKCS#8, unencrypted), or null
 */
public record WebSettings(String bindAddress, int port, int maxBodyBytes, Duration idleTimeout, int workThreads,
                          int workQueue, Duration sessionTtl, int maxLoginFailures, Duration loginWindow,
                          int maxLoginFailuresPerAddress, Path tlsCert, Path tlsKey) {
    public static final int DEFAULT_LOGIN_FAILURES_PER_ADDRESS = 100;

    public WebSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("WEB_PORT must be 0-65535, was " + port);
        }
        if (maxBodyBytes < 1024 || workThreads < 1 || workQueue < 1 || maxLoginFailures < 1) {
            throw new IllegalArgumentException("web limits must be positive (body at least 1024 bytes)");
        }
        if (maxLoginFailuresPerAddress < 1) {
            throw new IllegalArgumentException("WEB_MAX_LOGIN_FAILURES_PER_ADDRESS must be at least 1, was "
                    + maxLoginFailuresPerAddress);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("WEB_TLS_CERT and WEB_TLS_KEY go together: set both or neither");
        }
        if (tlsCert != null && !Files.isReadable(tlsCert)) {
            throw new IllegalArgumentException("WEB_TLS_CERT names " + tlsCert + ", which cannot be read");
        }
        if (tlsKey != null && !Files.isReadable(tlsKey)) {
            throw new IllegalArgumentException("WEB_TLS_KEY names " + tlsKey + ", which cannot be read");
        }
    }

    /** Plain HTTP, {@link #DEFAULT_LOGIN_FAILURES_PER_ADDRESS} per address. */
    public WebSettings(String bindAddress, int port, int maxBodyBytes, Duration idleTimeout, int workThreads,
                       int workQueue, Duration sessionTtl, int maxLoginFailures, Duration loginWindow) {
        this(bindAddress, port, maxBodyBytes, idleTimeout, workThreads, workQueue, sessionTtl, maxLoginFailures,
                loginWindow, DEFAULT_LOGIN_FAILURES_PER_ADDRESS, null, null);
    }

    public static WebSettings defaults() {
        return new WebSettings("0.0.0.0", 8080, 64 * 1024, Duration.ofSeconds(60), 8, 1000,
                Duration.ofHours(10), 5, Duration.ofMinutes(15));
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public WebSettings withTls(Path cert, Path key) {
        return new WebSettings(bindAddress, port, maxBodyBytes, idleTimeout, workThreads, workQueue, sessionTtl,
                maxLoginFailures, loginWindow, maxLoginFailuresPerAddress, cert, key);
    }

    public WebSettings withLoginLimits(int perUser, int perAddress) {
        return new WebSettings(bindAddress, port, maxBodyBytes, idleTimeout, workThreads, workQueue, sessionTtl,
                perUser, loginWindow, perAddress, tlsCert, tlsKey);
    }
}
