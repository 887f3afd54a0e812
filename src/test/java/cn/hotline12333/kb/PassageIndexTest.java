package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassageIndexTest {
    private static final long TODAY = LocalDate.of(2026, 12, 6).toEpochDay();

    private static Article article(String id, Category category, LocalDate expires) {
        return new Article(id, "标题" + id, category, List.of("标签"), List.of("问题"), Article.NATIONAL,
                LocalDate.of(2024, 1, 1), expires, List.of("《来源》"), "正文。", null);
    }

    private static float[] axis(int i) {
        float[] v = new float[512];
        v[i] = 1;
        return v;
    }

    /** Both the heap index of the real articles (float vectors) and the large one (7-bit quantized graph). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nearestArticlesComeBestFirstOnceEachAndExpiredOnesOnlyWhenAskedFor(boolean large) throws Exception {
        Random random = new Random(1);
        try (PassageIndex index = new PassageIndex(large)) {
            index.put(article("card-0001", Category.CARD, null),
                    new float[][] {DenseRetrieval.mixed(axis(0), axis(5), random), DenseRetrieval.mixed(axis(0), axis(5), random)});
            index.put(article("pension-0001", Category.PENSION, null), new float[][] {axis(1)});
            index.put(article("pension-0022", Category.PENSION, LocalDate.of(2020, 12, 31)),
                    new float[][] {DenseRetrieval.mixed(axis(1), axis(6), random)});
            index.publish();

            List<PassageIndex.Near> near = index.nearest(axis(0), 10, null, TODAY);
            assertThat(near).extracting(PassageIndex.Near::id).containsExactly("card-0001", "pension-0001");
            assertThat(near.get(0).similarity()).isBetween(0.8f, 0.95f);
            assertThat(index.nearest(axis(1), 10, null, null)).extracting(PassageIndex.Near::id)
                    .containsExactly("pension-0001", "pension-0022", "card-0001");
            assertThat(index.nearest(axis(0), 10, Category.PENSION, TODAY)).extracting(PassageIndex.Near::id)
                    .containsExactly("pension-0001");
        }
    }

    /**
     * The passages' articles are read in document order, a segment at a time (branch kb-hybrid), and still come
     * best first: here the best passages are in the last segments and an expired article's passage lies between.
     */
    @Test
    void articlesOfPassagesInSeveralSegmentsComeBestFirstWhateverTheirDocumentOrder() throws Exception {
        try (PassageIndex index = new PassageIndex(false)) {
            index.put(article("card-0001", Category.CARD, null), new float[][] {axis(3), axis(0)});
            index.publish();
            index.put(article("pension-0022", Category.PENSION, LocalDate.of(2020, 12, 31)), new float[][] {axis(1)});
            index.publish();
            float[] near = new float[512];
            near[0] = 1;
            near[1] = 0.9f;
            near[2] = 0.5f;
            index.put(article("pension-0001", Category.PENSION, null), new float[][] {axis(2), axis(1)});
            index.publish();
            assertThat(index.nearest(near, 10, null, TODAY)).extracting(PassageIndex.Near::id)
                    .containsExactly("card-0001", "pension-0001");
            List<PassageIndex.Near> all = index.nearest(near, 10, null, null);
            assertThat(all).extracting(PassageIndex.Near::id)
                    .containsExactly("card-0001", "pension-0022", "pension-0001");
            assertThat(all.get(1).similarity()).isEqualTo(all.get(2).similarity());
            assertThat(all.get(0).similarity()).isGreaterThan(all.get(1).similarity());
        }
    }

    /**
     * The large index loads flat vectors and builds its graph once, in the forced merge, even when the load left
     * one segment; what comes after the merge is written with its graph too.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void theLargeIndexGetsItsGraphInTheForcedMerge(int segments) throws Exception {
        try (PassageIndex index = new PassageIndex(true)) {
            index.bulkLoad();
            for (int s = 0; s < segments; s++) {
                index.put(article("card-000" + s, Category.CARD, null), new float[][] {axis(s), axis(s + 10)});
                index.publish();
            }
            assertThat(index.segmentFormats()).hasSize(segments)
                    .containsOnly("Lucene99ScalarQuantizedVectorsFormat");

            index.forceMerge();
            assertThat(index.segmentFormats()).containsExactly("Lucene99HnswScalarQuantizedVectorsFormat");
            assertThat(index.nearest(axis(segments - 1), 1, null, TODAY)).extracting(PassageIndex.Near::id)
                    .containsExactly("card-000" + (segments - 1));

            index.put(article("pension-0001", Category.PENSION, null), new float[][] {axis(40)});
            index.publish();
            assertThat(index.segmentFormats()).containsOnly("Lucene99HnswScalarQuantizedVectorsFormat");
        }
    }

    @Test
    void aReplacedArticleKeepsOnlyItsNewPassages() throws Exception {
        try (PassageIndex index = new PassageIndex(false)) {
            index.put(article("card-0001", Category.CARD, null), new float[][] {axis(0), axis(2)});
            index.publish();
            index.put(article("card-0001", Category.CARD, null), new float[][] {axis(3)});
            index.publish();
            assertThat(index.nearest(axis(0), 10, null, TODAY)).singleElement()
                    .satisfies(n -> assertThat(n.similarity()).isCloseTo(0f, org.assertj.core.data.Offset.offset(0.01f)));
        }
    }
}
