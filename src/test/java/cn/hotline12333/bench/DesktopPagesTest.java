package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.kb.Evaluation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopPagesTest {

    @Test
    void thePagesTypeTheTuneSplitsQuestionsEachOnce() {
        Path eval = Path.of("knowledge-base", "eval");
        List<String> typed = DesktopPages.typed(eval);
        List<Evaluation.Question> all = Evaluation.readDirectory(eval);
        Set<String> tune = all.stream().filter(q -> q.split().equals("tune")).map(Evaluation.Question::text)
                .collect(Collectors.toSet());
        // enough for the default run's 2 legs x 20 pages x 20 searches without a repeat
        assertThat(typed).hasSizeGreaterThanOrEqualTo(800);
        assertThat(new HashSet<>(typed)).hasSameSizeAs(typed);
        assertThat(tune).containsAll(typed);
    }

    @Test
    void withoutEvaluationQuestionsThePagesTypeTheTwentyOfTheirOwn(@TempDir Path empty) {
        assertThat(DesktopPages.typed(empty.resolve("missing"))).isEqualTo(DesktopPages.QUESTIONS);
        assertThat(DesktopPages.typed(empty)).isEqualTo(DesktopPages.QUESTIONS);
    }
}
