package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark command end to end at toy size: it must run and report both paths. No timing is checked. */
class KbBenchTest {
    @Test
    void benchReportsTheInProcessAndHttpPathsSideBySide() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = KbBench.run(new String[] {"--articles", "400", "--clients", "2", "--seconds", "1", "--rate", "40",
                        "--retrieval", "hybrid", "--embed-threads", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(report).containsPattern("index: 400 articles \\(\\d+ queries in the mix\\)")
                .containsPattern("\\| in-process KnowledgeBase.search \\| \\d+ \\| 0 \\|")
                .containsPattern("\\| HTTP GET /api/kb/search \\| \\d+ \\| 0 \\|")
                .contains("HTTP/raw throughput ratio")
                .containsPattern("searches split in two halves: \\d+ of \\d+")
                .contains("paced: 40 searches a second from 2 clients")
                .containsPattern("p99 at 40 searches a second: HTTP [0-9.]+ ms, raw [0-9.]+ ms")
                .contains("onnxruntime threads per embedding: 2");
    }

    @Test
    void embedThreadsOutsideOneToSixtyFourIsBadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KbBench.run(new String[] {"--embed-threads", "0"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("embed-threads");
    }
}
