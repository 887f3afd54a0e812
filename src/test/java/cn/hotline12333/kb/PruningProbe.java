package cn.hotline12333.kb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.Impacts;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * Not a test: whether Lucene's max-score pruning skips documents for our queries, counted rather than timed. Every
 * postings list of the index is wrapped so that the documents stepped to ({@code nextDoc}/{@code advance}) and the
 * term frequencies read (one per term scored for a document) are counted; each evaluation question's text search
 * ({@link ArticleSearch#top}: the first pass and its rescoring as served) is then run with the top-hits collector
 * as served, and its first query again with a collector that counts every hit (no pruning possible). The wrapper
 * hides nothing from the scorers: impacts and their skip data are passed through. Run with the bench jar and the
 * test classes on the class path:
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.PruningProbe 20000 [knowledge-base] [rows]}.
 */
public final class PruningProbe {
    private PruningProbe() {
    }

    /** Counts of one run over the index. */
    static final class Counts {
        long stepped;
        long freqs;
        long shallow;

        void reset() {
            stepped = 0;
            freqs = 0;
            shallow = 0;
        }
    }

    record Row(String question, int clauses, int firstClauses, long matches, long collectedTotal,
               boolean lowerBound, long stepped, long freqs, long exhaustiveStepped, long exhaustiveFreqs) {
    }

    public static void main(String[] args) throws Exception {
        int articles = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "knowledge-base");
        int show = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        List<String> questions = questions(dir);
        try (KnowledgeBase kb = openLexical(dir, articles)) {
            QueryForms forms = kb.forms();
            Counts counts = new Counts();
            int[] countUpTo = {1000, 100, 20};
            for (int k = 0; k < countUpTo.length; k++) {
                ArticleSearch search = kb.articleSearch(ArticleSearch.Tuning.defaults().withCountUpTo(countUpTo[k]));
                boolean exhaustive = k == 0;
                int upTo = countUpTo[k];
                long[] rescoreFreqs = {0};
                long[] rescoreStepped = {0};
                List<Row> rows = kb.withSearcher(served -> {
                    IndexSearcher searcher = countingSearcher(served, counts);
                    IndexReader counting = searcher.getIndexReader();
                    List<Row> out = new ArrayList<>();
                    for (String q : questions) {
                        SearchRequest req = SearchRequest.of(q).page(Evaluation.DEPTH, 0);
                        String text = forms.rewrite(req.cleanQuery());
                        ArticleSearch.Built b = search.build(new TermLookup(counting), text, req, true);
                        if (b == null) {
                            continue;
                        }
                        Query first = FirstPass.of(b.search(), b.terms(), ArticleSearch.FIRST_PASS_CLAUSES);
                        long matches = searcher.count(first);
                        counts.reset();
                        TopDocs top = search.top(searcher, b, req);
                        long stepped = counts.stepped;
                        long freqs = counts.freqs;
                        counts.reset();
                        if (first != b.search()) {
                            searcher.search(first, new CurrentArticles(ArticleSearch.RESCORE_DEPTH, upTo,
                                    java.time.LocalDate.now().toEpochDay()));
                            rescoreFreqs[0] += freqs - counts.freqs;
                            rescoreStepped[0] += stepped - counts.stepped;
                            counts.reset();
                        }
                        if (exhaustive) {
                            searcher.search(first, new TopScoreDocCollectorManager(
                                    Math.max(ArticleSearch.RESCORE_WINDOW, ArticleSearch.RESCORE_DEPTH), Integer.MAX_VALUE));
                        }
                        out.add(new Row(q, clauses(b.search()), clauses(first), matches, top.totalHits.value,
                                top.totalHits.relation == TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO, stepped, freqs,
                                counts.stepped, counts.freqs));
                    }
                    return out;
                });
                report(kb.size(), countUpTo[k], rows, exhaustive ? show : 0);
                System.out.printf(Locale.ROOT, "  of which rescoring the first pass's hits: stepped %.0f, scores %.0f "
                        + "(a search through the first pass)%n", rescoreStepped[0] / (double) rows.stream()
                        .filter(r -> r.firstClauses() < r.clauses()).count(), rescoreFreqs[0] / (double) rows.stream()
                        .filter(r -> r.firstClauses() < r.clauses()).count());
            }
        }
    }

    private static void report(int size, int countUpTo, List<Row> rows, int show) {
        long matches = rows.stream().mapToLong(Row::matches).sum();
        long stepped = rows.stream().mapToLong(Row::stepped).sum();
        long freqs = rows.stream().mapToLong(Row::freqs).sum();
        long exStepped = rows.stream().mapToLong(Row::exhaustiveStepped).sum();
        long exFreqs = rows.stream().mapToLong(Row::exhaustiveFreqs).sum();
        long bounded = rows.stream().filter(Row::lowerBound).count();
        long firstPass = rows.stream().filter(r -> r.firstClauses() < r.clauses()).count();
        List<Row> slow = rows.stream().filter(r -> r.firstClauses() < r.clauses()).toList();
        System.out.printf(Locale.ROOT, "%d articles, counted up to %d: %d questions searched (%d through the first "
                + "pass); total a lower bound for %d%n", size, countUpTo, rows.size(), firstPass, bounded);
        System.out.printf(Locale.ROOT, "  a search, mean: matches %.0f; served: postings stepped %.0f, term scores "
                        + "%.0f; first-pass questions alone: stepped %.0f, scores %.0f%n",
                matches / (double) rows.size(), stepped / (double) rows.size(), freqs / (double) rows.size(),
                slow.stream().mapToLong(Row::stepped).average().orElse(0),
                slow.stream().mapToLong(Row::freqs).average().orElse(0));
        if (exStepped > 0) {
            System.out.printf(Locale.ROOT, "  every hit counted (no pruning possible), first query only: stepped %.0f, "
                    + "scores %.0f%n", exStepped / (double) rows.size(), exFreqs / (double) rows.size());
        }
        if (show == 0) {
            return;
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::freqs).reversed());
        System.out.println("most term scores: scores stepped | every hit: scores stepped | matches clauses(first) question");
        for (Row r : sorted.subList(0, Math.min(show, sorted.size()))) {
            System.out.printf(Locale.ROOT, "%9d %9d | %9d %9d | %6d %3d(%d) %s%n", r.freqs(), r.stepped(),
                    r.exhaustiveFreqs(), r.exhaustiveStepped(), r.matches(), r.clauses(), r.firstClauses(),
                    r.question().length() > 40 ? r.question().substring(0, 40) + "…" : r.question());
        }
    }

    private static int clauses(Query q) {
        return q instanceof BooleanQuery bq ? bq.clauses().size() : 1;
    }

    /** Every evaluation question's text under {@code dir}/eval, in the files' order: the probes' question mix. */
    static List<String> questions(Path dir) {
        return Evaluation.readDirectory(dir.resolve("eval")).stream().map(Evaluation.Question::text).toList();
    }

    /** The same without the held-out split, which no tuning may look at. */
    static List<String> tuneQuestions(Path dir) {
        return Evaluation.readDirectory(dir.resolve("eval")).stream().filter(q -> !q.split().equals("heldout"))
                .map(Evaluation.Question::text).toList();
    }

    /** The knowledge base of {@code dir} with {@code articles} generated ones, lexical only and not watched. */
    static KnowledgeBase openLexical(Path dir, int articles) {
        return KnowledgeBase.open(dir,
                KbSettings.defaults().withWatch(false).withGeneratedArticles(articles).withDense(false));
    }

    /**
     * A searcher over {@code served}'s index whose postings count what the scorers read into {@code counts}, with the
     * served similarity and no query cache (a cached query would read nothing).
     */
    static IndexSearcher countingSearcher(IndexSearcher served, Counts counts) throws IOException {
        IndexSearcher searcher = new IndexSearcher(new CountingReader((DirectoryReader) served.getIndexReader(), counts));
        searcher.setSimilarity(served.getSimilarity());
        searcher.setQueryCache(null);
        return searcher;
    }

    /**
     * Builds {@code req}'s query over a counting view of {@code served} and runs its top search, leaving in
     * {@code counts} what that search read; the built query, or null when the question has no term to search.
     */
    static ArticleSearch.Built countTop(ArticleSearch search, IndexSearcher served, QueryForms forms,
            SearchRequest req, Counts counts) throws IOException {
        IndexSearcher searcher = countingSearcher(served, counts);
        ArticleSearch.Built b = search.build(new TermLookup(searcher.getIndexReader()),
                forms.rewrite(req.cleanQuery()), req, true);
        if (b != null) {
            counts.reset();
            search.top(searcher, b, req);
        }
        return b;
    }

    /** The index with every postings list counting what the scorers read of it. */
    static final class CountingReader extends FilterDirectoryReader {
        private final Counts counts;

        CountingReader(DirectoryReader in, Counts counts) throws IOException {
            super(in, new SubReaderWrapper() {
                @Override
                public LeafReader wrap(LeafReader reader) {
                    return new CountingLeaf(reader, counts);
                }
            });
            this.counts = counts;
        }

        @Override
        protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
            return new CountingReader(in, counts);
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return null;
        }
    }

    private static final class CountingLeaf extends FilterLeafReader {
        private final Counts counts;

        CountingLeaf(LeafReader in, Counts counts) {
            super(in);
            this.counts = counts;
        }

        @Override
        public Terms terms(String field) throws IOException {
            Terms t = super.terms(field);
            return t == null ? null : new FilterTerms(t) {
                @Override
                public TermsEnum iterator() throws IOException {
                    return new FilterTermsEnum(in.iterator()) {
                        @Override
                        public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
                            return new CountingImpacts(null, in.postings(null, flags), counts);
                        }

                        @Override
                        public ImpactsEnum impacts(int flags) throws IOException {
                            ImpactsEnum e = in.impacts(flags);
                            return new CountingImpacts(e, e, counts);
                        }

                        @Override
                        public boolean seekExact(BytesRef text) throws IOException {
                            return in.seekExact(text);
                        }
                    };
                }
            };
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return null;
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return null;
        }
    }

    /** A postings list (with its impacts when it has them) that counts documents stepped and frequencies read. */
    private static final class CountingImpacts extends ImpactsEnum {
        private final ImpactsEnum impacts;
        private final PostingsEnum in;
        private final Counts counts;

        CountingImpacts(ImpactsEnum impacts, PostingsEnum in, Counts counts) {
            this.impacts = impacts;
            this.in = in;
            this.counts = counts;
        }

        @Override
        public void advanceShallow(int target) throws IOException {
            counts.shallow++;
            impacts.advanceShallow(target);
        }

        @Override
        public Impacts getImpacts() throws IOException {
            return impacts.getImpacts();
        }

        @Override
        public int freq() throws IOException {
            counts.freqs++;
            return in.freq();
        }

        @Override
        public int nextPosition() throws IOException {
            return in.nextPosition();
        }

        @Override
        public int startOffset() throws IOException {
            return in.startOffset();
        }

        @Override
        public int endOffset() throws IOException {
            return in.endOffset();
        }

        @Override
        public BytesRef getPayload() throws IOException {
            return in.getPayload();
        }

        @Override
        public int docID() {
            return in.docID();
        }

        @Override
        public int nextDoc() throws IOException {
            counts.stepped++;
            return in.nextDoc();
        }

        @Override
        public int advance(int target) throws IOException {
            counts.stepped++;
            return in.advance(target);
        }

        @Override
        public long cost() {
            return in.cost();
        }
    }
}
