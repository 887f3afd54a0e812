package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.UnifiedJedis;

/**
 * Every key one generation of one UTC day may hold, found from the day's index sets rather than by scanning the
 * keyspace: per 15-minute slot the calls hash, per queue the counters and two histograms, per agent, topic,
 * dialled number, flow node and IVR topic (routing matrix) a hash; the seen and caller shards; the index sets themselves.
 */
final class DayKeys {
    static final String[][] INDEXED = {{"iq", "q", "hw", "ha"}, {"ia", "a"}, {"it", "t"}, {"ie", "e"}, {"in", "n"}, {"im", "m"}};

    private DayKeys() {
    }

    /** Key suffixes after {@code prefix + gen + ":"}, aggregates only (no seen shards). */
    static List<String> aggregates(UnifiedJedis jedis, LocalDate day, String gen) {
        String base = Buckets.prefix(day) + gen + ":";
        List<String> keys = new ArrayList<>();
        for (int slot = 0; slot < Buckets.PER_DAY; slot++) {
            keys.add("c:" + slot);
        }
        for (String[] idx : INDEXED) {
            Set<String> members = new TreeSet<>(jedis.smembers(base + idx[0]));
            keys.add(idx[0]);
            for (int k = 1; k < idx.length; k++) {
                for (int slot = 0; slot < Buckets.PER_DAY; slot++) {
                    for (String m : members) {
                        keys.add(idx[k] + ":" + slot + ":" + m);
                    }
                }
            }
        }
        keys.add("ir");
        keys.addAll(jedis.smembers(base + "ir"));
        return keys;
    }

    /** Deletes a generation of a day (UNLINK, pipelined). */
    static void delete(UnifiedJedis jedis, LocalDate day, String gen) {
        String base = Buckets.prefix(day) + gen + ":";
        List<String> keys = new ArrayList<>();
        for (String k : aggregates(jedis, day, gen)) {
            keys.add(base + k);
        }
        keys.add(base + "is");
        for (String seen : jedis.smembers(base + "is")) {
            keys.add(base + seen);
        }
        // index sets last, so that a delete cut short can be run again and still find its keys
        keys.sort((a, b) -> Boolean.compare(isIndex(a, base), isIndex(b, base)));
        for (int i = 0; i < keys.size(); i += 1000) {
            try (PipelineBase p = jedis.pipelined()) {
                for (String k : keys.subList(i, Math.min(keys.size(), i + 1000))) {
                    p.unlink(k);
                }
                p.sync();
            }
        }
    }

    private static boolean isIndex(String key, String base) {
        String suffix = key.substring(base.length());
        return suffix.length() == 2 && suffix.charAt(0) == 'i';
    }
}
