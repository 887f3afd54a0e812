package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendarCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String flows, String... args) {
        return CalendarCommand.run(args, Settings.of(Map.of("HOTLINE_FLOWS", flows)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void dueGivesTheWorkingDayDeadline() {
        assertThat(run("ivr-flows", "due", "2025-09-26", "7")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("2025-10-13 (Mon)");
    }

    @Test
    void aYearWithoutCalendarIsRefusedAndBadArgumentsAreUsage() {
        assertThat(run("ivr-flows", "due", "2026-12-28", "7")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no holiday calendar for 2027");
        assertThat(run("ivr-flows", "due", "26.9.2025", "7")).isEqualTo(2);
        assertThat(run("ivr-flows", "due", "2025-09-26", "0")).isEqualTo(2);
        assertThat(run("ivr-flows", "soon")).isEqualTo(2);
    }

    @Test
    void checkPassesTheShippedCalendarAndNamesFileAndLineOfABrokenOne() {
        assertThat(run("ivr-flows", "check")).isZero();
        assertThat(run("src/test/resources/flows-broken/calendar-not-a-date", "check")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("cn-2026\\.yaml:\\d+: ");
    }
}
