package cn.hotline12333.calllog;

import java.time.Duration;

/**
 * @param queueCapacity  records waiting for a writer thread (one queue per record kind); beyond it
 *                       {@link CallLog#submit} journals the record itself (a rare emergency that blocks the caller
 *                       on a disk write)
 * @param maxRetryDelay  the longest wait between two attempts to reach Redis again during an outage
 * @param closeDeadline  how long {@link CallLog#close} tries Redis before journaling what is left
 * @param liveMaxAge     an entry of {@code live:ivr} older than this is swept (its node died before the call's
 *                       record was written); longer than any call
 */
public record CallLogSettings(int queueCapacity, Duration maxRetryDelay, Duration closeDeadline, Duration liveMaxAge) {
    public static final Duration DEFAULT_LIVE_MAX_AGE = Duration.ofHours(6);

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
        if (liveMaxAge == null || liveMaxAge.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("HOTLINE_LIVE_MAX_AGE must be at least 1m, was " + liveMaxAge);
        }
    }

    public CallLogSettings(int queueCapacity, Duration maxRetryDelay, Duration closeDeadline) {
        this(queueCapacity, maxRetryDelay, closeDeadline, DEFAULT_LIVE_MAX_AGE);
    }

    public static CallLogSettings defaults() {
        return new CallLogSettings(10_000, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public CallLogSettings withLiveMaxAge(Duration age) {
        return new CallLogSettings(queueCapacity, maxRetryDelay, closeDeadline, age);
    }
}
