package cn.hotline12333.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.UnifiedJedis;

/**
 * One UTC day's aggregates summed in memory from the records' {@link Op}s, then written as finished keys: what
 * the apply scripts would have left after applying the same records once each (a counter that sums to 0 is
 * absent, a maximum of only zeros is absent, histogram bins saturate at 2^32 - 1). The rebuild's way of loading a
 * day: no record travels through a script. Field names are kept once (a day has millions of fields but few names),
 * and each hash's fields live in two arrays, so a day of a million calls fits in a bounded heap. Parser threads look
 * the keys up ({@link #resolve}); one thread sums ({@link #add}), so the hashes' arrays need no lock.
 */
final class DaySums {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    /** The fields of one hash: open addressing over canonical names, compared by identity, at most 3/4 full. */
    private static final class Fields {
        String[] names = new String[8];
        long[] values = new long[8];
        int size;

        /** Adds to field {@code name}, whose hash code is {@code hash} (given, so that the String is not read). */
        void add(String name, int hash, long n, boolean isMax) {
            int i = slot(name, hash);
            if (names[i] == null) {
                names[i] = name;
                values[i] = n;
                if (++size * 4 > names.length * 3) {
                    grow();
                }
            } else if (isMax) {
                values[i] = Math.max(values[i], n);
            } else {
                values[i] += n;
            }
        }

        private int slot(String name, int hash) {
            int mask = names.length - 1;
            int i = hash & mask;
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
                    int i = slot(oldNames[j], oldNames[j].hashCode());
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

    private final Map<String, String> canonical = new ConcurrentHashMap<>();
    private final Map<String, Fields> hashes = new ConcurrentHashMap<>();
    private final Map<String, long[]> histograms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sets = new ConcurrentHashMap<>();
    private final Map<String, Packed> callerSets = new ConcurrentHashMap<>();
    /** Set members of revisable records, counted, since a later revision takes its predecessor's back. */
    private final Map<Set<String>, Map<String, int[]>> revisedMembers = new IdentityHashMap<>();

    /**
     * The members of a caller set ({@code r:<slot>}, Contributions): one per call, a million a day, so kept as their
     * bytes after a length byte and made distinct when written (in a LinkedHashSet a member takes about 120 bytes of
     * heap, here about 25).
     */
    private static final class Packed {
        private byte[] bytes = new byte[4096];
        private int size;

        void add(String member) {
            byte[] m = member.getBytes(StandardCharsets.UTF_8);
            if (m.length > 255) {
                throw new IllegalStateException("a caller set member of " + m.length + " bytes");
            }
            if (size + 1 + m.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + 1 + m.length));
            }
            bytes[size++] = (byte) m.length;
            System.arraycopy(m, 0, bytes, size, m.length);
            size += m.length;
        }

