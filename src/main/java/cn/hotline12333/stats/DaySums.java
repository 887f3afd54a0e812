package cn.hotline12333.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.UnifiedJedis;

/**
 * One UTC day's aggregates summed in memory from the records' {@link Op}s, then written as finished keys: what
 * the apply scripts would have left after applying the same records once each (a counter that sums to 0 is
 * absent, a maximum of only zeros is absent, histogram bins saturate at 2^32 - 1). The rebuild's way of loading a
 * day: no record travels through a script. Field names are kept once (a day has millions of fields but few names),
 * and each hash's fields live in two arrays, so a day of a million calls fits in a bounded heap.
 */
final class DaySums {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    /** The fields of one hash: open addressing over canonical names, compared by identity. */
    private static final class Fields {
        String[] names = new String[8];
        long[] values = new long[8];
        int size;

        void add(String name, long n, boolean isMax) {
            int i = slot(name);
            if (names[i] == null) {
                names[i] = name;
                values[i] = n;
                if (++size * 2 > names.length) {
                    grow();
                }
            } else if (isMax) {
                values[i] = Math.max(values[i], n);
            } else {
                values[i] += n;
            }
        }

        private int slot(String name) {
            int mask = names.length - 1;
            int i = name.hashCode() & mask;
            while (names[i] != null && names[i] != name) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            String[] oldNames = names;
            long[] oldValues = values;
            names = new String[oldNames.length * 2];
            values = new long[names.length];
            for (int j = 0; j < oldNames.length; j++) {
                if (oldNames[j] != null) {
                    int i = slot(oldNames[j]);
                    names[i] = oldNames[j];
                    values[i] = oldValues[j];
                }
            }
        }

        Map<String, String> nonZero() {
            Map<String, String> out = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                if (names[i] != null && values[i] != 0) {
                    out.put(names[i], Long.toString(values[i]));
                }
            }
            return out;
        }
    }

    private final Map<String, String> canonical = new HashMap<>();
    private final Map<String, Fields> hashes = new HashMap<>();
    private final Map<String, long[]> histograms = new HashMap<>();
    private final Map<String, Set<String>> sets = new HashMap<>();

    private String name(String s) {
        String c = canonical.putIfAbsent(s, s);
        return c == null ? s : c;
    }

    void add(List<Op> ops) {
        for (Op op : ops) {
            add(op);
        }
    }

    void add(Op op) {
        switch (op.kind()) {
            case 'i' -> hashes.computeIfAbsent(op.key(), k -> new Fields()).add(name(op.field()), op.n(), false);
            // a maximum of 0 is never written (apply.lua), and waits are never negative
            case 'm' -> {
                if (op.n() != 0) {
                    hashes.computeIfAbsent(op.key(), k -> new Fields()).add(name(op.field()), op.n(), true);
                }
            }
            case 'h' -> histograms.computeIfAbsent(op.key(), k -> new long[WaitHistogram.BINS])[Integer.parseInt(op.field())] += op.n();
            case 's' -> sets.computeIfAbsent(op.key(), k -> new LinkedHashSet<>()).add(op.field());
            default -> throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    /** Writes every key under {@code base} ({@code {st:D}:<gen>:}), pipelined; returns how many keys. */
    int write(UnifiedJedis jedis, String base) {
        int keys = 0;
        PipelineBase p = jedis.pipelined();
        try {
            int pending = 0;
            for (Map.Entry<String, Fields> e : hashes.entrySet()) {
                Map<String, String> fields = e.getValue().nonZero();
                if (!fields.isEmpty()) {
                    p.hset(base + e.getKey(), fields);
                    keys++;
                    pending += fields.size();
                }
                if (pending > 50_000) {
                    p.sync();
                    pending = 0;
                }
            }
            for (Map.Entry<String, long[]> e : histograms.entrySet()) {
                byte[] bytes = histogram(e.getValue());
                if (bytes != null) {
                    p.set((base + e.getKey()).getBytes(StandardCharsets.UTF_8), bytes);
                    keys++;
                }
            }
            p.sync();
            for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
                List<String> members = new ArrayList<>(e.getValue());
                for (int i = 0; i < members.size(); i += 1000) {
                    p.sadd(base + e.getKey(), members.subList(i, Math.min(members.size(), i + 1000)).toArray(String[]::new));
                }
                keys++;
            }
            p.sync();
        } finally {
            p.close();
        }
        return keys;
    }

    /** The BITFIELD string the script builds: unsigned 32-bit big-endian bins up to the last non-zero one. */
    static byte[] histogram(long[] bins) {
        int last = -1;
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] != 0) {
                last = i;
            }
        }
        if (last < 0) {
            return null;
        }
        byte[] out = new byte[(last + 1) * 4];
        for (int i = 0; i <= last; i++) {
            long v = Math.min(U32_MAX, Math.max(0, bins[i]));
            out[i * 4] = (byte) (v >>> 24);
            out[i * 4 + 1] = (byte) (v >>> 16);
            out[i * 4 + 2] = (byte) (v >>> 8);
            out[i * 4 + 3] = (byte) v;
        }
        return out;
    }
}
