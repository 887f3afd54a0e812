package cn.hotline12333.agi;

import java.time.Duration;

/**
 * Limits and addresses of the FastAGI server, validated once at start. Every limit exists because some
 * input (a 1 MB line, a client that sends a byte a minute, an environment block that never ends, a flood of
 * connections) would otherwise cost memory or a file descriptor forever.
 *
 * @param maxLineBytes     longest line accepted from Asterisk; its replies and env lines are short (its own
 *                         AGI_BUF_LEN for what it reads is 8192 bytes since Asterisk 22.6, 2048 before)
 * @param maxEnvLines      most lines of the agi_* environment block
 * @param envTimeout       time allowed for the whole environment block to arrive
 * @param replyTimeout     longest wait for a reply to one command, beyond the command's own timeout
 *                         (EXEC Queue and RECORD FILE get their own timeout plus this)
 * @param maxConnections   open calls at once on this node; more are refused and closed
 * @param workThreads      threads of the bounded executor for blocking work (Redis)
 * @param workQueue        work items that may wait; beyond that a call gets {@code WorkRejected}
 */
public record AgiServerSettings(String bindAddress, int port, int maxLineBytes, int maxEnvLines,
                                Duration envTimeout, Duration replyTimeout, int maxConnections,
                                int workThreads, int workQueue) {

    public AgiServerSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("AGI bind address must be set");
        }
        if (envTimeout == null || envTimeout.isNegative() || envTimeout.isZero()) {
            throw new IllegalArgumentException("AGI environment timeout must be positive, was " + envTimeout);
        }
        if (replyTimeout == null || replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("AGI reply timeout must be positive, was " + replyTimeout);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("AGI port must be 0-65535, was " + port);
        }
        if (maxLineBytes < 256) {
            throw new IllegalArgumentException("AGI max line must be at least 256 bytes, was " + maxLineBytes);
        }
        if (maxEnvLines < 30) {
            throw new IllegalArgumentException("AGI max environment lines must be at least 30, was " + maxEnvLines);
        }
        if (maxConnections < 1 || workThreads < 1 || workQueue < 1) {
            throw new IllegalArgumentException("AGI connection and work limits must be positive");
        }
    }

    public static AgiServerSettings defaults() {
        return new AgiServerSettings("0.0.0.0", 4573, 4096, 200, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 20000, 16, 10000);
    }
}
