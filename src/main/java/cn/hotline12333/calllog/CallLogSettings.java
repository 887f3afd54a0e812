package cn.hotline12333.calllog;

import java.time.Duration;

/**
 * @param queueCapacity  records waiting for the writer thread; beyond it {@link CallLog#submit} journals the
 *                       record itself (a rare emergency that blocks the caller on a disk write)
 * @param maxRetryDelay  the longest wait between two attempts to reach Redis again during an outage
 * @param closeDeadline  how long {@link CallLog#close} tries Redis before journaling what is left
 */
public record CallLogSettings(int queueCapacity, Duration maxRetryDelay, Duration closeDeadline) {

    public CallLogSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("call log queue capacity must be at least 1, was " + queueCapacity);
        }
        if (maxRetryDelay == null || maxRetryDelay.isNegative() || maxRetryDelay.isZero()) {
            throw new IllegalArgumentException("call log max retry delay must be positive, was " + maxRetryDelay);
        }
        if (closeDeadline == null || closeDeadline.isNegative()) {
            throw new IllegalArgumentException("call log close deadline must not be negative, was " + closeDeadline);
        }
    }

    public static CallLogSettings defaults() {
        return new CallLogSettings(10_000, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
}
