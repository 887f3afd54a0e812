package cn.hotline12333.cli;

import cn.hotline12333.kb.ArticleProblem;
import cn.hotline12333.kb.Category;
import cn.hotline12333.kb.Evaluation;
import cn.hotline12333.kb.KbSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.kb.SearchHit;
import cn.hotline12333.store.Redis;
import cn.hotline12333.kb.SearchRequest;
import cn.hotline12333.kb.SearchResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hotline kb search|check|eval}: the knowledge base from the command line. The directory is
 * {@code knowledge-base} under the working directory unless {@code --dir} says otherwise. Exit codes: 0 fine,
 * 1 problems found (check), 2 wrong usage. Results go to {@code out}, logs to the logger (standard error).
 */
public final class KbCommand {
    static final String USAGE = """
            usage: hotline kb search "QUERY" [--category C] [--region R] [--json] [--dir D]
                   hotline kb search - [--category C] [--region R] [--dir D]   (one query per line on stdin, JSON lines out)
                   hotline kb check [--dir D]
                   hotline kb eval [--split tune|heldout|all|loo] [--dir D]   (loo: leave one article question out)
                   hotline kb gaps [--days 7] [--redis URL] [--dir D]   (search analytics; Redis from REDIS_URL by default)
                   (kb bench: java -jar target/hotline-bench.jar kb bench)""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KbCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        KbArgs o;
        try {
            o = KbArgs.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (o.command()) {
                case "search" -> search(o, in, out, err);
                case "check" -> check(o, out);
                case "eval" -> eval(o, out);
                case "bench" -> {
                    err.println(Main.BENCH_JAR);
                    yield 2;
                }
                case "gaps" -> gaps(o, out);
                default -> {
                    err.println("unknown kb command '" + o.command() + "'");
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int check(KbArgs o, PrintStream out) {
        List<ArticleProblem> problems = KnowledgeBase.check(o.dir());
        List<ArticleProblem> warnings = KnowledgeBase.warnings(o.dir(), LocalDate.now(SearchAnalytics.BEIJING_CLOCK));
        for (ArticleProblem p : problems) {
            out.println(p);
        }
        for (ArticleProblem w : warnings) {
            out.println(w);
        }
        String warned = warnings.isEmpty() ? "" : " (" + warnings.size() + " warning(s))";
        out.println(problems.isEmpty() ? "knowledge base ok: " + o.dir() + warned : problems.size() + " problem(s)" + warned);
        return problems.isEmpty() ? 0 : 1;
    }

    private static int eval(KbArgs o, PrintStream out) {
        String split = o.value("split", "all");
        if (!List.of("tune", "heldout", "all", "loo").contains(split)) {
            throw new IllegalArgumentException("--split must be tune, heldout, all or loo");
        }
        if (split.equals("loo")) {
            Evaluation.Score s = Evaluation.leaveOneQuestionOut(o.dir(), Clock.systemDefaultZone());
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", s.group(), s.questions(), s.recallAt1(),
                    s.recallAt3(), s.mrr(), s.zeroResultRate());
            return 0;
        }
        List<Evaluation.Question> questions = Evaluation.readDirectory(o.dir().resolve("eval"));
        try (KnowledgeBase kb = KnowledgeBase.open(o.dir(), kbSettings(Settings.load(System.getenv()), o.dir()).withWatch(false))) {
            long started = System.nanoTime();
            Evaluation.Report report = Evaluation.run(kb, questions, split);
            long ms = (System.nanoTime() - started) / 1_000_000;
            out.print(report.format());
            out.printf(Locale.ROOT, "%nscored in %d ms (%s)%n", ms, kb.hybrid() ? "hybrid: text search and embedding "
                    + "model fused" : "lexical: the embedding model is off or not on the classpath");
            List<Evaluation.Report> retrievals = Evaluation.retrievals(kb, questions, split);
            if (!retrievals.isEmpty()) {
                out.printf(Locale.ROOT, "%nEach retrieval on its own and fused, each with its own \"no matching "
                        + "article\" rule%n");
            }
            for (Evaluation.Report r : retrievals) {
                out.println();
                out.print(r.table());
            }
            out.printf(Locale.ROOT, "%nBaselines: the same articles and questions, plain BM25 over title, questions and "
                    + "body with a stock Lucene analyzer%n");
            for (Evaluation.Report baseline : Evaluation.baselines(kb, questions, split, Clock.systemDefaultZone())) {
                out.println();
                out.print(baseline.table());
            }
            return 0;
        }
    }

    /** How a knowledge base at {@code dir} runs under these settings: hybrid or not, its cache, its threads. */
    static KbSettings kbSettings(Settings settings, Path dir) {
        String cache = settings.string(SettingKey.KB_CACHE_DIR, dir.resolve(KbSettings.DEFAULT_CACHE).toString());
        int threads = settings.integer(SettingKey.KB_EMBED_THREADS);
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("KB_EMBED_THREADS must be 1-64, was " + threads);
        }
        return KbSettings.defaults().withDense(settings.flag(SettingKey.KB_HYBRID, KbSettings.denseAvailable()))
                .withCacheDir(Path.of(cache)).withEmbedThreads(threads);
    }

    /**
     * Search analytics of the last days, from the Redis the servers write to: {@code --redis}, else REDIS_URL,
     * else the embedded server of a node on this machine (EMBEDDED_REDIS_PORT, 6390).
     */
    private static int gaps(KbArgs o, PrintStream out) {
        int days = o.number("days", 7, 1, 92);
        Settings settings = Settings.load(System.getenv());
        String url = o.value("redis", settings.string("REDIS_URL",
                "redis://127.0.0.1:" + settings.integer("EMBEDDED_REDIS_PORT", 6390)));
        try (Redis redis = Redis.connect(url)) {
            SearchAnalytics analytics = new SearchAnalytics(redis, Clock.systemUTC(), Duration.ofMinutes(10));
            List<String> ids = KnowledgeBase.currentArticleIds(o.dir(), LocalDate.now(SearchAnalytics.BEIJING_CLOCK));
            printGaps(analytics.report(days, ids, 20), out);
            return 0;
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw new IllegalArgumentException("cannot read search analytics from Redis at " + url + ": " + e.getMessage());
        }
    }

    static void printGaps(SearchAnalytics.Report r, PrintStream out) {
        out.printf(Locale.ROOT, "searches %s to %s (Beijing days): %d%n", r.from(), r.to(), r.searches());
        section(out, "top queries", r.top());
        section(out, "no matching article", r.noMatch());
        section(out, "only a weak match", r.weak());
        section(out, "no article opened after the search", r.unopened());
        out.printf(Locale.ROOT, "%narticles no search showed (%d):%n", r.neverFound().size());
        for (String id : r.neverFound()) {
            out.println("  " + id);
        }
    }

    private static void section(PrintStream out, String title, List<SearchAnalytics.Count> counts) {
        out.printf(Locale.ROOT, "%n%s:%n", title);
        if (counts.isEmpty()) {
            out.println("  (none)");
        }
        for (SearchAnalytics.Count c : counts) {
            out.printf(Locale.ROOT, "  %5d  %s%n", c.count(), c.query());
        }
    }

    private static int search(KbArgs o, InputStream in, PrintStream out, PrintStream err) {
        if (o.positional().isEmpty()) {
            throw new IllegalArgumentException("kb search needs a query, or - to read queries from standard input");
        }
        String query = o.positional().get(0);
        Category category = null;
        if (o.has("category")) {
            category = Category.find(o.value("category", "")).orElseThrow(() ->
                    new IllegalArgumentException("unknown category '" + o.value("category", "") + "'"));
        }
        String region = o.value("region", null);
        try (KnowledgeBase kb = KnowledgeBase.open(o.dir(), kbSettings(Settings.load(System.getenv()), o.dir()).withWatch(false))) {
            if (query.equals("-")) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = lines.readLine()) != null) {
                    SearchResult r = find(kb, line, category, region);
                    out.println(JSON.writeValueAsString(jsonLine(line, r)));
                }
                out.flush();
                return 0;
            }
            SearchResult r = find(kb, query, category, region);
            if (o.has("json")) {
                out.println(JSON.writeValueAsString(jsonLine(query, r)));
            } else {
                print(r, out);
            }
            return 0;
        } catch (IOException e) {
            err.println("cannot read standard input: " + e.getMessage());
            return 1;
        }
    }

    private static SearchResult find(KnowledgeBase kb, String query, Category category, String region) {
        SearchRequest request = SearchRequest.of(query).inCategory(category).forRegion(region);
        return request.cleanQuery().isEmpty() ? SearchResult.empty(0) : kb.search(request);
    }

    static Map<String, Object> jsonLine(String query, SearchResult r) {
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("title", h.title());
            m.put("category", h.category().id());
            m.put("score", h.score());
            m.put("snippet", h.snippet());
            hits.add(m);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("query", query);
        line.put("noMatch", r.noMatch());
        line.put("hits", hits);
        line.put("tookMs", r.tookMs());
        return line;
    }

    private static void print(SearchResult r, PrintStream out) {
        if (r.noMatch()) {
            out.printf(Locale.ROOT, "no matching article (%d ms)%n", r.tookMs());
            return;
        }
        out.printf(Locale.ROOT, "%d hit(s)%s in %d ms%n", r.total(), r.totalExact() ? "" : "+", r.tookMs());
        int n = 1;
        for (SearchHit h : r.hits()) {
            out.printf(Locale.ROOT, "%2d. %s  %s  [%s%s]  %.2f%n    %s%n", n++, h.id(), h.title(), h.category().id(),
                    h.region().equals("national") ? "" : ", " + h.region(), h.score(),
                    plain(h.snippet()));
        }
    }

    /** The HTML snippet for a terminal: matches in 【】, entities back to characters. */
    private static String plain(String html) {
        return html.replace("<em>", "【").replace("</em>", "】").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#x27;", "'").replace("&#x2F;", "/").replace("&amp;", "&");
    }
}
