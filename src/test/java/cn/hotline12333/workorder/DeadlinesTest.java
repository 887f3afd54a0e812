package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.WorkingHours;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Working-day deadlines on the shipped calendar files, checked by hand and against a plain reference count. */
class DeadlinesTest {
    private static FlowLibrary flows;
    private static Deadlines.Calendar calendar;

    @BeforeAll
    static void load() {
        flows = FlowLibrary.open(Path.of("ivr-flows"));
        WorkingHours hours = flows.current().hours();
        calendar = Deadlines.Calendar.of(hours::isWorkingDay, hours::knowsYear);
    }

    @AfterAll
    static void close() {
        flows.close();
    }

    private static LocalDate due(String accepted, int days) throws Deadlines.UnknownYear {
        return Deadlines.due(calendar, LocalDate.parse(accepted), days);
    }

    @Test
    void sevenWorkingDaysAcrossTheNationalDayHolidayOf2025() throws Exception {
        // Mon-Fri counting would say 2025-10-07; 09-28 (Sun) and 10-11 (Sat) are worked, 10-01..10-08 are off.
        assertThat(due("2025-09-26", 7)).isEqualTo("2025-10-13");
    }

    @Test
    void sevenWorkingDaysAcrossTheSpringFestivalOf2025() throws Exception {
        assertThat(due("2025-01-24", 7)).isEqualTo("2025-02-10");
    }

    @Test
    void sevenWorkingDaysAcrossTheSpringFestivalOf2026() throws Exception {
        // Mon-Fri counting would say 2026-02-24.
        assertThat(due("2026-02-13", 7)).isEqualTo("2026-03-02");
    }

    @Test
    void sevenWorkingDaysAcrossTheNationalDayHolidayOf2026() throws Exception {
        // Mon-Fri counting would say 2026-10-09.
        assertThat(due("2026-09-30", 7)).isEqualTo("2026-10-15");
    }

    @Test
    void aPeriodEndingOnADayOffEndsOnTheNextWorkingDay() throws Exception {
        // Accepted Thursday 2026-04-02: day 1 is Friday 04-03, then 04-04..04-06 are the Qingming holiday.
        assertThat(due("2026-04-02", 2)).isEqualTo("2026-04-07");
    }

    @Test
    void aDeadlineReachingIntoAYearWithoutItsCalendarIsRefused() {
        assertThatThrownBy(() -> due("2026-12-24", 10))
                .isInstanceOf(Deadlines.UnknownYear.class)
                .hasMessageContaining("no holiday calendar for 2027")
                .hasMessageContaining("ivr-flows/calendar/cn-2027.yaml");
        assertThatThrownBy(() -> due("2026-12-24", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDatesAgreeWithAPlainCountOverTheCalendarFiles() throws Exception {
        Set<LocalDate> off = new HashSet<>();
        Set<LocalDate> worked = new HashSet<>();
        readCalendarFiles(off, worked);
        SplittableRandom random = new SplittableRandom(12333);
        for (int i = 0; i < 2000; i++) {
            LocalDate accepted = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(680));
            int days = 1 + random.nextInt(20);
            LocalDate expected = accepted;
            for (int n = 0; n < days; ) {
                expected = expected.plusDays(1);
                boolean weekend = expected.getDayOfWeek() == DayOfWeek.SATURDAY
                        || expected.getDayOfWeek() == DayOfWeek.SUNDAY;
                if (worked.contains(expected) || (!weekend && !off.contains(expected))) {
                    n++;
                }
            }
            assertThat(Deadlines.due(calendar, accepted, days)).as("%s + %d", accepted, days).isEqualTo(expected);
        }
    }

    /** The reference reads the YAML files with nothing of ours: a date or a "from..to" range, or a list of them. */
    @SuppressWarnings("unchecked")
    private static void readCalendarFiles(Set<LocalDate> off, Set<LocalDate> worked) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("ivr-flows", "calendar"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> top = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
                ((Map<String, Object>) top.get("holidays")).values().forEach(v -> addDays(v, off));
                ((Map<String, Object>) top.get("working_days")).values().forEach(v -> addDays(v, worked));
            }
        }
    }

    private static void addDays(Object value, Set<LocalDate> into) {
        if (value instanceof List<?> list) {
            list.forEach(v -> addDays(v, into));
            return;
        }
        if (value instanceof java.util.Date date) { // SnakeYAML reads a bare date as a timestamp at UTC midnight
            into.add(date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate());
            return;
        }
        String s = value.toString();
        String[] range = s.split("\\.\\.");
        LocalDate from = LocalDate.parse(range[0].trim());
        LocalDate to = range.length > 1 ? LocalDate.parse(range[1].trim()) : from;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            into.add(d);
        }
    }
}
