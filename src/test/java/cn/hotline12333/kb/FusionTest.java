package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
    @Test
    void anArticleHighInBothListsBeatsOneFirstInOnlyOne() {
        List<Fusion.Fused> fused = Fusion.fuse(List.of("a", "b", "c"), List.of("b", "d", "a"));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "a", "d", "c");
        assertThat(fused.get(0).score()).isEqualTo(1f / (Fusion.K + 2) + 1f / (Fusion.K + 1));
    }

    @Test
    void tiesKeepTheTextSearchOrderAndAnEmptyListChangesNothing() {
        assertThat(Fusion.fuse(List.of("x", "y"), List.of("y", "x"))).extracting(Fusion.Fused::id)
                .containsExactly("x", "y");
        assertThat(Fusion.fuse(List.of("x", "y", "z"), List.of())).extracting(Fusion.Fused::id)
                .containsExactly("x", "y", "z");
        assertThat(Fusion.fuse(List.of(), List.of("q", "r"))).extracting(Fusion.Fused::id).containsExactly("q", "r");
    }

    @Test
    void hybridRefusesWhenBothSignalsAreWeakOrTheTextSearchRefusesAndTheModelIsNotConfident() {
        Ranking r = Ranking.defaults();
        QueryCoverage.Coverage weak = new QueryCoverage.Coverage(0.3, true);
        QueryCoverage.Coverage strong = new QueryCoverage.Coverage(0.9, true);
        QueryCoverage.Coverage none = new QueryCoverage.Coverage(0.05, false);
        assertThat(r.noMatch(weak, 0.55f, true)).isTrue();
        assertThat(r.noMatch(weak, 0.80f, true)).isFalse();
        assertThat(r.noMatch(strong, 0.55f, true)).isFalse();
        assertThat(r.noMatch(none, 0.70f, true)).isTrue();
        // The text search explains too little, but the model is sure: the caller's words, not the article's.
        assertThat(r.noMatch(none, r.denseConfident(), true)).isFalse();
        assertThat(r.noMatch(none, 0.95f, false)).isTrue();
        // Pinyin: the model's similarity is no evidence either way; the text search decides.
        assertThat(r.noMatch(weak, 0.55f, false)).isFalse();
    }

    @Test
    void hybridRefusesAQueryWithoutAHotlineWordThatTheModelFindsFarHoweverMuchTheTextExplains() {
        Ranking r = Ranking.defaults();
        QueryCoverage.Coverage wholeOffTopic = new QueryCoverage.Coverage(1.0, false);
        QueryCoverage.Coverage wholeTopical = new QueryCoverage.Coverage(1.0, true);
        assertThat(r.noMatch(wholeOffTopic, 0.55f, true)).isTrue();
        assertThat(r.noMatch(wholeTopical, 0.55f, true)).isFalse();
        assertThat(r.noMatch(wholeOffTopic, 0.70f, true)).isFalse();
        assertThat(r.noMatch(wholeOffTopic, 0.55f, false)).isFalse();
        assertThat(r.withFarOffTopic(0f).noMatch(wholeOffTopic, 0.55f, true)).isFalse();
    }

    @Test
    void theModelReadsAnAbbreviationInsideAChineseQuestionButNotPinyin() {
        assertThat(Ranking.modelReads("社保卡丢了怎么办")).isTrue();
        assertThat(Ranking.modelReads("QQ号被盗了怎么找回")).isTrue();
        assertThat(Ranking.modelReads("掌上12333 APP登不上去")).isTrue();
        assertThat(Ranking.modelReads("sbk 挂失")).isFalse();
        assertThat(Ranking.modelReads("shebaoka guashi")).isFalse();
        assertThat(Ranking.modelReads("养老金 daozhang shijian")).isFalse();
    }

    @Test
    void aBenchmarkVariantsVectorLeansToItsOriginalAndToThePassageMixedInButIsNeitherNorACopy() {
        float[] v = new float[512];
        v[3] = 1;
        float[] other = new float[512];
        other[7] = 1;
        float[] a = DenseRetrieval.mixed(v, other, new java.util.Random(7));
        float[] b = DenseRetrieval.mixed(v, other, new java.util.Random(7));
        float[] c = DenseRetrieval.mixed(v, other, new java.util.Random(8));
        assertThat(PassageEncoder.dot(a, a)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        // 1 / |(1, 0.5, noise of 0.1)| and half of it
        assertThat(PassageEncoder.dot(a, v)).isBetween(0.86f, 0.91f);
        assertThat(PassageEncoder.dot(a, other)).isBetween(0.42f, 0.46f);
        assertThat(a).containsExactly(b);
        assertThat(PassageEncoder.dot(a, c)).isBetween(0.97f, 0.999f);
    }
}
