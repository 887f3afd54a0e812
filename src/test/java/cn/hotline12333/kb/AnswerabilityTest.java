package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signals the "no matching article" decision sees ({@link Answerability.Signals}), on the real articles and
 * anchors, and the rules' decision replayed from them ({@link Ranking#hybridNoMatch}), which GateProbe fits its
 * models beside: a replay that drifted from what the search serves would compare the models with other rules.
 */
class AnswerabilityTest extends ReadsRealKnowledgeBase {
    private record Seen(Answerability.Signals signals, SearchResult served) {
    }

    private static Seen search(String query) {
        List<Answerability.Signals> seen = new ArrayList<>();
        SearchRequest request = SearchRequest.of(query);
        kb.search(request, Retrieval.HYBRID, Ranking.defaults(), seen::add);
        assertThat(seen).hasSize(1);
        return new Seen(seen.get(0), kb.search(request, Retrieval.HYBRID));
    }

    @Test
    void anAnsweredQuestionIsExplainedNearAndAgreedOnByBothLists() {
        Seen s = search("社保卡丢了怎么挂失");
        Answerability.Signals a = s.signals();
        assertThat(s.served().noMatch()).isFalse();
        assertThat(a.coverage().share()).isGreaterThan(0.9);
        assertThat(a.coverage().topical()).isTrue();
        assertThat(a.textHits()).isPositive();
        assertThat(a.topScore()).isGreaterThan(a.secondScore()).isPositive();
        assertThat(a.similarity()).isEqualTo((float) s.served().similarity()).isGreaterThan(0.8f);
        assertThat(a.anchor()).isNotNull();
        assertThat(a.anchorLead()).isNegative();
        assertThat(a.modelReads()).isTrue();
        assertThat(a.textInDense()).isTrue();
        assertThat(a.denseInText()).isTrue();
        assertThat(a.characters()).isEqualTo("社保卡丢了怎么挂失".length());
        assertThat(Ranking.defaults().hybridNoMatch(a)).isFalse();
    }

    @Test
    void anotherAdministrationsMatterHasItsAnchorAheadAndTheReplayRefersItAsServed() {
        Seen s = search("房东不退押金怎么办");
        assertThat(s.served().noMatch()).isTrue();
        assertThat(s.served().referral()).isNotNull();
        assertThat(s.signals().anchorLead()).isGreaterThanOrEqualTo(0f);
        assertThat(s.signals().anchor().anchor().topic()).isEqualTo(s.served().referral().topic());
        assertThat(Ranking.defaults().hybridNoMatch(s.signals())).isTrue();
    }

    @Test
    void theReplayDecidesAsTheServedSearchOnEveryKindOfQuery() {
        // answered, referred, a greeting some body holds, a bare number, pinyin, a long story, keyboard mash
        for (String q : List.of("失业金怎么领", "结婚登记要带什么", "在吗", "110", "tuixiu nianling", "sbk 挂失",
                "我在厂里干了八年，老板突然说不用来了，一分钱补偿都没给，我想问问能要多少", "asdfgh", "护照过期了在哪里换")) {
            Seen s = search(q);
            assertThat(Ranking.defaults().hybridNoMatch(s.signals())).as(q).isEqualTo(s.served().noMatch());
            assertThat(s.signals().coverage().share()).as(q).isEqualTo(s.served().coverage());
        }
    }

    @Test
    void eachSignalMovesTheReplayedDecision() {
        Ranking r = Ranking.defaults();
        QueryCoverage.Coverage whole = new QueryCoverage.Coverage(1.0, true);
        QueryCoverage.Coverage little = new QueryCoverage.Coverage(0.05, true);
        OutOfScope.Anchor tenancy = new OutOfScope.Anchor("tenancy", "12345", "房东不退押金");
        OutOfScope.Match far = new OutOfScope.Match(tenancy, 0.50f);
        OutOfScope.Match near = new OutOfScope.Match(tenancy, 0.80f);
        Answerability.Signals answered = new Answerability.Signals(whole, 20, 40f, 20f, 0.85f, far, true, true, true, 9);
        assertThat(r.hybridNoMatch(answered)).isFalse();
        // the anchor nearer than every passage, the query not explained whole: referred
        QueryCoverage.Coverage most = new QueryCoverage.Coverage(0.6, true);
        assertThat(r.hybridNoMatch(with(answered, most, 20, 0.78f, true))).isFalse();
        assertThat(r.hybridNoMatch(new Answerability.Signals(most, 20, 40f, 20f, 0.78f, near, true, true, true, 9)))
                .isTrue();
        // the same read by the text search alone (pinyin): the model's similarities do not count
        assertThat(r.hybridNoMatch(new Answerability.Signals(most, 20, 40f, 20f, 0.78f, near, false, true, true, 9)))
                .isFalse();
        // too little explained: refused, unless the model is confident
        assertThat(r.hybridNoMatch(with(answered, little, 20, 0.70f, true))).isTrue();
        assertThat(r.hybridNoMatch(with(answered, little, 20, 0.85f, true))).isFalse();
        // no text hit: the model's similarity alone
        assertThat(r.hybridNoMatch(with(answered, new QueryCoverage.Coverage(0, false), 0, 0.60f, true))).isTrue();
        assertThat(r.hybridNoMatch(with(answered, new QueryCoverage.Coverage(0, false), 0, 0.70f, true))).isFalse();
        // explained whole without a hotline word, and far to the model: a greeting some body holds
        assertThat(r.hybridNoMatch(with(answered, new QueryCoverage.Coverage(1.0, false), 20, 0.55f, true))).isTrue();
    }

    private static Answerability.Signals with(Answerability.Signals s, QueryCoverage.Coverage c, int textHits,
                                              float similarity, boolean modelReads) {
        return new Answerability.Signals(c, textHits, s.topScore(), s.secondScore(), similarity, s.anchor(), modelReads,
                s.textInDense(), s.denseInText(), s.characters());
    }
}
