package cn.hotline12333.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Applies contributions with the apply script (resources: apply.lua), one script call per UTC day per batch, so
 * a record applied twice counts once and a handling record's later revision replaces the earlier one exactly
 * once. Blocking: consumer threads, rebuild and tests call it, never a Netty loop.
 */
final class Applier {
    static final String SCRIPT = load();

    private final UnifiedJedis jedis;
    private String sha;

    Applier(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    /** Applies to the live generation(s); returns how many (record, day) pairs were new. */
    long apply(List<Contribution> batch) {
        return apply(batch, "");
    }

    /** Applies to generation {@code gen} only (rebuild and verify build their own); "" for the live ones. */
    long apply(List<Contribution> batch, String gen) {
        Map<LocalDate, List<String>> args = new TreeMap<>();
        Map<LocalDate, Integer> counts = new TreeMap<>();
        for (Contribution c : batch) {
            String seenKey = "s:" + Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS);
            String field = Buckets.digest(c.stream() + "/" + c.recordId());
            for (Map.Entry<LocalDate, List<Op>> day : c.days().entrySet()) {
                List<String> a = args.computeIfAbsent(day.getKey(), d -> new ArrayList<>());
                counts.merge(day.getKey(), 1, Integer::sum);
                a.add(seenKey);
                a.add(field);
                a.add(Integer.toString(c.revision()));
                a.add(c.revisable() ? "1" : "0");
                a.add(Integer.toString(day.getValue().size()));
                for (Op op : day.getValue()) {
                    a.add(String.valueOf(op.kind()));
                    a.add(op.key());
                    a.add(op.field());
                    a.add(Long.toString(op.n()));
                }
            }
        }
        long applied = 0;
        for (Map.Entry<LocalDate, List<String>> day : args.entrySet()) {
            List<String> argv = new ArrayList<>(day.getValue().size() + 3);
            argv.add(Buckets.prefix(day.getKey()));
            argv.add(gen);
            argv.add(Integer.toString(counts.get(day.getKey())));
            argv.addAll(day.getValue());
            applied += run(Buckets.prefix(day.getKey()), argv);
        }
        return applied;
    }

    private long run(String prefix, List<String> argv) {
        // the one declared key routes the call to the day's slot on a cluster; the script builds the others
        List<String> keys = List.of(prefix + "gen");
        Object reply;
        if (sha == null) {
            sha = jedis.scriptLoad(SCRIPT, prefix + "gen");
        }
        try {
            reply = jedis.evalsha(sha, keys, argv);
        } catch (JedisNoScriptException e) {
            // the server restarted and lost its script cache; EVAL caches it again
            reply = jedis.eval(SCRIPT, keys, argv);
        }
        return (Long) reply;
    }

    private static String load() {
        try (InputStream in = Applier.class.getResourceAsStream("apply.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stats apply script missing from the jar", e);
        }
    }
}
