package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped schedule (weekdays 08:30-12:00 and 13:00-17:30, Asia/Shanghai) on real 2026 dates. */
class WorkingHoursTest {
    private static WorkingHours hours;

    @BeforeAll
    static void load() {
        FlowDirectory.Result result = FlowDirectory.read(Path.of("ivr-flows"));
        assertThat(result.problems()).isEmpty();
        hours = result.flows().hours();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "2026-11-23T10:00+08:00, true,  a Monday morning",
            "2026-11-23T08:29+08:00, false, a minute before opening",
            "2026-11-23T08:30+08:00, true,  opening",
            "2026-11-23T12:30+08:00, false, lunch",
            "2026-11-23T13:00+08:00, true,  after lunch",
            "2026-11-23T17:29+08:00, true,  last minute",
            "2026-11-23T17:30+08:00, false, closing",
            "2026-11-27T16:00+08:00, true,  a Friday afternoon",
            "2026-11-21T10:00+08:00, false, a Saturday",
            "2026-11-22T10:00+08:00, false, a Sunday",
            "2026-10-01T10:00+08:00, false, National Day",
            "2026-10-07T10:00+08:00, false, last day of the National Day holiday (a Wednesday)",
            "2026-10-08T10:00+08:00, true,  the Thursday after it",
            "2026-10-10T10:00+08:00, true,  Saturday worked for National Day",
            "2026-10-10T12:30+08:00, false, lunch on that Saturday (Monday hours)",
            "2026-09-20T10:00+08:00, true,  Sunday worked for National Day",
            "2026-02-14T10:00+08:00, true,  Saturday worked for the Spring Festival",
            "2026-02-16T10:00+08:00, false, Spring Festival eve, a Monday",
            "2026-02-23T10:00+08:00, false, last day of the Spring Festival holiday, a Monday",
            "2026-05-09T10:00+08:00, true,  Saturday worked for Labour Day",
            "2026-01-02T10:00+08:00, false, the Friday after New Year's Day",
            "2026-04-06T10:00+08:00, false, Qingming Monday",
            "2026-06-19T10:00+08:00, false, Dragon Boat Festival, a Friday",
            "2026-09-25T10:00+08:00, false, Mid-Autumn Festival, a Friday",
    })
    void hotlineIsOpen(OffsetDateTime at, boolean open, String what) {
        assertThat(hours.isOpen("hotline", at.toInstant())).as(what).isEqualTo(open);
    }

    @Test
    void hoursAreReadInShanghaiTimeWhateverTheInstantsZone() {
        assertThat(hours.isOpen("hotline", Instant.parse("2026-11-23T02:00:00Z"))).isTrue();    // 10:00 in Shanghai
        assertThat(hours.isOpen("hotline", Instant.parse("2026-11-23T10:00:00Z"))).isFalse();   // 18:00
        assertThat(hours.isOpen("hotline", Instant.parse("2026-11-23T00:30:00Z"))).isTrue();    // 08:30
        assertThat(hours.isOpen("hotline", Instant.parse("2026-11-22T23:00:00Z"))).isFalse();   // Monday 07:00
    }

    @Test
    void workingDaysFollowTheCalendarNotJustTheWeekday() {
        assertThat(hours.isWorkingDay(java.time.LocalDate.parse("2026-11-23"))).isTrue();   // a Monday
        assertThat(hours.isWorkingDay(java.time.LocalDate.parse("2026-11-22"))).isFalse();  // a Sunday
        assertThat(hours.isWorkingDay(java.time.LocalDate.parse("2026-10-01"))).isFalse();  // National Day, a Thursday
        assertThat(hours.isWorkingDay(java.time.LocalDate.parse("2026-10-10"))).isTrue();   // adjusted Saturday
    }

    @Test
    void aMissingYearOfTheHolidayCalendarIsReported() {
        assertThat(hours.knowsYear(2026)).isTrue();
        assertThat(hours.knowsYear(2031)).isFalse();
        assertThat(FlowLibrary.warnOfMissingCalendars(hours, java.time.Year.of(2026))).containsExactly(2027);
        // 2025 has its file since the work-order deadlines needed it: 2024 is the year without one
        assertThat(FlowLibrary.warnOfMissingCalendars(hours, java.time.Year.of(2024))).containsExactly(2024);
    }

    @Test
    void unknownScheduleIsNotThere() {
        assertThat(hours.has("hotline")).isTrue();
        assertThat(hours.has("hotlne")).isFalse();
        assertThatThrownBy(() -> hours.isOpen("hotlne", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedDatesAndOtherZonesAndMidnight(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("schedules.yaml"), """
                schedules:
                  office:
                    closed_dates: [2026-12-31, 2026-12-24..2026-12-25]
                    thursday: ["09:00-17:00"]
                    wednesday: ["09:00-17:00"]
                  night:
                    zone: Europe/Berlin
                    monday: ["20:00-24:00"]
                """);
        List<FlowProblem> problems = new ArrayList<>();

        WorkingHours local = HoursLoader.load(dir, List.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(local.isOpen("office", at("2026-12-31T10:00+08:00"))).isFalse();
        assertThat(local.isOpen("office", at("2026-12-24T10:00+08:00"))).isFalse();
        assertThat(local.isOpen("office", at("2026-12-30T10:00+08:00"))).isTrue();
        assertThat(local.isOpen("night", at("2026-11-23T23:59+01:00"))).isTrue();
        assertThat(local.isOpen("night", at("2026-11-23T23:59+08:00"))).isFalse();   // 16:59 in Berlin
    }

    private static Instant at(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
