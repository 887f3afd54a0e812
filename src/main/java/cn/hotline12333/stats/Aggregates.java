package cn.hotline12333.stats;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongToIntFunction;
import java.util.function.Predicate;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads the stored buckets back, pipelined, for the reports, verify and the memory figures. Every read goes to
 * the day's current generation unless a generation is forced (verify reads its scratch one). Blocking.
 */
final class Aggregates implements BucketSource {
    private static final int PIPELINE = 4_000;

    private final UnifiedJedis jedis;
    private final String forcedGen;

    Aggregates(UnifiedJedis jedis) {
        this(jedis, null);
    }

    Aggregates(UnifiedJedis jedis, String forcedGen) {
        this.jedis = jedis;
        this.forcedGen = forcedGen;
    }

    String gen(LocalDate day) {
        if (forcedGen != null) {
            return forcedGen;
        }
        String g = jedis.get(Buckets.prefix(day) + "gen");
        return g == null ? "0" : g;
    }

    String base(LocalDate day) {
        return Buckets.prefix(day) + gen(day) + ":";
    }

    Set<String> index(LocalDate day, String index) {
        return new TreeSet<>(jedis.smembers(base(day) + index));
    }

    @Override
    public String source() {
        return "redis";
    }

    /**
     * Every hash {@code kind:slot:member} of the buckets in [from, to), for the members of the day's index that
     * {@code keep} accepts ({@code index} null: keys without a member, {@code c:slot}).
     */
    @Override
    public void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
        hashesByRow(kind, index, from, to, keep, null, sink);
    }

    @Override
    public void hashesByRow(String kind, String index, long from, long to, Predicate<String> keep,
                            LongToIntFunction rowOf, HashSink sink) {
        boolean hourly = rowOf != null && kind.length() == 1 && Buckets.HOURLY_KINDS.contains(kind);
        List<Long> buckets = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (long dayStart = Math.floorDiv(from, Buckets.PER_DAY) * Buckets.PER_DAY; dayStart < to;
             dayStart += Buckets.PER_DAY) {
            LocalDate day = Buckets.day(dayStart);
            String base = base(day);
            List<String> inDay = new ArrayList<>();
            if (index == null) {
                inDay.add(null);
            } else {
                for (String m : jedis.smembers(base + index)) {
                    if (keep.test(m)) {
                        inDay.add(m);
                    }
                }
            }
            long end = Math.min(to, dayStart + Buckets.PER_DAY);
            for (long b = Math.max(from, dayStart); b < end; ) {
                int slot = Buckets.slot(b);
                boolean wholeHour = hourly && slot % 4 == 0 && b + 4 <= end && rowOf.applyAsInt(b) >= 0
                        && rowOf.applyAsInt(b) == rowOf.applyAsInt(b + 3);
                String name = wholeHour ? kind + "h:" + slot / 4 : kind + ":" + slot;
                for (String m : inDay) {
                    buckets.add(b);
                    members.add(m);
                    keys.add(base + name + (m == null ? "" : ":" + m));
                }
                b += wholeHour ? 4 : 1;
            }
        }
        for (int start = 0; start < keys.size(); start += PIPELINE) {
            int end = Math.min(keys.size(), start + PIPELINE);
            List<Response<Map<String, String>>> replies = new ArrayList<>(end - start);
            try (PipelineBase p = jedis.pipelined()) {
                for (int i = start; i < end; i++) {
                    replies.add(p.hgetAll(keys.get(i)));
                }
                p.sync();
            }
            for (int i = start; i < end; i++) {
                Map<String, String> fields = replies.get(i - start).get();
                if (!fields.isEmpty()) {
                    sink.accept(buckets.get(i), members.get(i), fields);
                }
            }
        }
    }

    /** The histograms {@code kind:slot:queue} ({@code hw}, {@code ha}) of the buckets in [from, to). */
    @Override
    public void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink) {
        List<Long> buckets = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (long dayStart = Math.floorDiv(from, Buckets.PER_DAY) * Buckets.PER_DAY; dayStart < to;
             dayStart += Buckets.PER_DAY) {
            String base = base(Buckets.day(dayStart));
            List<String> queues = new ArrayList<>();
            for (String m : jedis.smembers(base + "iq")) {
                if (keep.test(m)) {
                    queues.add(m);
                }
            }
            for (long b = Math.max(from, dayStart); b < Math.min(to, dayStart + Buckets.PER_DAY); b++) {
                for (String m : queues) {
                    buckets.add(b);
                    members.add(m);
                    keys.add((base + kind + ":" + Buckets.slot(b) + ":" + m).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (int start = 0; start < keys.size(); start += PIPELINE) {
            int end = Math.min(keys.size(), start + PIPELINE);
            List<Response<byte[]>> replies = new ArrayList<>(end - start);
            try (PipelineBase p = jedis.pipelined()) {
                for (int i = start; i < end; i++) {
                    replies.add(p.get(keys.get(i)));
                }
                p.sync();
            }
            for (int i = start; i < end; i++) {
                byte[] bytes = replies.get(i - start).get();
                if (bytes != null) {
                    sink.accept(buckets.get(i), members.get(i), WaitHistogram.decode(bytes));
                }
            }
        }
    }

    /** Every caller of the day: digest of the caller hash to its calls (epoch second × 2 + reached an agent). */
    @Override
    public Map<String, List<Long>> callers(LocalDate day) {
        String base = base(day);
        List<Response<Set<String>>> replies = new ArrayList<>();
        try (PipelineBase p = jedis.pipelined()) {
            for (int slot = 0; slot < Buckets.PER_DAY; slot++) {
                replies.add(p.smembers(base + "r:" + slot));
            }
            p.sync();
        }
        Map<String, List<Long>> out = new HashMap<>();
        for (Response<Set<String>> r : replies) {
            for (String member : r.get()) {
                addCall(out, member);
            }
        }
        return out;
    }

    /** A member of a caller set, {@code caller:call}, into caller -> calls. */
    static void addCall(Map<String, List<Long>> out, String member) {
        int colon = member.lastIndexOf(':');
        out.computeIfAbsent(member.substring(0, colon), c -> new ArrayList<>())
                .add(Long.parseLong(member, colon + 1, member.length(), 10));
    }
}
