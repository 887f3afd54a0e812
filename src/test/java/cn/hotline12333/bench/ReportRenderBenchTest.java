package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The render benchmark drives the real Chromium through DevTools to the end: the page shows every row of a small
 * report and the chart finishes, each round. Like the page tests, it fails (never skips) without Chromium. No
 * timing is asserted.
 */
class ReportRenderBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReportRenderBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSmallReportIsDrawnInEveryRound() {
        assertThat(run("--queues", "2", "--rounds", "2")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern(
                "render queues=2 rows=192 rounds=2 first_ms=\\d+ median_ms=\\d+ max_ms=\\d+ all_ms=\\[\\d+, \\d+\\]");
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(run("--rounds", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rounds must be between 1 and 1000")
                .contains("usage: hotline bench render");
    }
}
