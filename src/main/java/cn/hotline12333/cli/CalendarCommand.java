package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.FlowProblem;
import cn.hotline12333.ivr.WorkingHours;
import cn.hotline12333.workorder.Deadlines;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code hotline calendar due <accepted> <working days>}: the deadline on China's working-day calendar, so an
 * admin can check a date before promising it; {@code hotline calendar check}: every problem of the calendar files
 * as {@code file:line: message}. Both read {@code HOTLINE_FLOWS}/calendar, the files the IVR uses.
 */
final class CalendarCommand {
    private CalendarCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        Path flows = Path.of(settings.string(SettingKey.HOTLINE_FLOWS));
        if (args.length == 1 && args[0].equals("check")) {
            return check(flows, out, err);
        }
        if (args.length != 3 || !args[0].equals("due")) {
            err.println("usage: hotline calendar due <accepted YYYY-MM-DD> <working days> | hotline calendar check");
            return 2;
        }
        LocalDate accepted;
        int days;
        try {
            accepted = LocalDate.parse(args[1]);
            days = Integer.parseInt(args[2]);
        } catch (DateTimeParseException | NumberFormatException e) {
            err.println("calendar due: expected a date like 2025-09-26 and a whole number of working days");
            return 2;
        }
        if (days < 1 || days > Deadlines.MAX_WORKING_DAYS) {
            err.println("calendar due: working days must be 1 to " + Deadlines.MAX_WORKING_DAYS);
            return 2;
        }
        try (FlowLibrary library = FlowLibrary.open(flows)) {
            LocalDate due = Deadlines.due(calendar(library.current().hours()), accepted, days);
            out.println(due + " (" + due.getDayOfWeek().toString().charAt(0)
                    + due.getDayOfWeek().toString().substring(1, 3).toLowerCase(java.util.Locale.ROOT) + "): "
                    + days + " working days after " + accepted + ", counted from the next day");
            return 0;
        } catch (Deadlines.UnknownYear e) {
            err.println("calendar due: " + e.getMessage());
            return 1;
        }
    }

    private static int check(Path flows, PrintStream out, PrintStream err) {
        List<FlowProblem> problems = FlowLibrary.check(flows).stream()
                .filter(p -> p.file().contains("/calendar/") || p.file().contains("\\calendar\\")
                        || p.message().startsWith("calendar")).toList();
        problems.forEach(out::println);
        if (problems.isEmpty()) {
            out.println(flows.resolve("calendar") + ": calendar files valid");
            return 0;
        }
        err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the calendar files");
        return 1;
    }

    /** The IVR's working hours as the deadline count's calendar: one source for opening hours and deadlines. */
    static Deadlines.Calendar calendar(WorkingHours hours) {
        return Deadlines.Calendar.of(hours::isWorkingDay, hours::knowsYear);
    }
}
