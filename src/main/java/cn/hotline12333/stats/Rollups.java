package cn.hotline12333.stats;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Daily roll-ups: one local day of the configured zone summed per queue, agent, topic, dialled number and node
 * ({@code {sr:YYYY-MM-DD}:<kind>[:<member>]}, histograms as hashes of bins), kept {@code rollupDays} (400) so that
 * daily, weekly and monthly reports reach back further than the 15-minute buckets. Built once a day is two days
 * old, while its buckets still exist; FCR and repeat callers are not rolled up. As a source, a roll-up stands in for
 * the first bucket of its local day.
 */
final class Rollups implements BucketSource {
    static final String[][] KINDS = {{"c", null}, {"q", "iq"}, {"a", "ia"}, {"t", "it"}, {"e", "ie"}, {"n", "in"}, {"m", "im"}};

    private final UnifiedJedis jedis;
    private final ZoneId zone;

    Rollups(UnifiedJedis jedis, ZoneId zone) {
        this.jedis = jedis;
        this.zone = zone;
    }

    static String prefix(LocalDate localDay) {
        return "{sr:" + localDay + "}:";
    }

    ZoneId zone() {
        return zone;
    }

    long bucketOf(LocalDate localDay) {
        return Buckets.index(localDay.atStartOfDay(zone).toInstant());
    }

    boolean built(LocalDate localDay) {
        return jedis.exists(prefix(localDay) + "done");
    }

    /** Sums the day's buckets into its roll-up, replacing an earlier one. */
    void build(LocalDate localDay, int keepDays) {
        Aggregates buckets = new Aggregates(jedis);
        long from = bucketOf(localDay);
        long to = bucketOf(localDay.plusDays(1));
        String p = prefix(localDay);
        List<String> written = new ArrayList<>();
        try (PipelineBase pipe = jedis.pipelined()) {
            for (String[] kind : KINDS) {
                Map<String, Tally> sums = new HashMap<>();
                buckets.hashes(kind[0], kind[1], from, to, m -> true, (b, member, fields) ->
                        sums.computeIfAbsent(member == null ? "" : member, k -> new Tally()).add(fields));
                if (kind[0].equals("q")) {
                    for (String h : new String[] {"hw", "ha"}) {
                        buckets.histograms(h, from, to, m -> true, (b, queue, bins) -> {
                            Tally t = sums.computeIfAbsent(queue, k -> new Tally());
                            Tally.addHistogram(h.equals("hw") ? t.answeredWaits : t.abandonWaits, bins);
                        });
                    }
                }
                for (Map.Entry<String, Tally> e : sums.entrySet()) {
                    String key = p + kind[0] + (kind[1] == null ? "" : ":" + e.getKey());
                    pipe.del(key);
                    Map<String, String> fields = new HashMap<>();
                    e.getValue().counts.forEach((f, v) -> fields.put(f, Long.toString(v)));
                    long[][] hists = {e.getValue().answeredWaits, e.getValue().abandonWaits};
                    for (int h = 0; h < 2; h++) {
                        for (int bin = 0; bin < WaitHistogram.BINS; bin++) {
                            if (hists[h][bin] != 0) {
                                fields.put((h == 0 ? "hw" : "ha") + bin, Long.toString(hists[h][bin]));
                            }
                        }
                    }
                    if (!fields.isEmpty()) {
                        pipe.hset(key, fields);
                        written.add(key);
                    }
                    if (kind[1] != null) {
                        pipe.sadd(p + kind[1], e.getKey());
                    }
                }
            }
            pipe.set(p + "done", "1");
            pipe.sync();
        }
        long seconds = keepDays * 86_400L;
        try (PipelineBase pipe = jedis.pipelined()) {
            for (String key : written) {
                pipe.expire(key, seconds);
            }
            for (String[] kind : KINDS) {
                if (kind[1] != null) {
                    pipe.expire(p + kind[1], seconds);
                }
            }
            pipe.expire(p + "done", seconds);
            pipe.sync();
        }
    }

    private List<LocalDate> days(long from, long to) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate d = Buckets.start(from).atZone(zone).toLocalDate().minusDays(1);
        for (; bucketOf(d) < to; d = d.plusDays(1)) {
            long b = bucketOf(d);
            if (b >= from) {
                days.add(d);
            }
        }
        return days;
    }

    @Override
    public void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
        read(kind, index, from, to, keep, (b, m, fields) -> {
            Map<String, String> counts = new HashMap<>(fields);
            counts.keySet().removeIf(f -> f.startsWith("hw") || f.startsWith("ha"));
            if (!counts.isEmpty()) {
                sink.accept(b, m, counts);
            }
        });
    }

    @Override
    public void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink) {
        read("q", "iq", from, to, keep, (b, queue, fields) -> {
            long[] bins = new long[WaitHistogram.BINS];
            boolean any = false;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (f.getKey().startsWith(kind) && Character.isDigit(f.getKey().charAt(kind.length()))) {
                    bins[Integer.parseInt(f.getKey().substring(kind.length()))] = Long.parseLong(f.getValue());
                    any = true;
                }
            }
            if (any) {
                sink.accept(b, queue, bins);
            }
        });
    }

    private void read(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
        List<Long> buckets = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<Response<Map<String, String>>> replies = new ArrayList<>();
        try (PipelineBase pipe = jedis.pipelined()) {
            for (LocalDate d : days(from, to)) {
                Set<String> inDay = new TreeSet<>();
                if (index == null) {
                    inDay.add("");
                } else {
                    jedis.smembers(prefix(d) + index).stream().filter(keep).forEach(inDay::add);
                }
                for (String m : inDay) {
                    buckets.add(bucketOf(d));
                    members.add(index == null ? null : m);
                    replies.add(pipe.hgetAll(prefix(d) + kind + (index == null ? "" : ":" + m)));
                }
            }
            pipe.sync();
        }
        for (int i = 0; i < replies.size(); i++) {
            Map<String, String> fields = replies.get(i).get();
            if (!fields.isEmpty()) {
                sink.accept(buckets.get(i), members.get(i), fields);
            }
        }
    }

    @Override
    public Map<String, List<Long>> callers(LocalDate day) {
        return Map.of();
    }

    @Override
    public String source() {
        return "redis-rollups";
    }
}
