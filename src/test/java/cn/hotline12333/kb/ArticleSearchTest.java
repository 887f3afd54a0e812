package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArticleSearchTest {
    private static final Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));
    private static ArticleIndex index;
    private static final ArticleSearch search = new ArticleSearch(analysis, Ranking.defaults(), Clock.systemDefaultZone());
    private static final ArticleSearch withoutFloor = new ArticleSearch(analysis, Ranking.defaults().withNoMatch(0, 0),
            Clock.systemDefaultZone());
    private static final QueryForms forms = QueryForms.build(List.of(), analysis);

    @BeforeAll
    static void build() throws IOException {
        // Ten articles that all say 单位; one of them also names 三性岗位.
        index = new ArticleIndex(analysis, false);
        for (int i = 0; i < 10; i++) {
            String body = i == 3 ? "用人单位只能在三性岗位使用被派遣劳动者。" : "用人单位应当按时足额支付劳动报酬。";
            index.put(new Article(String.format("labour-relations-%04d", 900 + i), "劳动关系问题" + i,
                    Category.LABOUR_RELATIONS, List.of("劳动关系"), List.of("问题" + i), Article.NATIONAL,
                    LocalDate.of(2024, 1, 1), null, List.of("《劳动合同法》"), body, null));
        }
        index.publish();
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static SearchResult find(String text) throws IOException {
        return index.withSearcher(s -> search.search(s, SearchRequest.of(text), forms));
    }

    /**
     * The model's articles the text search did not find are looked up by id (branch kb-hybrid: through the id's
     * postings instead of a search each): the live document, never a replaced or deleted one.
     */
    @Test
    void anArticleIsFoundByIdAsItsLiveDocumentOnly() throws IOException {
        ArticleIndex own = new ArticleIndex(analysis, false);
        try {
            for (int i = 0; i < 20; i++) {
                own.put(new Article(String.format("card-%04d", 900 + i), "社保卡" + i, Category.CARD, List.of("社保卡"),
                        List.of("问题" + i), Article.NATIONAL, LocalDate.of(2024, 1, 1), null, List.of("《来源》"),
                        "正文" + i + "。", null));
            }
            own.publish();
            // The replacement in a second segment; the first keeps the deleted versions (two of its twenty documents:
            // with more deleted, Lucene's merge policy rewrites the segment without them).
            own.put(new Article("card-0900", "社保卡新版", Category.CARD, List.of("社保卡"), List.of("问题"),
                    Article.NATIONAL, LocalDate.of(2024, 1, 1), null, List.of("《来源》"), "新正文。", null));
            own.delete("card-0901");
            own.publish();
            own.withSearcher(s -> {
                int replaced = ArticleSearch.docOf(s, "card-0900");
                assertThat(replaced).isGreaterThanOrEqualTo(0);
                assertThat(HitFields.read(s, replaced).title()).isEqualTo("社保卡新版");
                assertThat(ArticleSearch.docOf(s, "card-0901")).isEqualTo(-1);
                assertThat(HitFields.read(s, ArticleSearch.docOf(s, "card-0902")).id()).isEqualTo("card-0902");
                assertThat(ArticleSearch.docOf(s, "card-0999")).isEqualTo(-1);
                return null;
            });
        } finally {
            own.close();
        }
    }

    @Test
    void aWordInMostArticlesIsLeftOutWhenTheQueryHasRarerOnes() throws IOException {
        // 单位 is in all ten: with 三性岗位 beside it, only the article naming 三性岗位 matches at all.
        SearchResult r = find("单位 三性岗位");
        assertThat(r.hits()).extracting(SearchHit::id).containsExactly("labour-relations-0903");
    }

    @Test
    void aQueryOfNothingButCommonWordsStillSearchesThem() throws IOException {
        assertThat(find("用人单位").hits()).hasSize(10);
    }

    @Test
    void whenTheRarerWordsMatchNothingTheCommonOnesAreSearched() throws IOException {
        // 尘肺病 is in no article: leaving 用人单位 out would find nothing at all.
        SearchResult r = index.withSearcher(s -> withoutFloor.search(s, SearchRequest.of("用人单位 尘肺病"), forms));
        assertThat(r.hits()).hasSize(10);
        assertThat(r.noMatch()).isFalse();
    }

    @Test
    void whatTheBestArticleExplainsTooLittleOfIsNoMatch() throws IOException {
        // With the floor, the same query is "no matching article": the rare word, most of its weight, is unexplained.
        SearchResult r = find("用人单位 尘肺病");
        assertThat(r.noMatch()).isTrue();
        assertThat(r.hits()).isEmpty();
        assertThat(r.coverage()).isBetween(0.0, Ranking.defaults().noMatchBelow());
        SearchResult answered = find("用人单位 三性岗位");
        assertThat(answered.noMatch()).isFalse();
        assertThat(answered.coverage()).isGreaterThan(0.9);
    }

    @Test
    void aQueryThatMatchesNothingIsNoMatchToo() throws IOException {
        SearchResult r = find("护照");
        assertThat(r.noMatch()).isTrue();
        assertThat(r.coverage()).isZero();
    }

    @Test
    void aRepeatedWordIsOneClauseWithItsBoostsAddedAndTheSameScores() throws IOException {
        ArticleSearch.Tuning d = ArticleSearch.Tuning.defaults();
        ArticleSearch merged = new ArticleSearch(analysis, Ranking.defaults().withNoMatch(0, 0), Clock.systemDefaultZone(),
                new ArticleSearch.Tuning(d.countUpTo(), true, d.longQueryWords(), d.longQueryShare(),
                        d.firstPassClauses(), d.rescoreDepth()));
        ArticleSearch repeated = new ArticleSearch(analysis, Ranking.defaults().withNoMatch(0, 0),
                Clock.systemDefaultZone(), new ArticleSearch.Tuning(d.countUpTo(), false, d.longQueryWords(),
                d.longQueryShare(), d.firstPassClauses(), d.rescoreDepth()));
        String text = "三性岗位 劳动报酬 三性岗位 派遣";
        SearchRequest request = SearchRequest.of(text);
        int[] clauses = index.withSearcher(s -> new int[] {
                ((org.apache.lucene.search.BooleanQuery) repeated.build(s.getIndexReader(), text, request, true)
                        .search()).clauses().size(),
                ((org.apache.lucene.search.BooleanQuery) merged.build(s.getIndexReader(), text, request, true)
                        .search()).clauses().size()});
        // 三性岗位 twice in each word field and its pairs twice in the bigram field: one clause each when merged.
        assertThat(clauses[1]).isLessThan(clauses[0]);

        SearchResult separate = index.withSearcher(s -> repeated.search(s, request, forms));
        SearchResult one = index.withSearcher(s -> merged.search(s, request, forms));
        assertThat(one.hits()).extracting(SearchHit::id).containsExactlyElementsOf(
                separate.hits().stream().map(SearchHit::id).toList());
        for (int i = 0; i < one.hits().size(); i++) {
            assertThat(one.hits().get(i).score()).isCloseTo(separate.hits().get(i).score(),
                    org.assertj.core.data.Offset.offset(1e-4f * separate.hits().get(i).score()));
        }
    }

    /** The words are analysed once and copied into each field: the same query as analysing each field. */
    @Test
    void theTitleClausesCopiedIntoAnotherFieldAreThatFieldsOwnQuery() {
        var words = new org.apache.lucene.util.QueryBuilder(analysis.queryWithoutLoneCharacters);
        int copied = 0;
        for (Evaluation.Question q : Evaluation.readDirectory(Path.of("knowledge-base/eval"))) {
            var title = words.createBooleanQuery(ArticleFields.TITLE, q.text(),
                    org.apache.lucene.search.BooleanClause.Occur.SHOULD);
            for (String field : List.of(ArticleFields.QUESTIONS, ArticleFields.BODY)) {
                var copy = ArticleSearch.inField(title, field);
                if (copy != null) {
                    copied++;
                    assertThat(copy).as(q.text()).isEqualTo(words.createBooleanQuery(field, q.text(),
                            org.apache.lucene.search.BooleanClause.Occur.SHOULD));
                }
            }
        }
        assertThat(copied).isGreaterThan(1000);
    }
}
