package cn.hotline12333.agi;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long this server takes to answer Asterisk: from a reply (or the end of the environment block) to our next
 * command on that call, including any Redis work in between. Counted on every event loop at once, so only atomic
 * counters: 1 µs buckets up to 10 ms, 1 ms buckets up to 10 s, beyond that the last bucket.
 */
public final class Turnarounds {
    private static final int FINE = 10_000;
    private static final int COARSE = 10_000;

    private final AtomicLongArray buckets = new AtomicLongArray(FINE + COARSE);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxMicros = new AtomicLong();

    void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        int bucket = micros < FINE ? (int) micros : (int) Math.min(FINE + COARSE - 1, FINE + (micros - FINE) / 1000);
        buckets.incrementAndGet(bucket);
        count.incrementAndGet();
        maxMicros.accumulateAndGet(micros, Math::max);
    }

    public long count() {
        return count.get();
    }

    /** The {@code quantile} (0.5, 0.99…) in microseconds, rounded up to its bucket; 0 when nothing was counted. */
    public long micros(double quantile) {
        long total = count.get();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return i < FINE ? i + 1 : FINE + (long) (i - FINE + 1) * 1000;
            }
        }
        return maxMicros.get();
    }

    public long maxMicros() {
        return maxMicros.get();
    }

    /** One log line's worth: {@code commands=… p50_us=… p99_us=… p999_us=… max_us=…}. */
    public String summary() {
        return "commands=" + count() + " p50_us=" + micros(0.5) + " p99_us=" + micros(0.99) + " p999_us="
                + micros(0.999) + " max_us=" + maxMicros();
    }
}
