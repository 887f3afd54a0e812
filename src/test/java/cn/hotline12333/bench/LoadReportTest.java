package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.bench.LoadReport.HeapFigures;
import cn.hotline12333.bench.LoadReport.Percentiles;
import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Percentiles by nearest rank, and the figures derived from a run. */
class LoadReportTest {

    @Test
    void nearestRankOnOneToHundred() {
        long[] values = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Percentiles.percentile(values, 50)).isEqualTo(50);
        assertThat(Percentiles.percentile(values, 99)).isEqualTo(99);
        assertThat(Percentiles.percentile(values, 100)).isEqualTo(100);
        assertThat(Percentiles.percentile(values, 0)).isEqualTo(1);
    }

    @Test
    void nearestRankRoundsTheRankUp() {
        long[] ten = LongStream.rangeClosed(1, 10).map(v -> v * 10).toArray();
        assertThat(Percentiles.percentile(ten, 50)).isEqualTo(50);
        assertThat(Percentiles.percentile(ten, 99)).isEqualTo(100); // rank ceil(9.9) = 10
        assertThat(Percentiles.percentile(ten, 91)).isEqualTo(100);
        assertThat(Percentiles.percentile(ten, 90)).isEqualTo(90);
        assertThat(Percentiles.percentile(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void percentilesSortOnlyTheFilledPartOfTheBuffer() {
        long[] buffer = {30, 10, 20, 0, 0, 0, 0};
        Percentiles p = Percentiles.of(buffer, 3);
        assertThat(p).isEqualTo(new Percentiles(3, 20, 30, 30, 30, 30));
        assertThat(buffer).startsWith(30, 10, 20); // the caller's buffer is left alone
        assertThat(Percentiles.of(buffer, 0)).isEqualTo(new Percentiles(0, 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> Percentiles.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresAreListedMostFrequentFirst() {
        LoadReport report = new LoadReport("ours", 10, 4, Map.of("b", 1, "a", 2, "c", 3), 5, Duration.ofSeconds(1),
                new Percentiles(0, 0, 0, 0, 0, 0), new Percentiles(0, 0, 0, 0, 0, 0), HeapFigures.unmeasured("test"));
        assertThat(report.failuresByCount()).extracting(Map.Entry::getKey).containsExactly("c", "a", "b");
        assertThat(report.lines()).containsSubsequence("  failed 3: c", "  failed 2: a", "  failed 1: b");
    }

    @Test
    void callsPerSecondCountsServedCallsOverTheRun() {
        LoadReport report = new LoadReport("ours", 110, 100, Map.of("x", 10), 60, Duration.ofSeconds(20),
                new Percentiles(5, 1_000_000, 2_000_000, 4_500_000, 9_000_000, 9_000_000),
                new Percentiles(4, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 3_000_000), HeapFigures.unmeasured("test"));
        assertThat(report.failed()).isEqualTo(10);
        assertThat(report.callsPerSecond()).isEqualTo(5.0);
        assertThat(report.lines()).contains("calls: started 110, served 100, failed 10", "  failed 10: x",
                "turnaround per command (5 commands): p50 / p90 / p99 / p99.9 / max 1.00 ms / 2.00 ms / 4.50 ms / "
                        + "9.00 ms / 9.00 ms",
                "  without the 1 commands around the forced GC: 1.00 ms / 1.50 ms / 2.00 ms / 3.00 ms / 3.00 ms",
                "server heap: not measured (test)");
    }
}
