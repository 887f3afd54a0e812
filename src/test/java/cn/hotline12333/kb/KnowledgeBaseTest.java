package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Search, articles, suggestions and counts over the real knowledge base. */
class KnowledgeBaseTest extends ReadsRealKnowledgeBase {
    private static List<String> ids(SearchRequest r) {
        return kb.search(r).hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void traditionalQueryFindsTheSimplifiedArticleAndHighlightsItsText() {
        SearchResult r = kb.search(SearchRequest.of("社保卡丟了怎麼掛失"));
        assertThat(r.hits().get(0).id()).isEqualTo("card-0003");
        assertThat(r.hits().get(0).snippet()).contains("<em>挂失</em>").doesNotContain("掛");
        assertThat(r.total()).isPositive();
        assertThat(r.totalExact()).isTrue();
    }

    @Test
    void snippetsAreEscapedHtmlWithWholeWordsMarked() {
        SearchHit hit = kb.search(SearchRequest.of("失业金怎么领取")).hits().get(0);
        assertThat(hit.category()).isEqualTo(Category.UNEMPLOYMENT);
        assertThat(hit.snippet()).containsPattern("<em>(失业保险金|失业金|领取)</em>");
        assertThat(hit.snippet().replaceAll("</?em>", "")).doesNotContain("<", ">", "\u2029", "**", "##");
    }

    @Test
    void categoryFilterKeepsOnlyThatCategory() {
        SearchResult r = kb.search(SearchRequest.of("补办").inCategory(Category.PERSONNEL));
        assertThat(r.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.category()).isEqualTo(Category.PERSONNEL));
    }

    @Test
    void theAgentsRegionRanksItsOwnArticleAboveTheNationalOne() {
        assertThat(ids(SearchRequest.of("社保卡丢了"))).first().isEqualTo("card-0003");
        assertThat(ids(SearchRequest.of("社保卡丢了").forRegion("上海市"))).first().isEqualTo("card-0015");
        assertThat(ids(SearchRequest.of("社保卡丢了").forRegion("北京市"))).first().isEqualTo("card-0016");
    }

    @Test
    void otherRegionsRankBelowTheNationalArticle() {
        List<String> forBeijing = ids(SearchRequest.of("社保卡丢了怎么补卡").forRegion("北京市").page(20, 0));
        assertThat(forBeijing).contains("card-0015");
        assertThat(forBeijing.indexOf("card-0004")).isLessThan(forBeijing.indexOf("card-0015"));
    }

    @Test
    void expiredArticlesAreHiddenUnlessAskedFor() {
        String q = "2020年阶段性减免企业社会保险费";
        assertThat(ids(SearchRequest.of(q))).doesNotContain("pension-0022");
        assertThat(ids(SearchRequest.of(q).withExpired(true))).first().isEqualTo("pension-0022");
    }

    @Test
    void pagesDoNotOverlap() {
        List<String> first = ids(SearchRequest.of("社保卡").page(5, 0));
        List<String> second = ids(SearchRequest.of("社保卡").page(5, 5));
        assertThat(first).hasSize(5);
        assertThat(second).hasSize(5).doesNotContainAnyElementsOf(first);
        assertThat(ids(SearchRequest.of("社保卡").page(10, 0))).containsExactlyElementsOf(
                java.util.stream.Stream.concat(first.stream(), second.stream()).toList());
    }

    @Test
    void hostileQueriesGiveResultsOrNothingButNeverFail() {
        List<String> hostile = List.of("title:(a OR b", "*", "\"", "\"社保卡", "社保卡 AND OR NOT", "+-&&||!(){}[]^~*?:\\/",
                "社保卡\u0000丢了", "🙂🙂🙂", "社保卡🙂丢了", "\u202e社保卡", "a".repeat(10_000), "社保卡".repeat(3_400),
                "吗呢吧啊", " ", "", "\uD800", "%00", "<script>alert(1)</script>");
        for (String q : hostile) {
            SearchResult r = kb.search(SearchRequest.of(q));
            assertThat(r.hits()).as(q.length() > 30 ? q.substring(0, 30) : q).isNotNull();
        }
        assertThat(ids(SearchRequest.of("社保卡\u0000丢了"))).first().isEqualTo("card-0003");
        assertThat(ids(SearchRequest.of("社保卡🙂丢了"))).first().isEqualTo("card-0003");
        assertThat(kb.search(SearchRequest.of("*")).hits()).isEmpty();
    }

