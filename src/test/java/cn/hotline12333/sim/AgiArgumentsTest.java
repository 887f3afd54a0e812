package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgiArgumentsTest {

    @Test
    void blanksAndTabsSeparateWords() {
        assertThat(AgiArguments.parse("GET  DATA\tbeep 3000 1")).containsExactly("GET", "DATA", "beep", "3000", "1");
    }

    @Test
    void quotesKeepBlanksAndVanish() {
        assertThat(AgiArguments.parse("SET VARIABLE HOTLINE_TOPIC \"pension query\""))
                .containsExactly("SET", "VARIABLE", "HOTLINE_TOPIC", "pension query");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() {
        assertThat(AgiArguments.parse("STREAM FILE beep \"\"")).containsExactly("STREAM", "FILE", "beep", "");
    }

    @Test
    void aQuoteInsideAWordTogglesQuotingWithoutSplitting() {
        assertThat(AgiArguments.parse("EXEC Queue a\"b c\"d e")).containsExactly("EXEC", "Queue", "ab cd", "e");
    }

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertThat(AgiArguments.parse("SET VARIABLE X \"say \\\"hi\\\" \\\\ now\""))
                .containsExactly("SET", "VARIABLE", "X", "say \"hi\" \\ now");
        assertThat(AgiArguments.parse("VERBOSE two\\ words 1")).containsExactly("VERBOSE", "two words", "1");
    }

    @Test
    void anUnclosedQuoteRunsToTheEndOfTheLine() {
        assertThat(AgiArguments.parse("VERBOSE \"a b")).containsExactly("VERBOSE", "a b");
    }

    @Test
    void carriageReturnStaysInTheLastWordAsAsteriskOnlyDropsTheNewline() {
        assertThat(AgiArguments.parse("ANSWER\r")).containsExactly("ANSWER\r");
    }

    @Test
    void wordsBeyondAsterisksLimitAreDropped() {
        String line = "VERBOSE" + " x".repeat(200);
        List<String> args = AgiArguments.parse(line);
        assertThat(args).hasSize(AgiArguments.MAX_ARGS - 1);
    }

    @Test
    void emptyLineHasNoWords() {
        assertThat(AgiArguments.parse("")).isEmpty();
        assertThat(AgiArguments.parse("   ")).isEmpty();
    }

    @Test
    void numbersAreReadLikeAtoiAndScanf() {
        assertThat(AgiArguments.atoi("3000")).isEqualTo(3000);
        assertThat(AgiArguments.atoi(" -1")).isEqualTo(-1);
        assertThat(AgiArguments.atoi("12abc")).isEqualTo(12);
        assertThat(AgiArguments.atoi("abc")).isZero();
        assertThat(AgiArguments.scan("abc")).isEmpty();
        assertThat(AgiArguments.scan("+7s")).hasValue(7);
    }

    @Test
    void commandWordsCompareIgnoringOnlyAsciiCase() {
        assertThat(AgiArguments.equalsIgnoringAsciiCase("Stream", "sTREAM")).isTrue();
        assertThat(AgiArguments.equalsIgnoringAsciiCase("stream", "\u017ftream")).isFalse();
    }
}
