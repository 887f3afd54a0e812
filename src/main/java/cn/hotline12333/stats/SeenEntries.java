package cn.hotline12333.stats;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.UnifiedJedis;

/**
 * A rebuild's seen entries of records that are never revised (their value is the revision, 1), kept as the
 * 64 bits of their digest and their shard, and written at the end one HSET per shard instead of one per record.
 */
final class SeenEntries {
    private static final int PIPELINE = 20_000;
    /** Fields a command: a shard holds tens of thousands of a day's records, written in a few commands each. */
    private static final int PER_COMMAND = 5_000;

    private long[] ids = new long[1 << 16];
    private short[] shards = new short[1 << 16];
    private int size;

    void add(int shard, long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            shards = Arrays.copyOf(shards, size * 2);
        }
        ids[size] = id;
        shards[size++] = (short) shard;
    }

    /** Writes them under {@code base} ({@code ss:<shard>} hashes), grouped by shard; returns how many. */
    int write(UnifiedJedis jedis, String base) {
        int[] start = new int[Buckets.SEEN_SHARDS + 1];
        for (int i = 0; i < size; i++) {
            start[shards[i] + 1]++;
        }
        for (int s = 0; s < Buckets.SEEN_SHARDS; s++) {
            start[s + 1] += start[s];
        }
        long[] byShard = new long[size];
        int[] next = Arrays.copyOf(start, Buckets.SEEN_SHARDS);
        for (int i = 0; i < size; i++) {
            byShard[next[shards[i]]++] = ids[i];
        }
        try (PipelineBase p = jedis.pipelined()) {
            int pending = 0;
            for (int s = 0; s < Buckets.SEEN_SHARDS; s++) {
                if (start[s] == start[s + 1]) {
                    continue;
                }
                for (int from = start[s]; from < start[s + 1]; from += PER_COMMAND) {
                    Map<String, String> fields = new HashMap<>();
                    for (int i = from; i < Math.min(start[s + 1], from + PER_COMMAND); i++) {
                        fields.put(digest(byShard[i]), "1");
                    }
                    p.hset(base + "ss:" + s, fields);
                    pending += fields.size();
                    if (pending >= PIPELINE) {
                        p.sync();
                        pending = 0;
                    }
                }
            }
            p.sync();
        }
        return size;
    }

    /** {@link Buckets#digest(byte[])} from the 64 bits {@link Buckets#digestBits} took of it. */
    static String digest(long bits) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) bits;
            bits >>>= 8;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
