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
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatchAllTest {
    private static final Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));
    private static final QueryForms forms = QueryForms.build(List.of(), analysis);
    private static final Ranking noFloor = Ranking.defaults().withNoMatch(0, 0);
    private static ArticleIndex index;

    @BeforeAll
    static void build() throws IOException {
        // Twelve articles about wages, three of them about dispatched workers, one about the 三性 posts; a
        // thirteenth shares only the characters 岗位 with the word 三性岗位.
        index = new ArticleIndex(analysis, false);
        for (int i = 0; i < 12; i++) {
            String body = i == 3 ? "用人单位只能在三性岗位使用被派遣劳动者，并按时足额支付劳动报酬。"
                    : i < 3 ? "劳务派遣单位应当按时足额支付劳动报酬，被派遣劳动者享有同工同酬。"
                    : "用人单位应当按时足额支付劳动报酬。";
            index.put(article(900 + i, "劳动报酬问题" + i, body));
        }
        index.put(article(950, "退休人员问题", "退休后返聘回原岗位的，不再缴纳失业保险。"));
        index.publish();
    }

    private static Article article(int n, String title, String body) {
        return new Article(String.format("labour-relations-%04d", n), title, Category.LABOUR_RELATIONS,
                List.of("工资"), List.of("工资" + n + "号"), Article.NATIONAL, LocalDate.of(2024, 1, 1), null,
                List.of("《劳动合同法》"), body, null);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static Query clause(String field, String word, float boost) {
        return new BoostQuery(new TermQuery(new Term(field, word)), boost);
    }

    private static ArticleSearch search(int catchAllDepth, long catchAllPostings) {
        return new ArticleSearch(analysis, noFloor, Clock.systemDefaultZone(),
                ArticleSearch.Tuning.defaults().withFirstPass(Integer.MAX_VALUE, 0)
                        .withCatchAll(catchAllDepth, catchAllPostings));
    }

    private static SearchResult find(ArticleSearch search, String text) throws IOException {
        return index.withSearcher(s -> search.search(s, SearchRequest.of(text).page(20, 0), forms));
    }

    @Test
    void aWordIsOneCatchAllClauseWithItsBoostsOverTheWordFieldsSummed() {
        SynonymQuery.Builder titleSyn = new SynonymQuery.Builder(ArticleFields.TITLE);
        titleSyn.addTerm(new Term(ArticleFields.TITLE, "社保卡"));
        titleSyn.addTerm(new Term(ArticleFields.TITLE, "社会保障卡"));
        SynonymQuery.Builder bodySyn = new SynonymQuery.Builder(ArticleFields.BODY);
        bodySyn.addTerm(new Term(ArticleFields.BODY, "社保卡"));
        bodySyn.addTerm(new Term(ArticleFields.BODY, "社会保障卡"));
        Query filter = new TermQuery(new Term(ArticleFields.CATEGORY, "labour-relations"));
        Query whole = new BooleanQuery.Builder()
                .add(clause(ArticleFields.TITLE, "劳动报酬", 3f), Occur.SHOULD)
                .add(new BoostQuery(titleSyn.build(), 3f), Occur.SHOULD)
                .add(clause(ArticleFields.QUESTIONS, "劳动报酬", 2f), Occur.SHOULD)
                .add(clause(ArticleFields.BODY, "劳动报酬", 1f), Occur.SHOULD)
                .add(new BoostQuery(bodySyn.build(), 1f), Occur.SHOULD)
                .add(clause(ArticleFields.BIGRAMS, "报酬", 0.2f), Occur.SHOULD)
                .add(filter, Occur.FILTER).build();
        SynonymQuery.Builder syn = new SynonymQuery.Builder(ArticleFields.WORDS);
        syn.addTerm(new Term(ArticleFields.WORDS, "社保卡"));
        syn.addTerm(new Term(ArticleFields.WORDS, "社会保障卡"));
        assertThat(((BooleanQuery) CatchAll.of(whole)).clauses()).containsExactly(
                new BooleanClause(clause(ArticleFields.WORDS, "劳动报酬", 6f), Occur.SHOULD),
                new BooleanClause(new BoostQuery(syn.build(), 4f), Occur.SHOULD),
                new BooleanClause(filter, Occur.FILTER));
    }

    @Test
    void aClauseOfAnotherShapeOrNoWordLeavesTheWholeQuery() {
        Query phrase = new BooleanQuery.Builder().add(clause(ArticleFields.TITLE, "劳动报酬", 3f), Occur.SHOULD)
                .add(new PhraseQuery(ArticleFields.BODY, "劳动", "报酬"), Occur.SHOULD).build();
        assertThat(CatchAll.of(phrase)).isNull();
        Query pairs = new BooleanQuery.Builder().add(clause(ArticleFields.BIGRAMS, "报酬", 1f), Occur.SHOULD).build();
        assertThat(CatchAll.of(pairs)).isNull();
    }

    @Test
    void theCandidatesRescoredAreTheWholeQuerysHitsAmongThemInItsOrderWithItsScores() throws IOException {
        index.withSearcher(s -> {
            String text = "被派遣劳动者的劳动报酬 三性岗位";
            Query whole = search(0, 0).build(s.getIndexReader(), text, SearchRequest.of(text), false).search();
            Query words = CatchAll.of(whole);
            // Four candidates of the thirteen, in the reverse of the whole query's order: the rescoring must give the
            // whole query's order and scores among them.
            ScoreDoc[] found = s.search(words, 4).scoreDocs;
            ScoreDoc[] reversed = new ScoreDoc[found.length];
            for (int i = 0; i < found.length; i++) {
                reversed[i] = new ScoreDoc(found[found.length - 1 - i].doc, found.length - i);
            }
            TopDocs candidates = new TopDocs(new TotalHits(9, TotalHits.Relation.EQUAL_TO), reversed);
            TopDocs rescored = CatchAll.rescore(s, whole, candidates, 20);
            int[] docs = Arrays.stream(candidates.scoreDocs).mapToInt(d -> d.doc).toArray();
            ScoreDoc[] expected = Arrays.stream(s.search(whole, 13).scoreDocs)
                    .filter(d -> Arrays.stream(docs).anyMatch(c -> c == d.doc)).toArray(ScoreDoc[]::new);
            assertThat(expected).hasSize(4);
            assertThat(rescored.scoreDocs).extracting(d -> d.doc)
                    .containsExactlyElementsOf(Arrays.stream(expected).map(d -> d.doc).toList());
            assertThat(rescored.scoreDocs).extracting(d -> d.doc)
                    .isNotEqualTo(Arrays.stream(candidates.scoreDocs).map(d -> d.doc).toList());
            for (int i = 0; i < expected.length; i++) {
                assertThat(rescored.scoreDocs[i].score).isCloseTo(expected[i].score,
                        within(Math.ulp(expected[i].score) * 4));
            }
            assertThat(rescored.totalHits).isEqualTo(new TotalHits(candidates.totalHits.value,
                    TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO));
            return null;
        });
    }

    @Test
    void withEveryWordMatchAmongTheCandidatesThePageIsTheWholeQuerys() throws IOException {
        String text = "被派遣劳动者的劳动报酬 同工同酬";
        SearchResult whole = find(search(0, 0), text);
        SearchResult catchAll = find(search(100, 0), text);
        assertThat(whole.hits()).hasSize(3);
        assertThat(catchAll.hits()).extracting(SearchHit::id)
                .containsExactlyElementsOf(whole.hits().stream().map(SearchHit::id).toList());
        for (int i = 0; i < whole.hits().size(); i++) {
            assertThat(catchAll.hits().get(i).score()).isCloseTo(whole.hits().get(i).score(),
                    within(Math.ulp(whole.hits().get(i).score()) * 4));
        }
    }

    /**
     * The price of the catch-all first pass: an article the whole query finds by character pairs alone (岗位 of
     * 三性岗位) is not a candidate. Below the postings a query must reach, the whole query is searched.
     */
    @Test
    void anArticleOnlyCharacterPairsMatchIsFoundOnlyWhenTheQueryIsNotCostly() throws IOException {
        String text = "三性岗位";
        assertThat(find(search(0, 0), text).hits()).extracting(SearchHit::id)
                .containsExactly("labour-relations-0903", "labour-relations-0950");
        assertThat(find(search(100, 0), text).hits()).extracting(SearchHit::id)
                .containsExactly("labour-relations-0903");
        assertThat(find(search(100, 1_000_000), text).hits()).extracting(SearchHit::id)
                .containsExactly("labour-relations-0903", "labour-relations-0950");
    }
}
