package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How queries waiting together are grouped into runs of the model. */
class PassageEncoderTest {

    @Test
    void queriesOfSimilarLengthShareARunAndLongerOnesRunApart() {
        // token lengths of six queries: four short questions, a long one, a caller's story at the limit
        int[] lengths = {16, 40, 15, 17, 64, 16};
        assertThat(PassageEncoder.runsOf(lengths)).containsExactly(List.of(2, 0, 5, 3), List.of(1), List.of(4));
    }

    @Test
    void aRunStopsWhenTheNextTextWouldPadItsTextsByMoreThanEightTokens() {
        // 10 pads the 8 by 2 tokens: joins; 13 pads the two by 3 each (6): joins; 16 would pad the three by 3 each
        // (9): a run of its own
        assertThat(PassageEncoder.runsOf(new int[] {8, 10, 13, 16})).containsExactly(List.of(0, 1, 2), List.of(3));
    }

    @Test
    void aRunHoldsAtMostEightTexts() {
        int[] lengths = new int[PassageEncoder.QUERY_BATCH + 1];
        java.util.Arrays.fill(lengths, 12);
        List<List<Integer>> runs = PassageEncoder.runsOf(lengths);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).hasSize(PassageEncoder.QUERY_BATCH);
    }

    @Test
    void noTextsNoRuns() {
        assertThat(PassageEncoder.runsOf(new int[0])).isEmpty();
    }
}
