package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import java.text.BreakIterator;
import java.util.Locale;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.QueryBuilder;

/**
 * Turns an agent's request into a Lucene query and a page of highlighted hits. The query is built from the
 * analyzed words of the text, never parsed as query syntax, so {@code title:(a OR b} is just words. Stateless
 * apart from the analysis; safe for concurrent use.
 */
final class ArticleSearch {
    /**
     * Words and bigrams searched at most. Four fields, their twins and synonyms must stay under Lucene's 1024
     * clauses, and no caller question is longer than this.
     */
    static final int MAX_WORDS = 32;
    static final int MAX_BIGRAM_CHARS = 64;
    /** One passage of about two lines on the agent's screen, cut at sentence ends. */
    static final int SNIPPET_CHARS = 80;

    private final Analysis analysis;
    private final Ranking ranking;
    private final Clock clock;

    ArticleSearch(Analysis analysis, Ranking ranking, Clock clock) {
        this.analysis = analysis;
        this.ranking = ranking;
        this.clock = clock;
    }

    SearchResult search(IndexSearcher searcher, SearchRequest request) throws IOException {
        long started = System.nanoTime();
        Query query = query(request);
        if (query == null) {
            return SearchResult.empty(ms(started));
        }
        int want = request.offset() + request.limit();
        TopDocs top = searcher.search(query, want);
        ScoreDoc[] page = top.scoreDocs.length <= request.offset() ? new ScoreDoc[0]
                : java.util.Arrays.copyOfRange(top.scoreDocs, request.offset(), top.scoreDocs.length);
        List<SearchHit> hits = new ArrayList<>(page.length);
        if (page.length > 0) {
            String[] snippets = highlighter(searcher).highlight(ArticleFields.BODY, query,
                    new TopDocs(top.totalHits, page), 1);
            var stored = searcher.storedFields();
            for (int i = 0; i < page.length; i++) {
                var doc = stored.document(page[i].doc, java.util.Set.of(ArticleFields.ID, ArticleFields.TITLE,
                        ArticleFields.CATEGORY, ArticleFields.REGION));
                hits.add(new SearchHit(doc.get(ArticleFields.ID), doc.get(ArticleFields.TITLE),
                        Category.find(doc.get(ArticleFields.CATEGORY)).orElseThrow(), doc.get(ArticleFields.REGION),
                        page[i].score, snippet(snippets[i])));
            }
        }
        return new SearchResult(hits, top.totalHits.value, top.totalHits.relation == TotalHits.Relation.EQUAL_TO,
                ms(started));
    }

    /** The whole query, or null when the text has no searchable word (only particles, symbols, emoji). */
    Query query(SearchRequest request) {
        String text = cutAtWords(request.cleanQuery());
        if (text.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        QueryBuilder byWords = new QueryBuilder(analysis.query);
        QueryBuilder byBigrams = new QueryBuilder(analysis.bigrams);
        String bigramText = text.length() > MAX_BIGRAM_CHARS ? text.substring(0, MAX_BIGRAM_CHARS) : text;
        int clauses = 0;
        List<Query> wordQs = new ArrayList<>();
        List<Query> bigramQs = new ArrayList<>();
        for (String field : ArticleFields.TEXT) {
            float boost = ranking.weight(field);
            Query q = byWords.createBooleanQuery(field, text, Occur.SHOULD);
            if (q != null) {
                wordQs.add(new BoostQuery(q, boost));
                clauses++;
            }
            Query b = byBigrams.createBooleanQuery(field + Analysis.BIGRAM_SUFFIX, bigramText, Occur.SHOULD);
            if (b != null) {
                bigramQs.add(new BoostQuery(b, boost * ranking.bigrams()));
                clauses++;
            }
        }
        // A sum over fields, not a dis-max: a word in the title and the questions and the body is a better sign
        // than a word in one of them (dis-max with tie 0.3 lost 0.02 MRR on the leave-one-question-out check).
        wordQs.forEach(q -> words.add(q, Occur.SHOULD));
        bigramQs.forEach(q -> words.add(q, Occur.SHOULD));
        if (clauses == 0) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(words.build(), Occur.MUST);
        if (request.category() != null) {
            all.add(new TermQuery(new Term(ArticleFields.CATEGORY, request.category().id())), Occur.FILTER);
        }
        if (!request.includeExpired()) {
            long today = LocalDate.now(clock).toEpochDay();
            all.add(LongPoint.newRangeQuery(ArticleFields.EXPIRES, today, Long.MAX_VALUE), Occur.FILTER);
        }
        return regional(all.build(), request.region(), ranking);
    }

    /**
     * Region as a multiplier, so it reorders without swamping relevance: the agent's own region up, other
     * regions down (a 广东省 agent still sees a 深圳市 article, below the national one); with no agent region,
     * a regional article gives way a little to the national one on the same topic.
     */
    private static Query regional(Query q, String region, Ranking ranking) {
        Query national = new TermQuery(new Term(ArticleFields.REGION, Article.NATIONAL));
        if (region == null) {
            Query regionalOnly = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                    .add(national, Occur.MUST_NOT).build();
            return FunctionScoreQuery.boostByQuery(q, regionalOnly, ranking.noAgentRegion());
        }
        Query own = new TermQuery(new Term(ArticleFields.REGION, region));
        Query others = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                .add(national, Occur.MUST_NOT).add(own, Occur.MUST_NOT).build();
        return FunctionScoreQuery.boostByQuery(FunctionScoreQuery.boostByQuery(q, own, ranking.ownRegion()),
                others, ranking.otherRegion());
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

    private UnifiedHighlighter highlighter(IndexSearcher searcher) {
        return UnifiedHighlighter.builder(searcher, analysis.words)
                .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "…", true))
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), SNIPPET_CHARS, 0.3f))
                .withMaxNoHighlightPassages(1)
                .build();
    }

    private static String snippet(String highlighted) {
        return highlighted == null ? "" : highlighted.replace(ArticleFields.PARAGRAPH, ' ').strip();
    }

    private static long ms(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
