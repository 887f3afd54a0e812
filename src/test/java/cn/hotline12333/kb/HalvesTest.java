package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HalvesTest {
    private static KnowledgeBase kb;
    private static List<SearchRequest> requests;

    @BeforeAll
    static void open() {
        // Generated variants of the real articles, merged to one segment as at 100,000: many near-copies, so ties
        // between the halves' hits are common.
        kb = KnowledgeBase.open(Path.of("knowledge-base"),
                KbSettings.defaults().withWatch(false).withGeneratedArticles(3000).withDense(false));
        requests = new ArrayList<>();
        List<Evaluation.Question> questions = Evaluation.readDirectory(Path.of("knowledge-base/eval"));
        for (int i = 0; i < questions.size(); i++) {
            SearchRequest r = SearchRequest.of(questions.get(i).text());
            // Every collector the search uses: expired articles skipped or not, and a category's FILTER clause.
            r = i % 5 == 0 ? r.withExpired(true) : r;
            r = i % 7 == 0 ? r.inCategory(Category.values()[i % Category.values().length]) : r;
            requests.add(i % 3 == 0 ? r.page(20, 0) : r);
        }
    }

    @AfterAll
    static void close() {
        kb.close();
    }

    @Test
    void halvesFindTheHitsScoresOrderAndTotalOfOneThreadForEveryEvaluationQuestion() throws IOException {
        int leaves = kb.withSearcher(s -> s.getIndexReader().leaves().size());
        assertThat(leaves).isEqualTo(1);
        try (Halves halves = Halves.open(2, 0)) {
            int compared = compareTops(halves, requests);
            assertThat(compared).isGreaterThan(1000);
            // Splits only when the pool's thread is back from the last half: nearly always, one search at a time.
            assertThat(halves.splits()).isGreaterThan(compared / 2);
        }
    }

    @Test
    void aSplitSearchAnswersAsOneThreadEndToEnd() throws IOException {
        try (Halves halves = Halves.open(2, 0)) {
            ArticleSearch one = search(Halves.NONE);
            ArticleSearch two = search(halves);
            for (SearchRequest r : requests.subList(0, 300)) {
                SearchResult a = kb.withSearcher(s -> one.search(s, r, kb.forms()));
                SearchResult b = kb.withSearcher(s -> two.search(s, r, kb.forms()));
                assertThat(b.hits()).as(r.query()).isEqualTo(a.hits());
                assertThat(b.total()).as(r.query()).isEqualTo(a.total());
                assertThat(b.totalExact()).as(r.query()).isEqualTo(a.totalExact());
                assertThat(b.noMatch()).as(r.query()).isEqualTo(a.noMatch());
            }
            assertThat(halves.splits()).isGreaterThan(150);
        }
    }

    @Test
    void aHalfNoThreadStartsIsScoredByTheSearchItself() throws IOException {
        List<Runnable> neverStarted = new ArrayList<>();
        Halves halves = new Halves(neverStarted::add, 2, 0);
        int compared = compareTops(halves, requests.subList(0, 200));
        // Every search that matched split, so each gave its core back: a core kept would have stopped the splits at
        // the second.
        assertThat(halves.splits()).isGreaterThan(compared * 9L / 10).isEqualTo(neverStarted.size());
        neverStarted.forEach(Runnable::run); // started late: the search has scored it already, nothing happens
    }

    @Test
    void aSearchNoThreadTakesCollectsAlone() throws IOException {
        Executor rejecting = r -> {
            throw new RejectedExecutionException("no idle thread");
        };
        Halves halves = new Halves(rejecting, 2, 0);
        compareTops(halves, requests.subList(0, 200));
        assertThat(halves.splits()).isZero();
    }

    @Test
    void aSearchSplitsOnlyWhileACoreIsFree() throws IOException {
        try (Halves halves = Halves.open(2, 0)) {
            halves.started();
            halves.started(); // two searches running on two cores
            compareTops(halves, requests.subList(0, 100));
            assertThat(halves.splits()).isZero();
            halves.ended();
            compareTops(halves, requests.subList(0, 100));
            assertThat(halves.splits()).isPositive();
        }
    }

    @Test
    void aCheapSearchIsNotSplit() throws IOException {
        try (Halves halves = Halves.open(2, Long.MAX_VALUE)) {
            compareTops(halves, requests.subList(0, 100));
            assertThat(halves.splits()).isZero();
        }
    }

    /**
     * Articles that all score the same: the first ten by doc id are the top ten. The upper half here runs first (the
     * executor runs it at once) and publishes its tenth score as the minimum; the lower half must still collect its
     * ties, which come first by doc id. Lucene's collector would have its scorer skip them (it takes a shared minimum
     * from the same segment as coming from smaller doc ids), and the halves returned ten of the upper half's.
     */
    @Test
    void tiesAcrossTheHalvesGoToTheLowerDocIds() throws IOException {
        try (Directory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            writeTiedArticles(w);
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Query q = new TermQuery(new Term("topic", "pension"));
                TopDocs one = searcher.search(q, new TopScoreDocCollectorManager(10, 1000));
                Halves halves = new Halves(Runnable::run, 2, 0);
                TopDocs two = halves.search(searcher, q, new TopScoreDocCollectorManager(10, 1000), 1);
                assertThat(halves.splits()).isEqualTo(1);
                assertThat(render(two.scoreDocs)).isEqualTo(render(one.scoreDocs));
                assertThat(one.scoreDocs[9].doc).isEqualTo(9);
            }
        }
    }

    /**
     * The search's own (lower) half fails while a pool thread scores the upper one: the search must not end before
     * that thread does, for its caller releases the searcher the half reads. The upper half's collector holds its
     * thread at its first hit until the test lets it go.
     */
    @Test
    void aSearchWhoseOwnHalfFailsWaitsForTheHalfAThreadIsScoring() throws Exception {
        try (Directory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            writeTiedArticles(w);
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                CountDownLatch upperStarted = new CountDownLatch(1);
                CountDownLatch releaseUpper = new CountDownLatch(1);
                AtomicBoolean upperEnded = new AtomicBoolean();
                CollectorManager<Collector, TopDocs> manager = new CollectorManager<>() {
                    private int made;

                    @Override
                    public Collector newCollector() {
                        // The upper half's collector is made first, the search's own second.
                        boolean upper = made++ == 0;
                        return new SimpleCollector() {
                            @Override
                            public void collect(int doc) {
                                if (!upper) {
                                    // fails only once the thread has claimed the upper half
                                    try {
                                        upperStarted.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    throw new IllegalStateException("the lower half fails");
                                }
                                if (upperStarted.getCount() > 0) {
                                    upperStarted.countDown();
                                    try {
                                        releaseUpper.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                            }

                            @Override
                            public void finish() {
                                upperEnded.set(true);
                            }

                            @Override
                            public ScoreMode scoreMode() {
                                return ScoreMode.COMPLETE_NO_SCORES;
                            }
                        };
                    }

                    @Override
                    public TopDocs reduce(Collection<Collector> collectors) {
                        throw new AssertionError("a failed search is not reduced");
                    }
                };
                Halves halves = new Halves(r -> new Thread(r, "test-half").start(), 2, 0);
                CompletableFuture<TopDocs> search = CompletableFuture.supplyAsync(() -> {
                    try {
                        return halves.search(searcher, new TermQuery(new Term("topic", "pension")), manager, 1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertThat(upperStarted.await(10, TimeUnit.SECONDS)).isTrue();
                // Fixed or not, the lower half has failed within this time; unfixed, the search has then ended.
                Thread.sleep(300);
                assertThat(search).as("ended while its upper half was still being scored").isNotDone();
                releaseUpper.countDown();
                assertThatThrownBy(() -> search.get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(IllegalStateException.class);
                assertThat(upperEnded).isTrue();
            }
        }
    }

    /** 4,000 articles that all score the same for "pension", merged to one segment and committed. */
    private static void writeTiedArticles(IndexWriter w) throws IOException {
        for (int i = 0; i < 4000; i++) {
            Document d = new Document();
            // With frequencies and norms, so that the impacts bound the score exactly and the scorer can skip ties.
            d.add(new TextField("topic", "pension", Field.Store.NO));
            w.addDocument(d);
        }
        w.forceMerge(1);
        w.commit();
    }

    /** Each request's text search by one thread and through {@code halves}: the same hits, scores and total. */
    private static int compareTops(Halves halves, List<SearchRequest> which) throws IOException {
        ArticleSearch one = search(Halves.NONE);
        ArticleSearch two = search(halves);
        int compared = 0;
        for (SearchRequest r : which) {
            String text = kb.forms().rewrite(r.cleanQuery());
            TopDocs[] both = kb.withSearcher(s -> {
                ArticleSearch.Built built = one.build(s.getIndexReader(), text, r, true);
                return built == null ? null : new TopDocs[] {one.top(s, built, r), two.top(s, built, r)};
            });
            if (both == null) {
                continue;
            }
            compared++;
            assertThat(both[1].totalHits).as(r.query()).isEqualTo(both[0].totalHits);
            assertThat(render(both[1].scoreDocs)).as(r.query()).isEqualTo(render(both[0].scoreDocs));
        }
        return compared;
    }

    private static ArticleSearch search(Halves halves) {
        return new ArticleSearch(kb.analysis(), Ranking.defaults(), Clock.systemDefaultZone(),
                ArticleSearch.Tuning.defaults(), null, halves);
    }

    /** Doc ids and the exact bits of their scores, in order. */
    private static List<String> render(ScoreDoc[] docs) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : docs) {
            out.add(d.doc + ":" + Integer.toHexString(Float.floatToIntBits(d.score)));
        }
        return out;
    }
}
