package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad usage is refused before anything starts, naming the option. */
class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aNumberOptionThatIsNoNumberIsNamed() {
        assertThat(run("--calls", "many")).isEqualTo(2);
        assertThat(errors()).contains("--calls is a number, not many").contains("usage: java -jar target/hotline-bench.jar bench agi");
        assertThat(out.size()).isZero();
    }

    @Test
    void unknownOptionsAndTargetsAreRefused() {
        assertThat(run("--callz", "5")).isEqualTo(2);
        assertThat(errors()).contains("unknown option or missing value: --callz");
        assertThat(run("--target", "asterisk")).isEqualTo(2);
        assertThat(errors()).contains("--target is a list of ours, floor, reference (or both), not asterisk");
        assertThat(run("--target", "ours,ours")).isEqualTo(2);
        assertThat(run("--prompt", "soon")).isEqualTo(2);
        assertThat(errors()).contains("--prompt is a duration");
        assertThat(run("--ramp", "1m", "--deadline", "30s")).isEqualTo(2);
        assertThat(errors()).contains("the deadline must come after the ramp");
        assertThat(run("--calls")).isEqualTo(2);
    }

    @Test
    void targetsRunInTheOrderGivenAndBothMeansOursThenTheReference() {
        assertThat(BenchCommand.targets("floor,ours")).containsExactly("floor", "ours");
        assertThat(BenchCommand.targets("both")).containsExactly("ours", "reference");
        assertThat(BenchCommand.targets("ours")).containsExactly("ours");
    }

    @Test
    void theFirstDifferenceBetweenTwoCommandSequencesIsShown() {
        assertThat(BenchCommand.firstDifference(List.of("ANSWER", "HANGUP"), List.of("ANSWER", "NOOP", "HANGUP")))
                .isEqualTo("#2 ours \"HANGUP\", reference \"NOOP\"");
        assertThat(BenchCommand.firstDifference(List.of("ANSWER"), List.of("ANSWER"))).isEqualTo("none");
    }
}
