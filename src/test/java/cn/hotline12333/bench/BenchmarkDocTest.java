package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each run replaces only its own results block in docs/benchmarks.md; other sections stay as written. */
class BenchmarkDocTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileGetsTheSectionAndTheBlock() throws Exception {
        Path doc = dir.resolve("docs/benchmarks.md");
        BenchmarkDoc.write(doc, "run one");
        assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n## FastAGI load\n\n"
                + BenchmarkDoc.BEGIN + "\nrun one\n" + BenchmarkDoc.END + "\n");
    }

    @Test
    void theBlockGoesAtTheEndOfItsSectionBeforeTheNextOne() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\n## FastAGI load\n\nHow it works.\n\n## Knowledge base\n\nTheirs.\n");
        BenchmarkDoc.write(doc, "run one");
        assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n## FastAGI load\n\nHow it works.\n\n"
                + BenchmarkDoc.BEGIN + "\nrun one\n" + BenchmarkDoc.END + "\n\n## Knowledge base\n\nTheirs.\n");
    }

    @Test
    void aLaterRunReplacesTheBlockAndNothingElse() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# B\n\n## Knowledge base\n\nTheirs.\n\n## FastAGI load\n\nHow.\n\n"
                + BenchmarkDoc.BEGIN + "\nrun one\n" + BenchmarkDoc.END + "\n\nAfter.\n");
        BenchmarkDoc.write(doc, "run two\n");
        assertThat(Files.readString(doc)).isEqualTo("# B\n\n## Knowledge base\n\nTheirs.\n\n## FastAGI load\n\nHow.\n\n"
                + BenchmarkDoc.BEGIN + "\nrun two\n" + BenchmarkDoc.END + "\n\nAfter.\n");
    }

    @Test
    void ratiosKeepThreeSignificantDigits() {
        org.assertj.core.api.Assertions.assertThat(BenchmarkDoc.ratio(67.8, 34.1)).isEqualTo("1.99");
        org.assertj.core.api.Assertions.assertThat(BenchmarkDoc.ratio(51.37, 30220.37)).isEqualTo("0.0017");
        org.assertj.core.api.Assertions.assertThat(BenchmarkDoc.ratio(1, 0)).isEqualTo("n/a");
    }
}