        Set<String> members() {
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < size; i += 1 + (bytes[i] & 0xff)) {
                out.add(new String(bytes, i + 1, bytes[i] & 0xff, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /**
     * One record's changes to the day with their hash, histogram or set already looked up (and a hash field's name
     * made canonical), so that summing them hashes no string. Built by {@link #resolve} on any thread.
     */
    static final class Changes {
        private final char[] kinds;
        private final Object[] targets;
        /** The hash field or set member; null for a histogram. */
        private final String[] fields;
        /** The hash field's hash code. */
        private final int[] hashes;
        /** The histogram bin; 0 otherwise. */
        private final int[] bins;
        private final long[] ns;

        private Changes(int size) {
            kinds = new char[size];
            targets = new Object[size];
            fields = new String[size];
            hashes = new int[size];
            bins = new int[size];
            ns = new long[size];
        }
    }

    // get before computeIfAbsent/putIfAbsent: ConcurrentHashMap locks the bin in those even when the key is there
    private String name(String s) {
        String c = canonical.get(s);
        return c != null ? c : Objects.requireNonNullElse(canonical.putIfAbsent(s, s), s);
    }

    private static <V> V lookUp(Map<String, V> map, String key, Function<String, V> create) {
        V v = map.get(key);
        return v != null ? v : map.computeIfAbsent(key, create);
    }

    /**
     * Looks the ops' keys up, creating those not met before (empty: a key nothing is added to is not written).
     * Safe on several threads at once, and beside {@link #add} on another.
     */
    Changes resolve(List<Op> ops) {
        Changes c = new Changes(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            c.kinds[i] = op.kind();
            c.ns[i] = op.n();
            switch (op.kind()) {
                case 'i', 'm' -> {
                    c.targets[i] = lookUp(hashes, op.key(), k -> new Fields());
                    c.fields[i] = name(op.field());
                    c.hashes[i] = c.fields[i].hashCode();
                }
                case 'h' -> {
                    c.targets[i] = lookUp(histograms, op.key(), k -> new long[WaitHistogram.BINS]);
                    c.bins[i] = Integer.parseInt(op.field());
                }
                // created here, filled only by the thread that sums
                case 's' -> {
                    c.targets[i] = op.key().startsWith("r:") ? lookUp(callerSets, op.key(), k -> new Packed())
                            : lookUp(sets, op.key(), k -> new LinkedHashSet<>());
                    c.fields[i] = op.field();
                }
                default -> throw new IllegalStateException("unknown op kind " + op.kind());
            }
        }
        return c;
    }

    /** Sums a record's changes in; one thread only. A revisable record's set members are counted (see takeBack). */
    void add(Changes c, boolean revisable) {
        // a loop of each kind: with the test of revisable inside the one loop, C2 hoisted it out of the loop from the
        // profile of the records met first, and the other kind failed it (a deoptimisation and compiling again)
        if (revisable) {
            addRevisable(c);
        } else {
            addOnce(c);
        }
    }

    @SuppressWarnings("unchecked")
    private void addOnce(Changes c) {
        for (int i = 0; i < c.kinds.length; i++) {
            switch (c.kinds[i]) {
                case 'i' -> ((Fields) c.targets[i]).add(c.fields[i], c.hashes[i], c.ns[i], false);
                // a maximum of 0 is never written (apply.lua; write leaves zeros out) and waits are never negative;
                // no test for 0 here: a wait of exactly 0 ms first met hours into a day made C2 compile this again
                case 'm' -> ((Fields) c.targets[i]).add(c.fields[i], c.hashes[i], c.ns[i], true);
                case 'h' -> ((long[]) c.targets[i])[c.bins[i]] += c.ns[i];
                default -> {
                    if (c.targets[i] instanceof Packed callers) {
                        callers.add(c.fields[i]);
                    } else {
                        ((Set<String>) c.targets[i]).add(c.fields[i]);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void addRevisable(Changes c) {
        for (int i = 0; i < c.kinds.length; i++) {
            switch (c.kinds[i]) {
                case 'i' -> ((Fields) c.targets[i]).add(c.fields[i], c.hashes[i], c.ns[i], false);
                case 'm' -> ((Fields) c.targets[i]).add(c.fields[i], c.hashes[i], c.ns[i], true);
                case 'h' -> ((long[]) c.targets[i])[c.bins[i]] += c.ns[i];
                default -> {
                    if (c.targets[i] instanceof Packed) {
                        throw new IllegalStateException("a revisable record cannot add a caller");
                    }
                    revisedMembers.computeIfAbsent((Set<String>) c.targets[i], k -> new HashMap<>())
                            .computeIfAbsent(c.fields[i], k -> new int[1])[0]++;
                }
            }
        }
    }

    /**
     * Takes back what {@link #add} summed in for a revisable record, when a later revision replaces it: counters
     * and histogram bins exactly (as apply.lua does); its set members stay only if another record added them.
     */
    @SuppressWarnings("unchecked")
    void takeBack(Changes c) {
        for (int i = 0; i < c.kinds.length; i++) {
            switch (c.kinds[i]) {
                case 'i' -> ((Fields) c.targets[i]).add(c.fields[i], c.hashes[i], -c.ns[i], false);
                case 'h' -> ((long[]) c.targets[i])[c.bins[i]] -= c.ns[i];
                case 's' -> revisedMembers.get((Set<String>) c.targets[i]).get(c.fields[i])[0]--;
                default -> throw new IllegalStateException("a maximum cannot be taken back: " + c.kinds[i]);
            }
        }
    }

    /** The op-list form, for tests and callers that sum on one thread. */
    void add(List<Op> ops) {
        add(resolve(ops), false);
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
            for (Map.Entry<Set<String>, Map<String, int[]>> e : revisedMembers.entrySet()) {
                e.getValue().forEach((member, n) -> {
                    if (n[0] > 0) {
                        e.getKey().add(member);
                    }
                });
            }
            for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
                keys += add(p, base + e.getKey(), e.getValue());
            }
            p.sync();
            // one caller set's Strings at a time
            for (Map.Entry<String, Packed> e : callerSets.entrySet()) {
                keys += add(p, base + e.getKey(), e.getValue().members());
                p.sync();
            }
        } finally {
            p.close();
        }
        return keys;
    }

    private static int add(PipelineBase p, String key, Set<String> set) {
        if (set.isEmpty()) {
            return 0;
        }
        List<String> members = new ArrayList<>(set);
        for (int i = 0; i < members.size(); i += 1000) {
            p.sadd(key, members.subList(i, Math.min(members.size(), i + 1000)).toArray(String[]::new));
        }
        return 1;
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
