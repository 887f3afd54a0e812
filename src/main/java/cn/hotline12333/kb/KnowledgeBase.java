package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy knowledge base agents search during a call: the articles of a {@code knowledge-base/} directory,
 * indexed for Chinese search, kept in step with the files while it is open.
 *
 * <p>Every method except {@link #close()} may be called from many threads at once. Searches, article reads,
 * suggestions and counts block on Lucene (CPU and, for large sets, memory-mapped files): call them from a
 * worker thread, never from a Netty event loop.
 */
public final class KnowledgeBase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);

    private final Path dir;
    private final KbSettings settings;
    private final Analysis analysis;
    private final ArticleIndex index;
    private final ArticleSearch search;
    /** Threads that score the second half of a costly search's collection; shared by every search of this base. */
    private final Halves halves;
    private final ArticleSync sync;
    /** The embedding model's side of the search; null when it is lexical only. */
    private final DenseRetrieval dense;
    private final ArticlePages pages = new ArticlePages();
    /** Readers hold the read lock while they use {@link #suggestions}; a swap takes the write lock to retire it. */
    private final ReadWriteLock suggestionsLock = new ReentrantReadWriteLock();
    private Suggestions suggestions;
    /** Pinyin and homophone readings of the current articles' words; swapped whole on reload. */
    private volatile QueryForms forms;
    private volatile List<ArticleProblem> problems;
    /** Bumped by every reload that changed an article: results kept from before are stale. */
    private volatile long generation;
    private final ArticleWatcher watcher;

    private KnowledgeBase(Path dir, KbSettings settings) throws IOException {
        long started = System.nanoTime();
        this.dir = dir;
        this.settings = settings;
        this.analysis = Analysis.load(dir.resolve("analysis"));
        int real = ArticleFiles.list(dir).size();
        boolean large = Math.max(real, settings.generatedArticles()) > KbSettings.HEAP_INDEX_LIMIT;
        // Whatever is open when a later step throws (an article directory that cannot be listed, an analysis file
        // that cannot be read) is closed, last opened first: otherwise the Halves threads, the onnxruntime session
        // and the index would outlive a knowledge base nobody can close.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            this.index = track(opened, new ArticleIndex(analysis, large));
            this.dense = DenseRetrieval.open(settings, dir, large).map(d -> track(opened, d)).orElse(null);
            this.halves = track(opened, Halves.open(Runtime.getRuntime().availableProcessors(),
                    ArticleSearch.SPLIT_POSTINGS));
            this.search = new ArticleSearch(analysis, Ranking.defaults(), settings.clock(),
                    ArticleSearch.Tuning.defaults(), null, halves);
            this.sync = new ArticleSync(dir, index, dense);
            ArticleSync.Outcome first = sync.rescan();
            List<Article> articles = sync.articles();
            if (settings.generatedArticles() > articles.size()) {
                if (dense != null) {
                    dense.bulkLoad();
                }
                ArticleVariants.addTo(index, dense, articles, settings.generatedArticles() - articles.size());
                // One segment after a bulk build: each search then looks every term up once, not once per segment.
                index.forceMerge();
                if (dense != null) {
                    dense.forceMerge();
                }
            }
            this.forms = QueryForms.build(articles, analysis);
            this.suggestions = track(opened, new Suggestions(articles, analysis, forms));
            List<ArticleProblem> all = new ArrayList<>(analysis.problems());
            all.addAll(OutOfScope.load(dir.resolve("analysis")).problems());
            all.addAll(first.problems());
            this.problems = List.copyOf(all);
            all.forEach(p -> log.warn("event=kb_article_problem file={} line={} problem=\"{}\"", p.file(), p.line(),
                    p.message()));
            log.info("event=kb_loaded articles={} generated={} problems={} retrieval={} embedded={} ms={}",
                    articles.size(), Math.max(0, settings.generatedArticles() - articles.size()), all.size(),
                    dense == null ? "lexical" : "hybrid", dense == null ? 0 : dense.embedded(),
                    (System.nanoTime() - started) / 1_000_000);
            this.watcher = settings.watch()
                    ? new ArticleWatcher(ArticleFiles.articlesDir(dir), settings.debounce(), this::reload) : null;
        } catch (Throwable failed) {
            closeAll(opened, failed);
            throw failed;
        }
    }

    private static <T extends AutoCloseable> T track(Deque<AutoCloseable> opened, T part) {
        opened.push(part);
        return part;
    }

    /** Closes the parts of a failed open, last opened first; their own failures ride on {@code failed}. */
    private static void closeAll(Deque<AutoCloseable> opened, Throwable failed) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Throwable e) {
                failed.addSuppressed(e);
            }
        }
    }

    /** Reads and indexes {@code dir} with the default settings (watching for changes). */
    public static KnowledgeBase open(Path dir) {
        return open(dir, KbSettings.defaults());
    }

    public static KnowledgeBase open(Path dir, KbSettings settings) {
        if (!Files.isDirectory(ArticleFiles.articlesDir(dir))) {
            throw new IllegalArgumentException("no knowledge base at " + dir.toAbsolutePath() + " (expected an articles/ folder)");
        }
        try {
            return new KnowledgeBase(dir, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index the knowledge base at " + dir, e);
        }
    }

    /** Validates the articles and the analysis files without building an index (for {@code hotline kb check}). */
    public static List<ArticleProblem> check(Path dir) {
        List<ArticleProblem> out = new ArrayList<>(Analysis.load(dir.resolve("analysis")).problems());
        out.addAll(OutOfScope.load(dir.resolve("analysis")).problems());
        out.addAll(ArticleFiles.load(dir).problems());
        return out;
    }

    /**
     * Articles to look at again (for {@code hotline kb check}): expired, not reviewed within a year, or stating a
     * figure without the article of a document behind it ({@link FigureSources}). Each is a
     * warning naming the file and line; none stops the article from loading.
     */
    public static List<ArticleProblem> warnings(Path dir, LocalDate today) {
        List<Article> articles = ArticleFiles.load(dir).articles();
        List<ArticleProblem> out = new ArrayList<>(Freshness.warnings(articles, today));
        out.addAll(FigureSources.warnings(articles));
        return out;
    }

    /**
     * Which version of the articles the searches see: changes whenever a reload changed or deleted an article, so
     * a search result kept by a caller (the desk's cache of recent searches) is known to be stale.
     */
    public long generation() {
        return generation;
    }

    /** Problems found by the last load or reload; the files named were skipped (or kept their last good version). */
    public List<ArticleProblem> problems() {
        return problems;
    }

    /**
     * Hybrid when the embedding model is on, else the text search alone. The query is embedded on the model's own
     * pool while the text search runs on the calling thread; a vector not there within the settings'
     * {@link KbSettings#denseWait} leaves the search lexical ({@link #queryEmbedding} counts those). Blocking
     * (Lucene, the model): call from a worker thread, never an event loop.
     */
    public SearchResult search(SearchRequest request) {
        return search(request, dense == null ? Retrieval.LEXICAL : Retrieval.HYBRID, settings.denseWait(), forms);
    }

    /**
     * How the searches' query vectors came: {@code cached} from the cache of recent queries (or joining the same
     * query's embedding under way), {@code embedded} by the model, {@code late} not there within the settings'
     * {@link KbSettings#denseWait}, so that search answered with the text search alone.
     */
    public record QueryEmbedding(long cached, long embedded, long late) {
    }

    /** Counts since opening; all 0 when the search is lexical only. */
    public QueryEmbedding queryEmbedding() {
        return dense == null ? new QueryEmbedding(0, 0, 0) : dense.queryEmbedding();
    }

    /**
     * One kind of retrieval, for the evaluation; DENSE and HYBRID fall back to LEXICAL without the model. Waits
     * for the query's vector however long it takes: the figures are those of the retrieval asked for.
     */
    SearchResult search(SearchRequest request, Retrieval mode) {
        return search(request, mode, null, forms);
    }

    // forms: read once by the caller, as the field may be replaced by a reload meanwhile
    private SearchResult search(SearchRequest request, Retrieval mode, Duration denseWait, QueryForms forms) {
        try {
            return index.withSearcher(s -> search.search(s, request, forms, dense, mode, denseWait));
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge-base search failed", e);
        }
    }

    /** The same with other ranking knobs, for calibrating them on the tune split. */
    SearchResult search(SearchRequest request, Retrieval mode, Ranking ranking) {
        return search(request, mode, ranking, null);
    }

    /** The same, handing a hybrid search's {@link Answerability.Signals} to {@code observer} (the gate's probe). */
    SearchResult search(SearchRequest request, Retrieval mode, Ranking ranking,
                        Consumer<Answerability.Signals> observer) {
        ArticleSearch other = new ArticleSearch(analysis, ranking, settings.clock(), ArticleSearch.Tuning.defaults(),
                observer, halves);
        try {
            QueryForms f = forms;
            return index.withSearcher(s -> other.search(s, request, f, dense, mode));
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge-base search failed", e);
        }
    }

    /** The current searcher, the search and the query forms, for measuring the search's stages (tests, probes). */
    <T> T withSearcher(ArticleIndex.SearcherWork<T> work) throws IOException {
        return index.withSearcher(work);
    }

    ArticleSearch articleSearch() {
        return search;
    }

    /** A search with other speed settings over the same index and analysis, for the probe to compare. */
    ArticleSearch articleSearch(ArticleSearch.Tuning tuning) {
        return new ArticleSearch(analysis, Ranking.defaults(), settings.clock(), tuning, null, halves);
    }

    /** Collections scored as two halves since opening ({@link Halves}). */
    public long splitSearches() {
        return halves.splits();
    }

    QueryForms forms() {
        return forms;
    }

    Analysis analysis() {
        return analysis;
    }

    /** The embedding model's side of the search; null when lexical only. */
    DenseRetrieval dense() {
        return dense;
    }

    /** Passages embedded since opening (those the vector cache did not have); 0 when lexical only. */
    int embeddedPassages() {
        return dense == null ? 0 : dense.embedded();
    }

    /** Whether searches fuse the embedding model's nearest articles with the text search. */
    public boolean hybrid() {
        return dense != null;
    }

    /** Blocking (Lucene): call from a worker thread, never an event loop. */
    public Optional<ArticlePage> article(String id) {
        try {
            return index.withSearcher(s -> {
                TopDocs top = s.search(new TermQuery(new Term(ArticleFields.ID, id)), 1);
                if (top.scoreDocs.length == 0) {
                    return Optional.<ArticlePage>empty();
                }
                Article a = ArticleFields.article(s.storedFields().document(top.scoreDocs[0].doc));
                return Optional.of(new ArticlePage(a, pages.html(a.body())));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge-base read failed", e);
        }
    }

    /** Completions for what the agent is typing, including pinyin initials. Blocking: worker threads only. */
    public List<Suggestion> suggest(String prefix, int limit) {
        String p = new SearchRequest(prefix, null, null, 1, 0, false).cleanQuery();
        if (p.isEmpty() || limit < 1) {
            return List.of();
        }
        if (p.length() > 50) {
            p = p.substring(0, Character.isHighSurrogate(p.charAt(49)) ? 49 : 50);
        }
        suggestionsLock.readLock().lock();
        try {
            return suggestions.suggest(p, limit);
        } finally {
            suggestionsLock.readLock().unlock();
        }
    }

    /** Current (not expired) articles per category, every category listed. Blocking: worker threads only. */
    public List<CategoryCount> categories() {
        long today = LocalDate.now(settings.clock()).toEpochDay();
        try {
            return index.withSearcher(s -> {
                List<CategoryCount> out = new ArrayList<>();
                for (Category c : Category.values()) {
                    int n = s.count(new BooleanQuery.Builder()
                            .add(new TermQuery(new Term(ArticleFields.CATEGORY, c.id())), Occur.FILTER)
                            .add(LongPoint.newRangeQuery(ArticleFields.EXPIRES, today, Long.MAX_VALUE), Occur.FILTER)
                            .build());
                    out.add(new CategoryCount(c, n));
                }
                return out;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge-base count failed", e);
        }
    }

    /** Ids of the articles of the files that have not expired today, in id order. */
    public List<String> currentArticleIds() {
        LocalDate today = LocalDate.now(settings.clock());
        return sync.articles().stream().filter(a -> !a.expiredOn(today)).map(Article::id).sorted().toList();
    }

    /** The same, read from {@code dir} without building an index (for {@code hotline kb gaps}). */
    public static List<String> currentArticleIds(Path dir, LocalDate today) {
        return ArticleFiles.load(dir).articles().stream().filter(a -> !a.expiredOn(today)).map(Article::id).sorted()
                .toList();
    }

    /** The articles read from the files (no generated variants), as last loaded. */
    List<Article> articles() {
        return sync.articles();
    }

    /** Articles in the index, generated variants included. */
    public int size() {
        try {
            return index.withSearcher(s -> s.getIndexReader().numDocs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes the index takes (on disk for large sets, on the heap otherwise), passage vectors included. */
    public long indexBytes() {
        try {
            return index.sizeInBytes() + (dense == null ? 0 : dense.sizeInBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs on the watcher thread: re-reads changed files, then swaps in suggestions built from the new set. */
    private void reload() {
        long started = System.nanoTime();
        ArticleSync.Outcome outcome;
        try {
            outcome = sync.rescan();
        } catch (IOException e) {
            log.error("event=kb_reload_failed dir={}", dir, e);
            return;
        }
        outcome.problems().forEach(p -> log.warn("event=kb_article_problem file={} line={} problem=\"{}\"",
                p.file(), p.line(), p.message()));
        List<ArticleProblem> all = new ArrayList<>(analysis.problems());
        all.addAll(outcome.problems());
        problems = List.copyOf(all);
        if (outcome.changed() == 0 && outcome.deleted() == 0) {
            return;
        }
        QueryForms freshForms = QueryForms.build(sync.articles(), analysis);
        Suggestions fresh = new Suggestions(sync.articles(), analysis, freshForms);
        forms = freshForms;
        generation++; // the watcher's thread is the only writer
        Suggestions old;
        suggestionsLock.writeLock().lock();
        try {
            old = suggestions;
            suggestions = fresh;
        } finally {
            suggestionsLock.writeLock().unlock();
        }
        closeQuietly(old);
        log.info("event=kb_reloaded changed={} deleted={} problems={} ms={}", outcome.changed(), outcome.deleted(),
                outcome.problems().size(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
            closeQuietly(suggestions);
            halves.close();
            index.close();
            if (dense != null) {
                dense.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the knowledge base", e);
        }
    }

    private static void closeQuietly(Suggestions s) {
        try {
            s.close();
        } catch (IOException e) {
            log.warn("event=kb_close_failed what=suggestions reason=\"{}\"", e.getMessage());
        }
    }
}
