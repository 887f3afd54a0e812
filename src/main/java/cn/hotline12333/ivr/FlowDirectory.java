package cn.hotline12333.ivr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a flow directory ({@code ivr-flows/}) into one validated {@link FlowSet}, or into the problems that
 * refuse it: every {@code *.yaml} there is a flow except {@code schedules.yaml}, {@code work-order-types.yaml},
 * {@code stats.yaml} (the statistics settings, read by {@code stats}) and {@code wrapup.yaml} (the wrap-up codes,
 * read by {@code wrapup}); {@code calendar/*.yaml} is the holiday calendar. Problems with line 0 concern a whole file or the directory.
 */
final class FlowDirectory {
    /** Lives beside the flows so administrators edit one directory; it is not a flow. */
    static final String STATS = "stats.yaml";
    /** The work-order types and their deadlines, read by {@code workorder}. */
    static final String WORK_ORDER_TYPES = "work-order-types.yaml";
    /** The agents' wrap-up codes (package wrapup), beside the flows for the same reason. */
    static final String WRAPUP = "wrapup.yaml";
    static final Comparator<FlowProblem> ORDER = Comparator.comparing(FlowProblem::file)
            .thenComparingInt(FlowProblem::line).thenComparing(FlowProblem::message);

    /** {@code flows} is null exactly when there are problems; problems are sorted by file and line. */
    record Result(FlowSet flows, List<FlowProblem> problems) {
    }

    private FlowDirectory() {
    }

    static Result read(Path dir) {
        List<FlowProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(null, List.of(new FlowProblem(dir.toString(), 0, "no such directory")));
        }
        List<Path> flowFiles = yamlFiles(dir, problems).stream()
                .filter(f -> !f.getFileName().toString().equals(HoursLoader.SCHEDULES)
                        && !f.getFileName().toString().equals(STATS)
                        && !f.getFileName().toString().equals(WORK_ORDER_TYPES)
                        && !f.getFileName().toString().equals(WRAPUP)).toList();
        Path calendar = dir.resolve(HoursLoader.CALENDAR);
        List<Path> calendarFiles = Files.isDirectory(calendar) ? yamlFiles(calendar, problems) : List.of();
        WorkingHours hours = HoursLoader.load(dir, calendarFiles, problems);
        if (flowFiles.isEmpty()) {
            problems.add(new FlowProblem(dir.toString(), 0, "no flow files (*.yaml)"));
        }
        List<FlowLoader.Loaded> loaded = new ArrayList<>();
        Map<String, Set<String>> nodesByFlow = new HashMap<>();
        for (Path file : flowFiles) {
            byte[] bytes = bytes(file, problems);
            if (bytes == null) {
                continue;
            }
            FlowLoader.Loaded one = FlowLoader.load(file.toString(), bytes);
            problems.addAll(one.problems());
            loaded.add(one);
            if (one.name() != null) {
                named(one, file, nodesByFlow, problems);
            }
        }
        Map<String, Flow> flows = new HashMap<>();
        for (FlowLoader.Loaded one : loaded) {
            if (one.flow() != null) {
                problems.addAll(FlowValidator.validate(one, nodesByFlow, hours));
                flows.put(one.name(), one.flow());
            }
        }
        problems.sort(ORDER);
        return new Result(problems.isEmpty() ? new FlowSet(flows, hours) : null, List.copyOf(problems));
    }

    // The AGI script name routes a call to a flow, so one name must mean one file, and the file says which.
    private static void named(FlowLoader.Loaded one, Path file, Map<String, Set<String>> nodesByFlow,
                              List<FlowProblem> problems) {
        int line = one.lines().getOrDefault("flow", 1);
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!one.name().equals(base)) {
            problems.add(new FlowProblem(one.file(), line, "flow \"" + one.name()
                    + "\" must be in a file named after it (" + one.name() + ".yaml)"));
        }
        if (nodesByFlow.putIfAbsent(one.name(), one.nodeIds()) != null) {
            problems.add(new FlowProblem(one.file(), line, "flow \"" + one.name() + "\" is defined twice"));
        }
    }

    private static List<Path> yamlFiles(Path dir, List<FlowProblem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            // Hidden files are editors' (".#hotline.yaml" is an Emacs lock), never flows.
            return files.filter(f -> f.getFileName().toString().matches("[^.].*\\.ya?ml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(new FlowProblem(dir.toString(), 0, "cannot list the directory: " + e.getMessage()));
            return List.of();
        }
    }

    static byte[] bytes(Path file, List<FlowProblem> problems) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(new FlowProblem(file.toString(), 0, "cannot read the file: " + e));
            return null;
        }
    }
}
