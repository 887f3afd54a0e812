package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FirstPassTest {
    private static final Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));
    private static final QueryForms forms = QueryForms.build(List.of(), analysis);
    private static final Ranking noFloor = Ranking.defaults().withNoMatch(0, 0);
    private static ArticleIndex index;

    @BeforeAll
    static void build() throws IOException {
        // Twelve articles about wages, three of them about dispatched workers, one about the 三性 posts.
        index = new ArticleIndex(analysis, false);
        for (int i = 0; i < 12; i++) {
            String body = i == 3 ? "用人单位只能在三性岗位使用被派遣劳动者，并按时足额支付劳动报酬。"
                    : i < 3 ? "劳务派遣单位应当按时足额支付劳动报酬。" : "用人单位应当按时足额支付劳动报酬。";
            index.put(new Article(String.format("labour-relations-%04d", 900 + i), "劳动报酬问题" + i,
                    Category.LABOUR_RELATIONS, List.of("工资"), List.of("工资" + i + "号"), Article.NATIONAL,
                    LocalDate.of(2024, 1, 1), null, List.of("《劳动合同法》"), body, null));
        }
        index.publish();
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static ArticleSearch search(int firstPassClauses) {
        return new ArticleSearch(analysis, noFloor, Clock.systemDefaultZone(),
                ArticleSearch.Tuning.defaults().withFirstPass(firstPassClauses, 100));
    }

    private static SearchResult find(ArticleSearch search, String text) throws IOException {
        return index.withSearcher(s -> search.search(s, SearchRequest.of(text).page(20, 0), forms));
    }

    private static Query clause(String word, float boost) {
        return new BoostQuery(new TermQuery(new Term(ArticleFields.BODY, word)), boost);
    }

    @Test
    void theFirstPassHitsRescoredAreTheWholeQuerysHitsInItsOrderWithItsScores() throws IOException {
        index.withSearcher(s -> {
            // 劳动报酬 is in every article: a first pass of it alone finds all the whole query does, and the
            // rescoring must then give the whole query's order and scores, not the first pass's.
            Query whole = new BooleanQuery.Builder().add(clause("劳动报酬", 1f), Occur.SHOULD)
                    .add(clause("三性岗位", 0.01f), Occur.SHOULD).add(clause("被派遣劳动者", 0.01f), Occur.SHOULD).build();
            Query first = FirstPass.of(whole, s.getIndexReader(), 1);
            assertThat(((BooleanQuery) first).clauses()).extracting(c -> c.getQuery())
                    .containsExactly(clause("劳动报酬", 1f));
            TopDocs expected = s.search(whole, 5);
            TopDocs rescored = FirstPass.rescore(s, whole, first, s.search(first, 100), 5);
            assertThat(expected.scoreDocs[0].doc).isEqualTo(3); // the rare words; the first pass ranks it last (longest body)
            assertThat(rescored.scoreDocs).extracting(d -> d.doc)
                    .containsExactlyElementsOf(Arrays.stream(expected.scoreDocs).map(d -> d.doc).toList());
            // The first pass's score plus the left-out clauses': the whole query's sum in another order.
            for (int i = 0; i < expected.scoreDocs.length; i++) {
                assertThat(rescored.scoreDocs[i].score).isCloseTo(expected.scoreDocs[i].score,
                        within(Math.ulp(expected.scoreDocs[i].score) * 2));
            }
            assertThat(rescored.totalHits.relation).isEqualTo(TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO);
            return null;
        });
    }

    @Test
    void theRescoringSearchesTheClausesTheFirstPassLeftOut() throws IOException {
        index.withSearcher(s -> {
            Query rare = clause("三性岗位", 1f);
            Query common = clause("劳动报酬", 1f);
            Query other = clause("被派遣劳动者", 0.5f);
            Query whole = new BooleanQuery.Builder().add(common, Occur.SHOULD).add(rare, Occur.SHOULD)
                    .add(other, Occur.SHOULD).add(new TermQuery(new Term(ArticleFields.CATEGORY, "x")), Occur.FILTER)
                    .build();
            Query first = FirstPass.of(whole, s.getIndexReader(), 1);
            assertThat(((BooleanQuery) FirstPass.leftOut(whole, first)).clauses()).extracting(BooleanClause::getQuery)
                    .containsExactly(common, other);
            return null;
        });
    }

    @Test
    void theClausesKeptAreThoseThatCanAddTheMost() throws IOException {
        index.withSearcher(s -> {
            // 三性岗位 is in one article, 劳动报酬 in all twelve: the rare word can add more to a score...
            assertThat(s.getIndexReader().docFreq(new Term(ArticleFields.BODY, "三性岗位"))).isEqualTo(1);
            assertThat(s.getIndexReader().docFreq(new Term(ArticleFields.BODY, "劳动报酬"))).isEqualTo(12);
            Query rare = clause("三性岗位", 1f);
            Query common = clause("劳动报酬", 1f);
            Query missing = clause("尘肺病", 1f);
            Query q = new BooleanQuery.Builder().add(common, Occur.SHOULD).add(missing, Occur.SHOULD)
                    .add(rare, Occur.SHOULD).build();
            assertThat(kept(q, s, 1)).containsExactly(rare);
            assertThat(kept(q, s, 2)).containsExactly(rare, common);
            // ...unless its boost is far lower.
            Query heavyCommon = clause("劳动报酬", 100f);
            Query weighted = new BooleanQuery.Builder().add(rare, Occur.SHOULD).add(heavyCommon, Occur.SHOULD).build();
            assertThat(kept(weighted, s, 1)).containsExactly(heavyCommon);
            return null;
        });
    }

    @Test
    void wordClausesComeBeforeCharacterPairs() throws IOException {
        index.withSearcher(s -> {
            // The pair 三性 is rarer than the word 劳动报酬 is, but the word is kept: a story's rarest pairs are noise.
            Query pair = new BoostQuery(new TermQuery(new Term(ArticleFields.BIGRAMS, "三性")), 2f);
            assertThat(s.getIndexReader().docFreq(new Term(ArticleFields.BIGRAMS, "三性"))).isEqualTo(1);
            Query word = clause("劳动报酬", 1f);
            Query q = new BooleanQuery.Builder().add(pair, Occur.SHOULD).add(word, Occur.SHOULD).build();
            assertThat(kept(q, s, 1)).containsExactly(word);
            return null;
        });
    }

    @Test
    void aQueryOfFewClausesIsSearchedWhole() throws IOException {
        index.withSearcher(s -> {
            Query q = new BooleanQuery.Builder().add(clause("三性岗位", 1f), Occur.SHOULD)
                    .add(clause("劳动报酬", 1f), Occur.SHOULD)
                    .add(new TermQuery(new Term(ArticleFields.CATEGORY, "x")), Occur.FILTER).build();
            assertThat(FirstPass.of(q, s.getIndexReader(), 2)).isSameAs(q);
            assertThat(((BooleanQuery) FirstPass.of(q, s.getIndexReader(), 1)).clauses())
                    .extracting(c -> c.getOccur()).containsExactly(Occur.SHOULD, Occur.FILTER);
            return null;
        });
    }

    /** The price of the first pass: an article only the left-out clauses match is not found at all. */
    @Test
    void anArticleOnlyTheLeftOutClausesMatchIsNotFound() throws IOException {
        String text = "三性岗位 劳务派遣单位";
        assertThat(find(search(Integer.MAX_VALUE), text).hits()).hasSizeGreaterThan(1);
        int kept = index.withSearcher(s -> ((BooleanQuery) FirstPass.of(
                search(1).build(s.getIndexReader(), text, SearchRequest.of(text), true).search(), s.getIndexReader(), 1))
                .clauses().size());
        assertThat(kept).isEqualTo(1);
        assertThat(find(search(1), text).hits()).hasSizeLessThan(find(search(Integer.MAX_VALUE), text).hits().size());
    }

    /** The clauses' queries of the first pass of {@code q} at {@code most} clauses. */
    private static List<Query> kept(Query q, IndexSearcher s, int most) throws IOException {
        return ((BooleanQuery) FirstPass.of(q, s.getIndexReader(), most)).clauses().stream()
                .map(BooleanClause::getQuery).toList();
    }
}
