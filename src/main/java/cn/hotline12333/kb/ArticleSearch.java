package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * Turns an agent's request into a Lucene query and a page of highlighted hits. The query is built from the
 * analyzed words of the text, never parsed as query syntax, so {@code title:(a OR b} is just words. Stateless
 * apart from the analysis; safe for concurrent use.
 */
final class ArticleSearch {
    /**
     * Words and bigram characters searched at most: three word fields with their synonyms and the bigram field
     * must stay under Lucene's 1024 clauses, and no caller question is longer than this.
     */
    static final int MAX_WORDS = 32;
    static final int MAX_BIGRAM_CHARS = 64;
    /** How many hits by text the region factors may reorder. */
    static final int RESCORE_WINDOW = 20;
    /**
     * A word or bigram in more than this share of the articles is left out of the query when the query has
     * rarer ones: its BM25 weight is small, its postings are the longest, and Lucene must still step through
     * them for every candidate (the cost and the recall given up: docs/benchmarks.md, knowledge base).
     */
    static final double COMMON_SHARE = 0.3;
    /**
     * Clauses of the first pass of a long query, and how many of its hits the whole query scores again
     * ({@link FirstPass}). 32: the first page's top three as the whole query's for 887 of the 890 evaluation
     * questions at 20,000 articles (16: 861, 24: 882), and only the long questions (the rambling stories, 56-110
     * clauses) take the first pass; a question of six words already has about 30 (docs/benchmarks.md, knowledge base).
     */
    static final int FIRST_PASS_CLAUSES = 32;
    static final int RESCORE_DEPTH = 100;
    /**
     * Summed postings of the collected query's clauses ({@link Halves#postings}) from which its collection is scored
     * as two doc-id halves on two threads when a core is free. At 100,000 articles (HalvesProbe, loaded box) 22 of
     * the 30 slowest text searches have 100,000 or more (the slowest 47,000-236,000) and so do 449 of the 1,577
     * evaluation questions; from 50,000 on, 970 split and the medium ones lose more than the tail gains. The real
     * knowledge base (264 articles) never reaches it.
     */
    static final long SPLIT_POSTINGS = 100_000;
    /** Passages the nearest-neighbour search returns: about ten per article, so a couple of dozen articles. */
    static final int NEAREST_PASSAGES = 200;
    /**
     * ID, phone and card numbers an agent pastes with the question: they say nothing of the topic, and the
     * model, which reads them as many tokens, would find the query far from every article.
     */
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9Xx]{0,1}[0-9]{7,}[0-9Xx]?");

    private final Analysis analysis;
    private final Ranking ranking;
    private final Clock clock;
    private final Tuning tuning;
    /** Sees each hybrid search's {@link Answerability.Signals}: the gate's probe, which fits decisions over them. */
    private final Consumer<Answerability.Signals> observer;
    /** Scores a costly collection as two halves when a core is free; {@link Halves#NONE}: always on this thread. */
    private final Halves halves;

    /**
     * What the search does to be fast, separate from what it ranks by ({@link Ranking}).
     *
     * @param countUpTo     hits counted exactly before Lucene may skip non-competitive documents (its
     *                      {@code totalHitsThreshold}); above it the total is a lower bound
     * @param mergeRepeats  a word the query has twice (北京 … 北京) as one clause of twice the boost: the same
     *                      BM25 sum with one scorer fewer per repeat
     * @param longQueryWords from this many searched words on, a query leaves out words in more than
     *                      {@code longQueryShare} of the articles (as it leaves out those in more than
     *                      {@link #COMMON_SHARE} always): in a rambling story they are 现在, 一直, 上班, the filler
     * @param longQueryShare see {@code longQueryWords}
     * @param firstPassClauses a query of more clauses is searched first by this many of them, those that can add
     *                      the most to a score ({@link FirstPass}); {@code Integer.MAX_VALUE}: always the whole query
     * @param rescoreDepth  hits of the first pass scored again with the whole query
     */
    record Tuning(int countUpTo, boolean mergeRepeats, int longQueryWords, double longQueryShare,
                  int firstPassClauses, int rescoreDepth) {
        /**
         * Repeats merged; the count and the common-word share as before. Counting only up to the window and a
         * lower share for long queries measured no clear gain on the loaded machine of 2026-12-06
         * (docs/benchmarks.md, knowledge base); the knobs stay for the quiet-box comparison.
         */
        static Tuning defaults() {
            return new Tuning(1000, true, Integer.MAX_VALUE, COMMON_SHARE, FIRST_PASS_CLAUSES, RESCORE_DEPTH);
        }

        Tuning withFirstPass(int clauses, int depth) {
            return new Tuning(countUpTo, mergeRepeats, longQueryWords, longQueryShare, clauses, depth);
        }

        Tuning withCountUpTo(int hits) {
            return new Tuning(hits, mergeRepeats, longQueryWords, longQueryShare, firstPassClauses, rescoreDepth);
        }
    }

    ArticleSearch(Analysis analysis, Ranking ranking, Clock clock) {
        this(analysis, ranking, clock, Tuning.defaults());
    }

    ArticleSearch(Analysis analysis, Ranking ranking, Clock clock, Tuning tuning) {
        this(analysis, ranking, clock, tuning, null);
    }

    ArticleSearch(Analysis analysis, Ranking ranking, Clock clock, Tuning tuning,
                  Consumer<Answerability.Signals> observer) {
        this(analysis, ranking, clock, tuning, observer, Halves.NONE);
    }

    ArticleSearch(Analysis analysis, Ranking ranking, Clock clock, Tuning tuning,
                  Consumer<Answerability.Signals> observer, Halves halves) {
        this.analysis = analysis;
        this.ranking = ranking;
        this.clock = clock;
        this.tuning = tuning;
        this.observer = observer;
        this.halves = halves;
    }

    SearchResult search(IndexSearcher searcher, SearchRequest request, QueryForms forms) throws IOException {
        return search(searcher, request, forms, null, Retrieval.LEXICAL);
    }

    /**
     * {@code dense} null or {@code mode} LEXICAL: the text search alone. Otherwise the embedding model's nearest
     * articles too, alone (DENSE, for the evaluation) or fused with the text search's list (HYBRID).
     */
    SearchResult search(IndexSearcher searcher, SearchRequest request, QueryForms forms, DenseRetrieval dense,
                        Retrieval mode) throws IOException {
        return search(searcher, request, forms, dense, mode, null);
    }

    /**
     * The same; with {@code denseWait}, a HYBRID search whose query vector is not there that long after the search
     * started answers as LEXICAL (null: it waits for the vector).
     */
    SearchResult search(IndexSearcher searcher, SearchRequest request, QueryForms forms, DenseRetrieval dense,
                        Retrieval mode, Duration denseWait) throws IOException {
        // Counted as running for the whole search, not only its collection: its other stages keep a core busy too.
        halves.started();
        try {
            return searchText(searcher, request, forms, dense, mode, denseWait);
        } finally {
            halves.ended();
        }
    }

    private SearchResult searchText(IndexSearcher searcher, SearchRequest request, QueryForms forms,
                                    DenseRetrieval dense, Retrieval mode, Duration denseWait) throws IOException {
        long started = System.nanoTime();
        if (dense == null) {
            mode = Retrieval.LEXICAL;
        }
        String text = forms.rewrite(request.cleanQuery());
        Long today = request.includeExpired() ? null : LocalDate.now(clock).toEpochDay();
        // The query is embedded, and its nearest passages searched, on the model's own pool while the text search
        // runs here.
        DenseRetrieval.Pending vector = mode == Retrieval.LEXICAL || text.isEmpty() ? null
                : dense.startQuery(LONG_NUMBER.matcher(text).replaceAll(" "), NEAREST_PASSAGES, request.category(),
                        today);
        // Stage marks (System.nanoTime) for SearchResult.Stages.
        long vectorStarted = System.nanoTime();
        // While the model's thread embeds the query and searches its passages, it holds a core a split of the text
        // search would take from it (the search waits for both): counted as running like a search.
        boolean modelBusy = vector != null && !vector.neighbours().isDone();
        if (modelBusy) {
            halves.started();
        }
        Built built;
        TopDocs top;
        long analysisNs;
        long lexicalNs;
        long mark;
        try {
            TermLookup terms = new TermLookup(searcher.getIndexReader());
            built = build(terms, text, request, true);
            analysisNs = System.nanoTime() - vectorStarted;
            mark = System.nanoTime();
            top = built == null || mode == Retrieval.DENSE ? null : top(searcher, built, request);
            lexicalNs = System.nanoTime() - mark;
            if (mode != Retrieval.DENSE && (top == null || (top.scoreDocs.length == 0 && built.leftOut()))) {
                // Nothing but common words, or the rarer ones matched nothing: search the common ones too.
                mark = System.nanoTime();
                built = build(terms, text, request, false);
                analysisNs += System.nanoTime() - mark;
                mark = System.nanoTime();
                top = built == null ? null : top(searcher, built, request);
                lexicalNs += System.nanoTime() - mark;
            }
        } finally {
            if (modelBusy) {
                halves.ended();
            }
        }
        mark = System.nanoTime();
        DenseRetrieval.Neighbours neighbours = vector == null ? DenseRetrieval.Neighbours.NONE
                : dense.nearby(vector, denseWait == null ? Long.MAX_VALUE : started + denseWait.toNanos());
        long denseNs = System.nanoTime() - mark;
        mark = System.nanoTime();
        if (neighbours == null) {
            // The model is late (a burst of searches, a busy box): the text search answers alone, by its own rules.
            mode = Retrieval.LEXICAL;
            neighbours = DenseRetrieval.Neighbours.NONE;
        }
        List<PassageIndex.Near> near = neighbours.articles();
        if (mode == Retrieval.LEXICAL && top == null) {
            return SearchResult.empty(ms(started));
        }
        ScoreDoc[] ranked = top == null ? new ScoreDoc[0]
                : RegionRescorer.rescore(searcher, top.scoreDocs, request.region(), ranking);
        QueryCoverage.Coverage explained = ranked.length == 0 ? new QueryCoverage.Coverage(0, false)
                : QueryCoverage.explained(built.terms(), analysis, forms, built.text(), ranked[0].doc);
        double coverage = explained.share();
        float similarity = near.isEmpty() ? -1 : near.get(0).similarity();
        // The rewritten text, which the model embedded: pinyin the rewrite turned into Chinese words is read.
        boolean modelReads = Ranking.modelReads(text);
        if (observer != null && mode == Retrieval.HYBRID) {
            observer.accept(Answerability.Signals.of(searcher, text, ranked, explained, neighbours));
        }
        boolean outOfScope = mode == Retrieval.HYBRID
                && ranking.outOfScope(neighbours.anchor(), similarity, explained, modelReads);
        boolean noMatch = outOfScope || switch (mode) {
            case LEXICAL -> ranked.length == 0 || ranking.noMatch(explained);
            case DENSE -> similarity < ranking.denseNoMatchBelow();
            case HYBRID -> ranked.length == 0 ? similarity < ranking.denseNoMatchBelow()
                    : ranking.noMatch(explained, similarity, modelReads);
        };
        if (noMatch) {
            OutOfScope.Anchor about = outOfScope ? neighbours.anchor().anchor() : null;
            return new SearchResult(List.of(), 0, true, ms(started), true, coverage, similarity,
                    about == null ? null : new SearchResult.Referral(about.topic(), about.referral()),
                    new SearchResult.Stages(vectorStarted - started, analysisNs, lexicalNs, denseNs,
                            System.nanoTime() - mark, 0));
        }
        int want = request.offset() + request.limit();
        ScoreDoc[] order = mode == Retrieval.LEXICAL ? ranked : fused(searcher, ranked, near, mode, request.region());
        long rankingNs = System.nanoTime() - mark;
        mark = System.nanoTime();
        ScoreDoc[] page = order.length <= request.offset() ? new ScoreDoc[0]
                : Arrays.copyOfRange(order, request.offset(), Math.min(order.length, want));
        List<SearchHit> hits = new ArrayList<>(page.length);
        if (page.length > 0) {
            Query marked = built == null ? new MatchNoDocsQuery() : built.highlight();
            String[] snippets = Snippets.of(searcher, analysis, marked, page);
            HitFields[] fields = HitFields.read(searcher, page);
            for (int i = 0; i < page.length; i++) {
                HitFields f = fields[i];
                hits.add(new SearchHit(f.id(), f.title(), f.category(), f.region(), page[i].score, snippets[i]));
            }
        }
        long total = top == null ? order.length : Math.max(top.totalHits.value, order.length);
        boolean exact = top == null || (total == top.totalHits.value && top.totalHits.relation == TotalHits.Relation.EQUAL_TO);
        return new SearchResult(hits, total, exact, ms(started), false, coverage, similarity, null,
                new SearchResult.Stages(vectorStarted - started, analysisNs, lexicalNs, denseNs, rankingNs,
                        System.nanoTime() - mark));
    }

    /**
     * The text hits and the nearest articles whose best passage is at least {@link Ranking#denseFloor} similar,
     * fused by rank ({@link Fusion}); for DENSE, the nearest articles alone. Scores are the fused ones. With an
     * agent region, the fused list is reordered by the region factors as the text hits are ({@link RegionRescorer}):
     * the model knows nothing of regions.
     */
    private ScoreDoc[] fused(IndexSearcher searcher, ScoreDoc[] ranked, List<PassageIndex.Near> near, Retrieval mode,
                             String region) throws IOException {
        Map<String, Integer> docs = new HashMap<>();
        List<String> lexical = new ArrayList<>();
        if (mode == Retrieval.HYBRID) {
            HitFields[] fields = HitFields.read(searcher, ranked);
            for (int i = 0; i < ranked.length; i++) {
                String id = fields[i].id();
                docs.put(id, ranked[i].doc);
                lexical.add(id);
            }
        }
        List<String> semantic = new ArrayList<>();
        for (PassageIndex.Near n : near) {
            if (semantic.size() < RESCORE_WINDOW && n.similarity() >= ranking.denseFloor()) {
                semantic.add(n.id());
            }
        }
        List<ScoreDoc> out = new ArrayList<>();
        for (Fusion.Fused f : Fusion.fuse(lexical, semantic)) {
            Integer doc = docs.get(f.id());
            if (doc == null) {
                doc = docOf(searcher, f.id());
                if (doc < 0) {
                    continue; // deleted between the two searches
                }
            }
            out.add(new ScoreDoc(doc, f.score()));
        }
        ScoreDoc[] fused = out.toArray(new ScoreDoc[0]);
        return region == null ? fused : RegionRescorer.rescore(searcher, fused, region, ranking);
    }

    /**
     * The live document of article {@code id}, or -1: its postings in the id field looked up directly. A search
     * ({@code TermQuery}, top 1) per article the model alone found built a weight, a scorer and a collector each
     * time to find the same one document.
     */
    static int docOf(IndexSearcher searcher, String id) throws IOException {
        BytesRef term = new BytesRef(id);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(ArticleFields.ID);
            TermsEnum te = terms == null ? null : terms.iterator();
            if (te == null || !te.seekExact(term)) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            PostingsEnum docs = te.postings(null, PostingsEnum.NONE);
            for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
                if (live == null || live.get(d)) {
                    return leaf.docBase + d;
                }
            }
        }
        return -1;
    }

    /**
     * The query to rank with, and the body words alone to mark in the snippet (the highlighter then looks at
     * one field's terms, not at every clause of the ranking query: several milliseconds less per search).
     */
    record Built(String text, Query search, Query highlight, boolean leftOut, TermLookup terms) {
    }

    TopDocs top(IndexSearcher searcher, Built built, SearchRequest request) throws IOException {
        int window = Math.max(request.offset() + request.limit(), RESCORE_WINDOW);
        Query first = FirstPass.of(built.search(), built.terms(), tuning.firstPassClauses());
        if (first == built.search()) {
            return collect(searcher, first, window, request, built.terms());
        }
        TopDocs candidates = collect(searcher, first, Math.max(window, tuning.rescoreDepth()), request, built.terms());
        return FirstPass.rescore(searcher, built.search(), first, candidates, window);
    }

    private TopDocs collect(IndexSearcher searcher, Query query, int hits, SearchRequest request, TermLookup terms)
            throws IOException {
        CollectorManager<?, TopDocs> manager = request.includeExpired()
                ? new TopScoreDocCollectorManager(hits, tuning.countUpTo())
                : new CurrentArticles(hits, tuning.countUpTo(), LocalDate.now(clock).toEpochDay());
        long postings = halves == Halves.NONE ? 0 : Halves.postings(query, terms);
        return countedUpTo(halves.search(searcher, query, manager, postings), Math.max(hits, tuning.countUpTo()));
    }

    /**
     * {@code top} with a total past {@code threshold} served as the threshold, a lower bound. Lucene counts every hit
     * up to the threshold and then only those its scorer still returns, so how far past it the count goes depends on
     * how soon pruning began: not the same for one scorer and two halves ({@link Halves}), and no figure a reader
     * could use (at 100,000 articles a count such as "1873+" says no more than "1000+").
     */
    static TopDocs countedUpTo(TopDocs top, int threshold) {
        return top.totalHits.value <= threshold ? top
                : new TopDocs(new TotalHits(threshold, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), top.scoreDocs);
    }

    /** The queries, or null when the text has no searchable word (only particles, symbols, emoji). */
    Built build(IndexReader reader, String query, SearchRequest request, boolean leaveOutCommon)
            throws IOException {
        return build(new TermLookup(reader), query, request, leaveOutCommon);
    }

    /** The same, with the terms looked up through {@code terms}, which the search's later steps share. */
    Built build(TermLookup terms, String query, SearchRequest request, boolean leaveOutCommon)
            throws IOException {
        String text = cutAtWords(query.strip());
        if (text.isEmpty()) {
            return null;
        }
        // One flat disjunction of every field's terms, each boosted by its field's weight: a sum over fields
        // (a word in the title and the body is a better sign than in one of them; dis-max scored worse on the
        // leave-one-question-out check), and flat so that Lucene's max-score scorer can skip
        // the many documents that only share a common word.
        //
        // One-character words (月, 个, 能) are left to the bigram field: as word clauses they were most of the
        // postings read for almost no recall (docs/benchmarks.md, knowledge base). A text of nothing but such
        // words (补) still searches them as words.
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        // The words are analysed once (HanLP and the synonyms are most of the cost of building the query) and the
        // title's clauses copied into the other fields: the same analyzer reads every field.
        Query titleWords = new QueryBuilder(analysis.queryWithoutLoneCharacters)
                .createBooleanQuery(ArticleFields.TITLE, text, Occur.SHOULD);
        QueryBuilder byWords = null;
        if (titleWords == null) {
            byWords = new QueryBuilder(analysis.query);
            titleWords = byWords.createBooleanQuery(ArticleFields.TITLE, text, Occur.SHOULD);
        }
        QueryBuilder byBigrams = new QueryBuilder(analysis.bigrams);
        String bigramText = text.length() > MAX_BIGRAM_CHARS ? text.substring(0, MAX_BIGRAM_CHARS) : text;
        Query highlight = null;
        Clauses boosts = new Clauses(tuning.mergeRepeats());
        List<Query> fieldQueries = new ArrayList<>();
        int words = 0;
        for (String field : ArticleFields.TEXT) {
            Query q = field.equals(ArticleFields.TITLE) ? titleWords : inField(titleWords, field);
            if (q == null && titleWords != null) {
                // A clause shape inField does not copy (a multi-word synonym as a phrase): analyse this field.
                q = (byWords != null ? byWords : new QueryBuilder(analysis.queryWithoutLoneCharacters))
                        .createBooleanQuery(field, text, Occur.SHOULD);
            }
            fieldQueries.add(q);
            if (field.equals(ArticleFields.BODY)) {
                highlight = q;
                words = q == null ? 0 : q instanceof BooleanQuery b ? b.clauses().size() : 1;
            }
        }
        double share = words >= tuning.longQueryWords() ? tuning.longQueryShare() : COMMON_SHARE;
        CommonTerms common = new CommonTerms(leaveOutCommon ? terms : null, share);
        for (int i = 0; i < ArticleFields.TEXT.size(); i++) {
            flatten(fieldQueries.get(i), ranking.weight(ArticleFields.TEXT.get(i)), boosts, common, terms);
        }
        flatten(byBigrams.createBooleanQuery(ArticleFields.BIGRAMS, bigramText, Occur.SHOULD), ranking.bigrams(),
                boosts, common, terms);
        if (boosts.isEmpty()) {
            return null;
        }
        for (int i = 0; i < boosts.queries.size(); i++) {
            all.add(new BoostQuery(boosts.queries.get(i), boosts.weights.get(i)), Occur.SHOULD);
        }
        if (request.category() != null) {
            all.add(new TermQuery(new Term(ArticleFields.CATEGORY, request.category().id())), Occur.FILTER);
        }
        return new Built(text, all.build(), highlight == null ? new MatchNoDocsQuery() : highlight, common.leftOut > 0,
                terms);
    }

    /**
     * Adds the SHOULD clauses of one field's query (or the query itself) to {@code boosts} with their field's
     * weight. With {@link Tuning#mergeRepeats} a clause already there gets the weight added to its boost (BM25 is
     * linear in the boost: the same score as the clause twice); otherwise repeats stay separate clauses.
     */
    private static void flatten(Query q, float weight, Clauses boosts, CommonTerms common, TermLookup terms)
            throws IOException {
        if (q == null) {
            return;
        }
        List<Query> clauses = q instanceof BooleanQuery b && b.clauses().stream().allMatch(c -> c.getOccur() == Occur.SHOULD)
                ? b.clauses().stream().map(c -> c.getQuery()).toList() : List.of(q);
        for (Query c : clauses) {
            if (!common.leaveOut(c)) {
                // A term clause carries its looked-up statistics, so that Lucene's scorers need not look again.
                boosts.add(c instanceof TermQuery t ? terms.query(t.getTerm()) : c, weight);
            }
        }
    }

    /**
     * The word query of one field as another field's: the same terms and synonyms in {@code field}. Null for a
     * null query, or when a clause is neither a term nor a set of synonyms (the caller then analyses the text).
     */
    static Query inField(Query q, String field) {
        if (q instanceof TermQuery t) {
            return new TermQuery(new Term(field, t.getTerm().bytes()));
        }
        if (q instanceof SynonymQuery syn) {
            SynonymQuery.Builder b = new SynonymQuery.Builder(field);
            syn.getTerms().forEach(t -> b.addTerm(new Term(field, t.bytes())));
            return b.build();
        }
        if (q instanceof BooleanQuery bq && bq.getMinimumNumberShouldMatch() == 0) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (var c : bq.clauses()) {
                Query copy = inField(c.getQuery(), field);
                if (copy == null) {
                    return null;
                }
                b.add(copy, c.getOccur());
            }
            return b.build();
        }
        return null;
    }

    /** The clauses of the query in order, with their boosts; repeats merged into one when asked. */
    private static final class Clauses {
        final List<Query> queries = new ArrayList<>();
        final List<Float> weights = new ArrayList<>();
        private final Map<Query, Integer> at;

        Clauses(boolean mergeRepeats) {
            this.at = mergeRepeats ? new HashMap<>() : null;
        }

        void add(Query q, float weight) {
            Integer i = at == null ? null : at.get(q);
            if (i != null) {
                weights.set(i, weights.get(i) + weight);
                return;
            }
            if (at != null) {
                at.put(q, queries.size());
            }
            queries.add(q);
            weights.add(weight);
        }

        boolean isEmpty() {
            return queries.isEmpty();
        }
    }

    /**
     * Which clauses of one query are too common to search ({@link #COMMON_SHARE}), counting those left out. A
     * term, or a set of synonyms one of which, is common in its own field, in the body, or (as a pair of
     * characters) anywhere: a word common in the body is left out of the title and question clauses too, where
     * it may be rare, since it says as little about the topic there. The body and pair lookups are the same for
     * a word's three field clauses, so they are made once per word.
     */
    private static final class CommonTerms {
        private final TermLookup terms;
        private final double share;
        private final Map<BytesRef, Boolean> inBodyOrPairs = new HashMap<>();
        int leftOut;

        /** {@code terms} null: nothing is left out; otherwise terms in more than {@code share} of the articles. */
        CommonTerms(TermLookup terms, double share) {
            this.terms = terms;
            this.share = share;
        }

        boolean leaveOut(Query q) throws IOException {
            if (terms == null) {
                return false;
            }
            List<Term> terms = q instanceof TermQuery t ? List.of(t.getTerm())
                    : q instanceof SynonymQuery syn ? syn.getTerms() : List.of();
            for (Term t : terms) {
                if (common(t)) {
                    leftOut++;
                    return true;
                }
            }
            return false;
        }

        private boolean common(Term t) throws IOException {
            double limit = share * terms.reader().maxDoc();
            if (terms.docFreq(t) > limit) {
                return true;
            }
            Boolean known = inBodyOrPairs.get(t.bytes());
            if (known == null) {
                known = terms.docFreq(new Term(ArticleFields.BODY, t.bytes())) > limit
                        || terms.docFreq(new Term(ArticleFields.BIGRAMS, t.bytes())) > limit;
                inBodyOrPairs.put(BytesRef.deepCopyOf(t.bytes()), known);
            }
            return known;
        }
    }

    /** The text up to its {@link #MAX_WORDS}th word. */
    private String cutAtWords(String text) {
        if (text.isEmpty()) {
            return text;
        }
        try (TokenStream ts = analysis.plain.tokenStream(ArticleFields.BODY, text)) {
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            int n = 0;
            int end = text.length();
            while (ts.incrementToken()) {
                if (++n == MAX_WORDS) {
                    end = offset.endOffset();
                    break;
                }
            }
            ts.end();
            return text.substring(0, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ms(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
