package cn.hotline12333.kb;

import cn.hotline12333.store.Redis;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.resps.Tuple;

/**
 * What agents search for, counted in Redis per Beijing day, for the editors who write the next articles: the
 * queries, those that found no article or only a weak one, those after which the agent opened no article, and
 * the articles no search showed. A query is stored normalised (width folded, lowercase, spaces collapsed) and
 * masked first: a citizen ID number (15 to 18 digits, perhaps ending in X) or a mobile number an agent typed
 * into the search box must never reach Redis.
 *
 * <p>Every method blocks on Redis: call from a worker thread. A Redis failure while counting is logged and
 * swallowed (a search must not fail because its statistics could not be written).
 */
public final class SearchAnalytics {
    private static final Logger log = LoggerFactory.getLogger(SearchAnalytics.class);
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** Today as the counts see it. */
    public static final Clock BEIJING_CLOCK = Clock.system(BEIJING);
    /** How long a day's counts are kept. */
    static final Duration KEEP = Duration.ofDays(92);
    /** The best hit explained less than this share of the query: a weak answer ({@link QueryCoverage}). */
    static final double LOW_COVERAGE = 0.35;
    static final int MAX_QUERY_CHARS = 100;
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[0-9]{15,18}[xX]?(?![0-9])");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])");
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<![0-9])[0-9]{11}(?![0-9])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Redis redis;
    private final Clock clock;
    private final Duration openWindow;

    /** {@code openWindow}: an article the same user opens this soon after a search counts as opened from it. */
    public SearchAnalytics(Redis redis, Clock clock, Duration openWindow) {
        if (openWindow.isNegative() || openWindow.isZero()) {
            throw new IllegalArgumentException("the open window must be positive");
        }
        this.redis = redis;
        this.clock = clock;
        this.openWindow = openWindow;
    }

    /** A query as stored: normalised, cut, with ID and phone numbers replaced. */
    public static String masked(String query) {
        String q = Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        q = SPACES.matcher(q).replaceAll(" ").strip();
        q = ID_NUMBER.matcher(q).replaceAll("[身份证号]");
        q = MOBILE.matcher(q).replaceAll("[手机号]");
        q = ELEVEN_DIGITS.matcher(q).replaceAll("[手机号]");
        return q.length() > MAX_QUERY_CHARS ? q.substring(0, MAX_QUERY_CHARS) : q;
    }

    /** Counts one search of {@code user}, in one round trip (it runs before the search's answer is sent). */
    public void searched(String user, String query, SearchResult result) {
        String q = masked(query);
        if (q.isEmpty()) {
            return;
        }
        long now = clock.millis();
        String day = day(now);
        try (PipelineBase p = redis.jedis().pipelined()) {
            incr(p, key(day, "queries"), q);
            if (result.noMatch() || result.hits().isEmpty()) {
                incr(p, key(day, "nomatch"), q);
            } else if (result.coverage() < LOW_COVERAGE) {
                incr(p, key(day, "weak"), q);
            }
            if (!result.hits().isEmpty()) {
                String found = key(day, "found");
                p.sadd(found, result.hits().stream().map(SearchHit::id).toArray(String[]::new));
                p.expire(found, KEEP.toSeconds());
            }
            String pending = pendingKey(user);
            p.lpush(pending, now + "|" + day + "|" + q);
            p.ltrim(pending, 0, 19);
            p.pexpire(pending, openWindow.toMillis());
            p.sync();
        } catch (RuntimeException e) {
            log.warn("event=kb_analytics_failed what=search reason=\"{}\"", e.getMessage());
        }
    }

    /** {@code user} opened an article: the searches of the last {@link #openWindow} led somewhere. */
    public void opened(String user, String articleId) {
        long now = clock.millis();
        try {
            var jedis = redis.jedis();
            String pending = pendingKey(user);
            List<String> searches = jedis.lrange(pending, 0, -1);
            jedis.del(pending);
            Set<String> counted = new HashSet<>();
            try (PipelineBase p = jedis.pipelined()) {
                for (String s : searches) {
                    String[] parts = s.split("\\|", 3);
                    if (parts.length == 3 && now - Long.parseLong(parts[0]) <= openWindow.toMillis()
                            && counted.add(parts[1] + "|" + parts[2])) {
                        incr(p, key(parts[1], "opened"), parts[2]);
                    }
                }
                p.sync();
            }
        } catch (RuntimeException e) {
            log.warn("event=kb_analytics_failed what=open reason=\"{}\"", e.getMessage());
        }
    }

    /** A query and how often it was searched (or, in {@code unopened}, searched without an article opened). */
    public record Count(String query, long count) {
    }

    /** The last {@code days} days up to today, and the current articles no search showed in them. */
    public record Report(LocalDate from, LocalDate to, long searches, List<Count> top, List<Count> noMatch,
                         List<Count> weak, List<Count> unopened, List<String> neverFound) {
    }

    /** {@code articleIds}: the current articles, for "never found"; at most {@code limit} queries per list. */
    public Report report(int days, List<String> articleIds, int limit) {
        LocalDate to = LocalDate.now(clock.withZone(BEIJING));
        LocalDate from = to.minusDays(days - 1L);
        Map<String, Long> queries = new HashMap<>();
        Map<String, Long> noMatch = new HashMap<>();
        Map<String, Long> weak = new HashMap<>();
        Map<String, Long> opened = new HashMap<>();
        Set<String> found = new HashSet<>();
        var jedis = redis.jedis();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            String day = d.toString();
            sum(queries, key(day, "queries"));
            sum(noMatch, key(day, "nomatch"));
            sum(weak, key(day, "weak"));
            sum(opened, key(day, "opened"));
            found.addAll(jedis.smembers(key(day, "found")));
        }
        Map<String, Long> unopened = new HashMap<>();
        queries.forEach((q, n) -> {
            long left = n - opened.getOrDefault(q, 0L);
            if (left > 0) {
                unopened.put(q, left);
            }
        });
        Set<String> never = new TreeSet<>(articleIds);
        never.removeAll(found);
        return new Report(from, to, queries.values().stream().mapToLong(Long::longValue).sum(), top(queries, limit),
                top(noMatch, limit), top(weak, limit), top(unopened, limit), List.copyOf(never));
    }

    private void sum(Map<String, Long> into, String key) {
        for (Tuple t : redis.jedis().zrangeWithScores(key, 0, -1)) {
            into.merge(t.getElement(), (long) t.getScore(), Long::sum);
        }
    }

    private static List<Count> top(Map<String, Long> counts, int limit) {
        List<Count> out = new ArrayList<>();
        counts.forEach((q, n) -> out.add(new Count(q, n)));
        out.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::query));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static void incr(PipelineBase p, String key, String member) {
        p.zincrby(key, 1, member);
        p.expire(key, KEEP.toSeconds());
    }

    private static String day(long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(BEIJING).toLocalDate().toString();
    }

    static String key(String day, String what) {
        return "kb:analytics:" + day + ":" + what;
    }

    private static String pendingKey(String user) {
        return "kb:analytics:pending:" + user;
    }
}
