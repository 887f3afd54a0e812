package cn.hotline12333.stats;

/**
 * Bins of queue waits: bin 0 is a wait of 0 ms; bins 1..120 are whole seconds, bin k holding waits in
 * ((k-1) s, k s]; bins 121..216 are 5-second steps to 600 s, bin 120+j holding (120+5(j-1) s, 120+5j s]; bin 217
 * holds everything over 600 s. Bins are closed on the right so that "wait ≤ T" is exact for any whole T up to
 * 120 s and any multiple of 5 up to 600 s. Stored as a Redis string of 218 unsigned 32-bit counters (BITFIELD).
 */
final class WaitHistogram {
    static final int BINS = 218;
    static final int OVERFLOW = 217;

    private WaitHistogram() {
    }

    static int bin(long waitMs) {
        if (waitMs <= 0) {
            return 0;
        }
        long seconds = (waitMs + 999) / 1000;
        if (seconds <= 120) {
            return (int) seconds;
        }
        if (seconds <= 600) {
            return 120 + (int) ((seconds - 120 + 4) / 5);
        }
        return OVERFLOW;
    }

    /** The last bin wholly within "wait ≤ seconds"; a T over 120 s that is not a multiple of 5 rounds down. */
    static int lastBinWithin(int seconds) {
        if (seconds <= 120) {
            return Math.max(0, seconds);
        }
        if (seconds >= 600) {
            return OVERFLOW - 1;
        }
        return 120 + (seconds - 120) / 5;
    }

    /** The threshold actually used for {@code seconds}: itself, or the multiple of 5 below it past 120 s. */
    static int effective(int seconds) {
        if (seconds <= 120) {
            return seconds;
        }
        return Math.min(600, 120 + (seconds - 120) / 5 * 5);
    }

    /** Upper edge of a bin in ms (the overflow bin reports 600 s). */
    static long upperMs(int bin) {
        if (bin <= 120) {
            return bin * 1000L;
        }
        if (bin < OVERFLOW) {
            return (120 + (bin - 120) * 5L) * 1000;
        }
        return 600_000;
    }

    static long countWithin(long[] h, int seconds) {
        long n = 0;
        int last = lastBinWithin(seconds);
        for (int i = 0; i <= last; i++) {
            n += h[i];
        }
        return n;
    }

    /** The upper edge of the bin holding the q-quantile (nearest rank), or null when empty. */
    static Long quantileMs(long[] h, double q) {
        long total = 0;
        for (long v : h) {
            total += v;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= rank) {
                return upperMs(i);
            }
        }
        return upperMs(OVERFLOW);
    }

    static long[] decode(byte[] bytes) {
        long[] h = new long[BINS];
        if (bytes == null) {
            return h;
        }
        for (int i = 0; i < BINS && i * 4 + 3 < bytes.length; i++) {
            h[i] = ((bytes[i * 4] & 0xffL) << 24) | ((bytes[i * 4 + 1] & 0xffL) << 16)
                    | ((bytes[i * 4 + 2] & 0xffL) << 8) | (bytes[i * 4 + 3] & 0xffL);
        }
        // a shorter string: BITFIELD grew it only up to the highest bin written; the rest are zero
        int whole = bytes.length / 4;
        if (whole < BINS && bytes.length % 4 != 0) {
            int i = whole;
            long v = 0;
            for (int b = 0; b < 4; b++) {
                v = (v << 8) | (i * 4 + b < bytes.length ? bytes[i * 4 + b] & 0xffL : 0);
            }
            h[i] = v;
        }
        return h;
    }
}
