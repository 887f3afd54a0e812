package cn.hotline12333.ivr;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code schedules.yaml} and the holiday calendar files ({@code calendar/*.yaml}) of a flow directory
 * into {@link WorkingHours}, collecting problems with their lines. Both are optional: without them there is
 * no schedule a flow could name.
 */
final class HoursLoader {
    static final String SCHEDULES = "schedules.yaml";
    static final String CALENDAR = "calendar";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Pattern RANGE = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final int LONGEST_HOLIDAY_DAYS = 31;

    private record WorkingDay(String name, String file, int line) {
    }

    private final List<FlowProblem> problems;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final Map<LocalDate, String> holidays = new HashMap<>();
    private final Map<LocalDate, WorkingDay> workingDays = new HashMap<>();

    private HoursLoader(List<FlowProblem> problems) {
        this.problems = problems;
    }

    static WorkingHours load(Path dir, List<Path> calendarFiles, List<FlowProblem> problems) {
        HoursLoader loader = new HoursLoader(problems);
        Path schedules = dir.resolve(SCHEDULES);
        if (schedules.toFile().isFile()) {
            byte[] bytes = FlowDirectory.bytes(schedules, problems);
            YamlMap top = bytes == null ? null : YamlMap.parse(schedules.toString(), bytes, "schedules", problems);
            if (top != null) {
                loader.schedules(top);
            }
        }
        for (Path file : calendarFiles) {
            byte[] bytes = FlowDirectory.bytes(file, problems);
            YamlMap top = bytes == null ? null : YamlMap.parse(file.toString(), bytes, "calendar", problems);
            if (top != null) {
                loader.calendar(top);
            }
        }
        Map<LocalDate, String> working = new HashMap<>();
        loader.workingDays.forEach((day, worked) -> {
            String holiday = loader.holidays.get(day);
            if (holiday != null) {
                problems.add(new FlowProblem(worked.file(), worked.line(), "calendar: " + day
                        + " is both a holiday (" + holiday + ") and a working day (" + worked.name() + ")"));
            }
            working.put(day, worked.name());
        });
        return new WorkingHours(loader.schedules, new HolidayCalendar(loader.holidays, working));
    }

    private void schedules(YamlMap top) {
        YamlMap named = top.requiredMap("schedules", "schedules", "schedule");
        top.rejectUnknown();
        if (named == null) {
            return;
        }
        for (String name : named.keys()) {
            YamlMap fields = named.map(name, "schedule " + name, "field");
            if (!FlowLoader.NAME.matcher(name).matches()) {
                named.problem(name, "\"" + name + "\" is not a schedule name (lowercase letters, digits, - and _)");
            }
            if (fields != null) {
                schedules.put(name, schedule(name, fields));
            } else if (named.value(name) == null) {
                named.problem(name, "schedule \"" + name + "\" has no hours");
            }
        }
    }

    private Schedule schedule(String name, YamlMap fields) {
        ZoneId zone = CHINA;
        String zoneName = fields.text("zone");
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                fields.problem("zone", "unknown time zone \"" + zoneName + "\" (like Asia/Shanghai)");
            }
        }
        Map<DayOfWeek, List<Schedule.Range>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            String key = day.name().toLowerCase(Locale.ROOT);
            List<org.yaml.snakeyaml.nodes.Node> items = fields.list(key);
            if (items != null) {
                week.put(day, ranges(fields, key, items));
            }
        }
        Set<LocalDate> closed = new HashSet<>();
        List<org.yaml.snakeyaml.nodes.Node> dates = fields.list("closed_dates");
        for (org.yaml.snakeyaml.nodes.Node item : dates == null ? List.<org.yaml.snakeyaml.nodes.Node>of() : dates) {
            closed.addAll(dates(fields, item, null));
        }
        fields.rejectUnknown();
        return new Schedule(name, zone, week, closed);
    }

    private List<Schedule.Range> ranges(YamlMap fields, String day, List<org.yaml.snakeyaml.nodes.Node> items) {
        List<Schedule.Range> ranges = new ArrayList<>();
        for (org.yaml.snakeyaml.nodes.Node item : items) {
            int line = YamlMap.lineOf(item);
            String text = item instanceof ScalarNode scalar ? scalar.getValue().replace(" ", "") : String.valueOf(item);
            Matcher m = RANGE.matcher(text);
            int from = m.matches() ? minute(m.group(1), m.group(2)) : -1;
            int until = m.matches() ? minute(m.group(3), m.group(4)) : -1;
            if (from < 0 || until < 0 || from >= 24 * 60) {
                fields.problem(line, "bad time range \"" + text + "\" on " + day + " (write it like 08:30-12:00)");
            } else if (until <= from) {
                fields.problem(line, "time range \"" + text + "\" on " + day + " ends before it starts");
            } else {
                Schedule.Range range = new Schedule.Range(from, until);
                ranges.stream().filter(range::overlaps).findFirst().ifPresent(other -> fields.problem(line,
                        "time ranges \"" + other + "\" and \"" + range + "\" on " + day + " overlap"));
                ranges.add(range);
            }
        }
        return List.copyOf(ranges);
    }

    /** Minutes since midnight, or -1; 24:00 is allowed as the end of a day. */
    private static int minute(String hours, String minutes) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        return m > 59 || h > 24 || h == 24 && m > 0 ? -1 : h * 60 + m;
    }

    private void calendar(YamlMap top) {
        int written = top.number("year", -1);
        Integer year = written < 0 ? null : written;
        top.text("notice");
        YamlMap holidayMap = top.map("holidays", "calendar", "holiday");
        YamlMap workingMap = top.map("working_days", "calendar", "holiday");
        top.rejectUnknown();
        for (String name : holidayMap == null ? List.<String>of() : holidayMap.keys()) {
            for (org.yaml.snakeyaml.nodes.Node item : items(holidayMap, name)) {
                dates(holidayMap, item, year).forEach(day -> holidays.putIfAbsent(day, name));
            }
        }
        for (String name : workingMap == null ? List.<String>of() : workingMap.keys()) {
            for (org.yaml.snakeyaml.nodes.Node item : items(workingMap, name)) {
                int line = YamlMap.lineOf(item);
                dates(workingMap, item, year).forEach(day ->
                        workingDays.putIfAbsent(day, new WorkingDay(name, workingMap.file(), line)));
            }
        }
    }

    private static List<org.yaml.snakeyaml.nodes.Node> items(YamlMap map, String name) {
        List<org.yaml.snakeyaml.nodes.Node> items = map.list(name);
        if (items == null || items.isEmpty()) {
            map.problem(name, "\"" + name + "\" has no dates");
            return List.of();
        }
        return items;
    }

    /** A date ({@code 2026-10-01}) or a range of dates ({@code 2026-10-01..2026-10-07}); empty on a problem. */
    private List<LocalDate> dates(YamlMap where, org.yaml.snakeyaml.nodes.Node item, Integer year) {
        int line = YamlMap.lineOf(item);
        String text = item instanceof ScalarNode scalar ? scalar.getValue().strip() : String.valueOf(item);
        String[] ends = text.split("\\.\\.", -1);
        List<LocalDate> days = new ArrayList<>();
        try {
            LocalDate first = LocalDate.parse(ends[0].strip());
            LocalDate last = ends.length == 2 ? LocalDate.parse(ends[1].strip()) : first;
            if (ends.length > 2 || last.isBefore(first)) {
                where.problem(line, "bad date range \"" + text + "\" (write it like 2026-10-01..2026-10-07)");
            } else if (ChronoUnit.DAYS.between(first, last) >= LONGEST_HOLIDAY_DAYS) {
                where.problem(line, "date range \"" + text + "\" is longer than " + LONGEST_HOLIDAY_DAYS + " days");
            } else if (year != null && (first.getYear() != year || last.getYear() != year)) {
                where.problem(line, "\"" + text + "\" is not in " + year);
            } else {
                first.datesUntil(last.plusDays(1)).forEach(days::add);
            }
        } catch (DateTimeParseException e) {
            where.problem(line, "\"" + text + "\" is not a date (write it like 2026-10-01)");
        }
        return days;
    }
}
