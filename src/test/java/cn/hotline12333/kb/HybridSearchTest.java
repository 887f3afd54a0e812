package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding model's side of the search, on the real articles. Every test here shares the process's one model
 * ({@link PassageEncoder#shared}) and the vectors cached in knowledge-base/.cache, so only the first knowledge base
 * opened in a build embeds the articles.
 */
class HybridSearchTest extends ReadsRealKnowledgeBase {
    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void hybridIsOnByDefaultWhenTheModelIsOnTheClasspath() {
        assertThat(KbSettings.denseAvailable()).isTrue();
        assertThat(kb.hybrid()).isTrue();
        SearchResult r = kb.search(SearchRequest.of("社保卡丢了怎么挂失"));
        assertThat(ids(r)).first().isEqualTo("card-0003");
        assertThat(r.similarity()).isGreaterThan(0.8);
    }

    @Test
    void aQuestionSearchedAgainReusesItsVectorAndRanksTheSame() {
        KnowledgeBase.QueryEmbedding before = kb.queryEmbedding();
        SearchResult first = kb.search(SearchRequest.of("单位一直没给我交社保能去哪里投诉"));
        SearchResult again = kb.search(SearchRequest.of("单位一直没给我交社保能去哪里投诉"));
        KnowledgeBase.QueryEmbedding after = kb.queryEmbedding();
        assertThat(after.embedded() - before.embedded()).isEqualTo(1);
        assertThat(after.cached() - before.cached()).isEqualTo(1);
        assertThat(after.late()).isZero(); // no KB_DENSE_WAIT here: every search waits for its vector
        assertThat(again.hits()).isEqualTo(first.hits());
        assertThat(again.similarity()).isEqualTo(first.similarity()).isGreaterThan(0);
    }

    @Test
    void aQueryIsEmbeddedFromItsFirstSixtyFourTokensOnly() {
        PassageEncoder encoder = PassageEncoder.shared(1, Path.of("knowledge-base", KbSettings.DEFAULT_CACHE, "native"))
                .orElseThrow();
        // 80 characters, a token each: past the query limit, within the passages' 128
        String story = "我在老家的工厂干了十几年活，前年厂子倒闭了，老板跑了，社保也断了两年多，现在我五十八岁了，"
                + "想问一下我这种情况以后还能不能按月领养老金，断掉的这几年能不能自己补交上";
        assertThat(story.length()).isGreaterThan(PassageEncoder.QUERY_TOKENS + 10);
        float[] query = encoder.embedQuery(story, PassageEncoder.QUERY_TOKENS);
        org.assertj.core.data.Offset<Float> same = org.assertj.core.data.Offset.offset(1e-5f);
        assertThat(encoder.embedQuery(story + "，我该去哪里办", PassageEncoder.QUERY_TOKENS)).containsExactly(query, same);
        assertThat(PassageEncoder.dot(encoder.embed(story), query)).isLessThan(0.999f);
        String question = "社保卡丢了怎么挂失";
        assertThat(encoder.embedQuery(question, PassageEncoder.QUERY_TOKENS)).containsExactly(encoder.embed(question), same);
    }

    @Test
    void aQueryThroughItsThreadsBuffersGetsTheVectorOfTheBatchPath() {
        PassageEncoder encoder = PassageEncoder.shared(1, Path.of("knowledge-base", KbSettings.DEFAULT_CACHE, "native"))
                .orElseThrow();
        String question = "社保卡丢了怎么挂失";
        float[] alone = encoder.embed(question); // fresh tensors, as passages are embedded
        // fills this thread's buffers to the limit: what a shorter query leaves of them must not matter
        encoder.embedQuery("我在老家的工厂干了十几年活，前年厂子倒闭了，老板跑了，社保也断了两年多，现在我五十八岁了，"
                + "想问一下我这种情况以后还能不能按月领养老金，断掉的这几年能不能自己补交上", PassageEncoder.QUERY_TOKENS);
        assertThat(encoder.embedQuery(question, PassageEncoder.QUERY_TOKENS)).isEqualTo(alone);
        float[] elsewhere = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> encoder.embedQuery(question, PassageEncoder.QUERY_TOKENS)).join();
        assertThat(elsewhere).isEqualTo(alone);
    }

    @Test
    void theModelAloneFindsAQuestionPutInOtherWords() {
        SearchResult r = kb.search(SearchRequest.of("钱包连同社保卡一起被人偷走了"), Retrieval.DENSE);
        assertThat(ids(r).subList(0, 3)).contains("card-0003");
        assertThat(r.noMatch()).isFalse();
    }

    @Test
    void aQuestionNoArticleAnswersGetsNoMatchingArticle() {
        SearchResult r = kb.search(SearchRequest.of("明天北京会下雨吗"));
        assertThat(r.noMatch()).isTrue();
        assertThat(r.hits()).isEmpty();
        assertThat(kb.search(SearchRequest.of("明天北京会下雨吗"), Retrieval.DENSE).noMatch()).isTrue();
    }

    @Test
    void aQuestionAboutAnotherAdministrationsMatterIsReferredNotAnswered() {
        // Near our articles to the model (a landlord, a deposit, money owed), nearer still to the tenancy anchor.
        SearchResult r = kb.search(SearchRequest.of("租的房子到期了房东扣着押金不还"));
        assertThat(r.noMatch()).isTrue();
        assertThat(r.hits()).isEmpty();
        assertThat(r.referral()).isNotNull();
        assertThat(r.referral().topic()).isEqualTo("tenancy");
        assertThat(r.referral().to()).contains("12345");
        // Without the anchors' rule the same question gets articles: the anchors are what refuses it.
        Ranking noAnchors = Ranking.defaults().withAnchor(99f, 0, 99f);
        assertThat(kb.search(SearchRequest.of("租的房子到期了房东扣着押金不还"), Retrieval.HYBRID, noAnchors).noMatch())
                .isFalse();
    }

    @Test
    void aWordAnArticleMerelyMentionsIsReferredWhenTheAnchorIsClearlyNearer() {
        // 护照 is in the article on settling abroad, so the text search explains the question whole; the exit-entry
        // anchor is still far nearer than any article passage.
        SearchResult r = kb.search(SearchRequest.of("护照怎么办"));
        assertThat(r.coverage()).isEqualTo(1.0);
        assertThat(r.noMatch()).isTrue();
        assertThat(r.referral().topic()).isEqualTo("exit-entry");
        Ranking noWholeLead = Ranking.defaults().withAnchor(0f, 1.0, 99f);
        assertThat(kb.search(SearchRequest.of("护照怎么办"), Retrieval.HYBRID, noWholeLead).noMatch()).isFalse();
    }

    @Test
    void pinyinTheRewriteTurnsIntoChineseIsJudgedByTheModelLikeTheChinese() {
        // jiehun dengji is embedded as 结婚登记: the marriage anchor refers it as it refers the Chinese question
        // (before, the model was not asked about a query typed in Latin letters and employment-0001 answered it).
        SearchResult r = kb.search(SearchRequest.of("jiehun dengji"));
        assertThat(r.noMatch()).isTrue();
        assertThat(r.referral().topic()).isEqualTo("marriage");
        assertThat(ids(kb.search(SearchRequest.of("shebaoka guashi")))).first().isEqualTo("card-0003");
    }

    @Test
    void aGreetingOrABareNumberSomeBodyHappensToHoldIsNotAnswered() {
        for (String q : List.of("在吗", "2025")) {
            SearchResult r = kb.search(SearchRequest.of(q));
            assertThat(r.noMatch()).as(q).isTrue();
            assertThat(r.coverage()).as(q).isEqualTo(1.0);
            Ranking noFarFloor = Ranking.defaults().withFarOffTopic(0f);
            assertThat(kb.search(SearchRequest.of(q), Retrieval.HYBRID, noFarFloor).noMatch()).as(q).isFalse();
        }
        // The hotline's own number is a hotline word: answered.
        SearchResult ours = kb.search(SearchRequest.of("12333"));
        assertThat(ours.noMatch()).isFalse();
        assertThat(ids(ours)).contains("hotline-0001");
    }

    @Test
    void anAnswerableQuestionNearAnAnchorsTopicIsStillAnswered() {
        // Marriage is an anchor's topic; marriage leave is ours.
        SearchResult r = kb.search(SearchRequest.of("下个月结婚了，公司给几天婚假"));
        assertThat(r.noMatch()).isFalse();
        assertThat(r.referral()).isNull();
        assertThat(ids(r).subList(0, 3)).contains("labour-relations-0028");
        // A traffic accident on the way home is an anchor's topic too; the work-injury question is ours.
        assertThat(ids(kb.search(SearchRequest.of("下班路上被车撞了能算工伤吗"))).subList(0, 3))
                .contains("work-injury-0003");
    }

    @Test
    void theNearestPassagesAreSearchedOnThePoolThatEmbedsTheQueryWithoutWaitingForTheCaller() throws IOException {
        DenseRetrieval dense = kb.dense();
        DenseRetrieval.Pending pending = dense.startQuery("失业金每个月能领多少钱", ArticleSearch.NEAREST_PASSAGES,
                null, null);
        // Nobody collects the result here: the thread that embedded the query searches its neighbours on its own.
        await().atMost(Duration.ofSeconds(30)).until(() -> pending.neighbours().isDone());
        DenseRetrieval.Neighbours found = dense.nearby(pending, Long.MAX_VALUE);
        assertThat(found).isSameAs(pending.neighbours().join());
        assertThat(found.articles()).isNotEmpty();
        assertThat(found.articles().get(0).id()).startsWith("unemployment-");
    }

    @Test
    void theCategoryFilterHoldsForTheModelsArticlesToo() {
        String q = "养老金每个月几号发到卡上";
        assertThat(kb.search(SearchRequest.of(q), Retrieval.DENSE).hits()).anyMatch(h -> h.category() != Category.PENSION);
        SearchResult r = kb.search(SearchRequest.of(q).inCategory(Category.PENSION), Retrieval.DENSE);
        assertThat(r.hits()).isNotEmpty().allMatch(h -> h.category() == Category.PENSION);
        assertThat(kb.search(SearchRequest.of(q).inCategory(Category.CARD)).hits())
                .allMatch(h -> h.category() == Category.CARD);
    }

    @Test
    void aRestartEmbedsNothingTheCacheHolds() {
        try (KnowledgeBase again = KnowledgeBase.open(Path.of("knowledge-base"), KbSettings.defaults().withWatch(false))) {
            assertThat(again.embeddedPassages()).isZero();
            assertThat(again.hybrid()).isTrue();
        }
    }

    @Test
    void switchedOffTheSearchIsTheTextSearchAlone() {
        try (KnowledgeBase lexical = KnowledgeBase.open(Path.of("knowledge-base"),
                KbSettings.defaults().withWatch(false).withDense(false))) {
            assertThat(lexical.hybrid()).isFalse();
            SearchResult r = lexical.search(SearchRequest.of("社保卡丢了怎么挂失"));
            assertThat(ids(r)).first().isEqualTo("card-0003");
            assertThat(r.similarity()).isEqualTo(-1);
            assertThat(lexical.search(SearchRequest.of("社保卡丢了怎么挂失"), Retrieval.HYBRID).similarity()).isEqualTo(-1);
        }
    }

    @Test
    void aReloadEmbedsOnlyTheChangedPassages(@TempDir Path dir) throws IOException {
        Path articles = dir.resolve("articles").resolve("card");
        Files.createDirectories(articles);
        Files.createDirectories(dir.resolve("analysis"));
        try (var files = Files.list(Path.of("knowledge-base", "analysis"))) {
            for (Path p : files.toList()) {
                // Without the out-of-scope anchors: they are embedded at opening too, and this counts article passages.
                if (!p.getFileName().toString().equals(OutOfScope.FILE)) {
                    Files.copy(p, dir.resolve("analysis").resolve(p.getFileName().toString()));
                }
            }
        }
        Path file = articles.resolve("card-0901.md");
        Files.writeString(file, article("card-0901", "社保卡密码忘了怎么办", "社保卡密码想不起来了"), StandardCharsets.UTF_8);
        Files.writeString(articles.resolve("card-0902.md"), article("card-0902", "社保卡怎么激活", "新卡拿到手怎么启用"),
                StandardCharsets.UTF_8);
        KbSettings settings = KbSettings.defaults().withDebounce(Duration.ofMillis(50)).withCacheDir(dir.resolve("cache"));
        try (KnowledgeBase small = KnowledgeBase.open(dir, settings)) {
            // two articles: a title, a question and a body opening each; the two bodies are the same text,
            // embedded once
            assertThat(small.embeddedPassages()).isEqualTo(5);
            Files.writeString(file, article("card-0901", "社保卡密码忘了怎么办", "社保卡密码输错三次被锁了"), StandardCharsets.UTF_8);
            // Before the edit no passage is near enough to answer; once the reload is published, the new one is.
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(small.search(SearchRequest.of("密码输错三次被锁了"),
                    Retrieval.DENSE)).contains("card-0901"));
            assertThat(small.embeddedPassages()).isEqualTo(6);
        }
        try (KnowledgeBase restarted = KnowledgeBase.open(dir, settings.withWatch(false))) {
            assertThat(restarted.embeddedPassages()).isZero();
        }
    }

    private static String article(String id, String title, String question) {
        return """
                ---
                id: %s
                title: %s
                category: card
                tags: [社保卡]
                questions:
                  - %s
                region: national
                effective: 2024-01-01
                sources:
                  - 《社会保障卡管理办法》
                ---
                持社保卡和身份证到服务网点办理，也可以在当地人社APP办理。
                """.formatted(id, title, question);
    }
}