    @Test
    void aVeryLongQueryIsCutNotRefused() {
        assertThat(SearchRequest.of("社".repeat(10_000)).cleanQuery()).hasSize(SearchRequest.MAX_QUERY_CHARS);
        assertThat(SearchRequest.of("🙂".repeat(300)).cleanQuery()).hasSize(2 * SearchRequest.MAX_QUERY_CHARS);
        assertThat(ids(SearchRequest.of("社保卡丢了怎么挂失" + "，".repeat(500) + "工伤"))).first().isEqualTo("card-0003");
    }

    @Test
    void aMisSegmentedTypoStillFindsSomethingThroughBigrams() {
        assertThat(ids(SearchRequest.of("养老保险夸省转移"))).first().isEqualTo("pension-0005");
    }

    @Test
    void aQueryOfOneCharacterWordsStillSearchesThemAsWords() {
        // 补 alone: no bigram to fall back on, so the one-character word itself is searched.
        assertThat(ids(SearchRequest.of("补"))).isNotEmpty();
        assertThat(ids(SearchRequest.of("丢 卡"))).isNotEmpty();
    }

    @Test
    void articlePageCarriesFrontMatterAndRenderedHtml() {
        ArticlePage page = kb.article("card-0001").orElseThrow();
        assertThat(page.article().title()).isEqualTo("社会保障卡怎么申领");
        assertThat(page.article().tags()).contains("社保卡");
        assertThat(page.article().sources()).isNotEmpty();
        assertThat(page.html()).contains("<h2>谁可以办</h2>", "<strong>银行网点</strong>");
        assertThat(kb.article("card-9999")).isEmpty();
    }

    @Test
    void rawHtmlInAnArticleIsEscapedAndScriptLinksDropped() {
        String html = new ArticlePages().html("正文<script>alert(1)</script>\n\n[点这里](javascript:alert(1))");
        assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>", "javascript:");
    }

    @Test
    void pinyinInitialsCompleteToTheTermFirst() {
        List<Suggestion> s = kb.suggest("sbk", 5);
        assertThat(s.get(0)).isEqualTo(new Suggestion("社保卡", null));
        assertThat(kb.suggest("SBK", 5).get(0).text()).isEqualTo("社保卡");
        assertThat(kb.suggest("sbkgs", 5)).extracting(Suggestion::text).anyMatch(t -> t.startsWith("社保卡挂失")
                || t.startsWith("社保卡丢失") || t.startsWith("社保卡怎么挂失") || t.contains("挂失"));
    }

    @Test
    void chineseTextCompletesTitlesAndQuestionsContainingIt() {
        List<Suggestion> s = kb.suggest("挂失", 5);
        assertThat(s).isNotEmpty().allSatisfy(x -> {
            assertThat(x.text()).contains("挂失");
            assertThat(x.articleId()).isNotNull();
        });
        assertThat(kb.suggest("養老", 3)).isNotEmpty().allSatisfy(x -> assertThat(x.text()).contains("养老"));
        assertThat(kb.suggest("*", 3)).isEmpty();
        assertThat(kb.suggest("🙂", 3)).isEmpty();
        assertThat(kb.suggest("社".repeat(5_000), 3)).isEmpty();
    }

    @Test
    void categoriesCountCurrentArticlesAndListEveryCategory() {
        List<CategoryCount> counts = kb.categories();
        assertThat(counts).extracting(CategoryCount::category).containsExactly(Category.values());
        assertThat(counts).allSatisfy(c -> assertThat(c.count()).isPositive());
        long expired = ArticleFiles.load(Path.of("knowledge-base")).articles().stream()
                .filter(a -> a.expiredOn(java.time.LocalDate.now(KbSettings.ZONE))).count();
        assertThat(expired).isPositive();
        assertThat(counts.stream().mapToInt(CategoryCount::count).sum()).isEqualTo(kb.size() - expired);
    }
}
