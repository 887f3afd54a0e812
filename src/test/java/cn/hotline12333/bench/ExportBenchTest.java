package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The export benchmark at test scale: it runs the real route end to end and reports; no timing is asserted. */
class ExportBenchTest {

    @Test
    void aSmallExportStreamsEveryRowAndReportsItsFigures() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {"bench", "export", "--rows", "30000"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("export csv rows=30000 ")
                .contains("first_byte_ms=", "rows_per_s=", "heap_growth_mb=");
    }

    @Test
    void xlsxRunsToTheEnd() throws Exception {
        ExportBench.Figures f = ExportBench.measure(5000, "xlsx");
        assertThat(f.rows()).isEqualTo(5000);
        assertThat(f.bytes()).isPositive();
    }

    @Test
    void badOptionsPrintUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(BenchMain.run(new String[] {"bench", "export", "--rows"}, System.out, e)).isEqualTo(2);
        assertThat(BenchMain.run(new String[] {"bench", "export", "--format", "pdf"}, System.out, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(ExportBench.USAGE);
    }
}
