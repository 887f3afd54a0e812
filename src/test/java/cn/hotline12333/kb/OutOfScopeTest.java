package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutOfScopeTest {
    private static final Path FILE = Path.of("analysis/out-of-scope.tsv");
    private static final QueryCoverage.Coverage HALF = new QueryCoverage.Coverage(0.5, true);
    private static final QueryCoverage.Coverage WHOLE = new QueryCoverage.Coverage(1.0, true);

    private static OutOfScope twoAnchors() {
        OutOfScope o = OutOfScope.parse(FILE, List.of(
                "# comment",
                "marriage\t民政部门\t结婚登记",
                "",
                "tenancy\t12345\t房东不退押金"));
        o.setVectors(new float[][] {{1, 0, 0}, {0, 1, 0}});
        return o;
    }

    @Test
    void anchorsAreReadAndTheNearestOneIsFound() {
        OutOfScope o = twoAnchors();
        assertThat(o.problems()).isEmpty();
        assertThat(o.texts()).containsExactly("结婚登记", "房东不退押金");
        OutOfScope.Match m = o.nearest(new float[] {0.6f, 0.8f, 0});
        assertThat(m.anchor()).isEqualTo(new OutOfScope.Anchor("tenancy", "12345", "房东不退押金"));
        assertThat(m.similarity()).isEqualTo(0.8f);
        assertThat(OutOfScope.none().nearest(new float[] {1, 0, 0})).isNull();
    }

    @Test
    void aLineInAnotherEncodingIsAProblemAtItsLineAndTheOthersAreRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.write("marriage\t民政部门\t结婚登记\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // 房东 saved as GBK: not UTF-8
        file.write("tenancy\t12345\t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        file.write(new byte[] {(byte) 0xB7, (byte) 0xBF, (byte) 0xB6, (byte) 0xAB, '\n'});
        file.write("pension\t社保\t养老金\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Files.createDirectories(dir.resolve("analysis"));
        java.nio.file.Files.write(dir.resolve("analysis").resolve(OutOfScope.FILE), file.toByteArray());
        OutOfScope o = OutOfScope.load(dir.resolve("analysis"));
        assertThat(o.texts()).containsExactly("结婚登记", "养老金");
        assertThat(o.problems()).extracting(ArticleProblem::line, ArticleProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "not UTF-8 text: line skipped"));
    }

    @Test
    void aLineWithoutThreeColumnsIsAProblemAtItsLine() {
        OutOfScope o = OutOfScope.parse(FILE, List.of("marriage\t民政部门\t结婚登记", "tenancy\t房东不退押金"));
        assertThat(o.anchors()).hasSize(1);
        assertThat(o.problems()).extracting(ArticleProblem::line).containsExactly(2);
    }

    @Test
    void aQueryAtLeastAsNearToAnAnchorAsToAnyArticleIsOutOfScope() {
        Ranking r = Ranking.defaults();
        OutOfScope.Match anchor = new OutOfScope.Match(new OutOfScope.Anchor("tenancy", "12345", "房东不退押金"), 0.90f);
        // The landlord's deposit: the anchor 0.90, the nearest article passage 0.72.
        assertThat(r.outOfScope(anchor, 0.72f, HALF, true)).isTrue();
        // A question an article answers: its passage is nearer than the anchor.
        assertThat(r.outOfScope(anchor, 0.95f, HALF, true)).isFalse();
        // Explained whole by the text search: refused only when the anchor is clearly nearer (a word an article
        // merely mentions: 护照 in the article on settling abroad).
        assertThat(r.outOfScope(anchor, 0.88f, WHOLE, true)).isFalse();
        assertThat(r.outOfScope(anchor, 0.80f, WHOLE, true)).isTrue();
        // Read by the text search alone (pinyin): never refused by the anchor.
        assertThat(r.outOfScope(anchor, 0.72f, HALF, false)).isFalse();
        assertThat(r.outOfScope(null, 0.72f, HALF, true)).isFalse();
    }

    @Test
    void theShippedAnchorsReadWithoutProblemsAndNameAReferralEach() {
        OutOfScope o = OutOfScope.load(Path.of("knowledge-base/analysis"));
        assertThat(o.problems()).isEmpty();
        assertThat(o.anchors()).hasSizeGreaterThan(40).allSatisfy(a -> assertThat(a.referral()).isNotBlank());
    }
}
