package cn.hotline12333.sim;

import cn.hotline12333.sim.AgiBenchmark.PathRun;
import cn.hotline12333.sim.AgiBenchmark.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of {@code hotline bench agi} as Markdown, and their place in docs/benchmarks.md: between two
 * markers inside the "FastAGI load" section, which the command replaces on each run (the method text around
 * them is written by hand). Other sections of the file are left as they are.
 */
public final class BenchmarkDoc {

    static final String HEADING = "## FastAGI load";
    static final String BEGIN = "<!-- bench agi results: begin (written by `hotline bench agi`) -->";
    static final String END = "<!-- bench agi results: end -->";

    private BenchmarkDoc() {
    }

    /** The results block: command, date, machine, one column per server, and the ratio when both ran. */
    public static String render(String command, String when, String machine, String note,
                                Map<String, Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("### Latest run\n\n");
        md.append("- Command: `").append(command).append("`\n");
        md.append("- Date: ").append(when).append("\n");
        md.append("- Machine: ").append(machine).append("\n");
        if (note != null && !note.isBlank()) {
            md.append("- Note: ").append(note).append("\n");
        }
        List<String> targets = new ArrayList<>(results.keySet());
        boolean both = results.containsKey("ours") && results.containsKey("reference");
        md.append("\n| |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append(both ? " ours / reference |\n" : "\n").append("|---|");
        targets.forEach(t -> md.append("---|"));
        md.append(both ? "---|\n" : "\n");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String t : targets) {
            LoadReport r = results.get(t).load();
            row(rows, "calls started / served / failed", r.started() + " / " + r.served() + " / " + r.failed());
            row(rows, "calls/s (served)", String.format(Locale.ROOT, "%.1f", r.callsPerSecond()));
            row(rows, "peak concurrent calls", Integer.toString(r.peakConcurrent()));
            row(rows, "commands measured", Long.toString(r.turnaround().count()));
            row(rows, "turnaround p50 / p99 / max", LoadReport.ms(r.turnaround().p50Nanos()) + " / "
                    + LoadReport.ms(r.turnaround().p99Nanos()) + " / " + LoadReport.ms(r.turnaround().maxNanos()));
            row(rows, "server heap: peak used / live after GC at peak", LoadReport.mb(r.heap().peakUsedKb())
                    + " / " + LoadReport.mb(r.heap().liveKb()) + " (" + r.heap().openAtGc() + " calls open)");
            row(rows, "server GCs: young / full (1 full is the bench's)", r.heap().youngGcs() + " / "
                    + r.heap().fullGcs());
        }
        List<String> ratios = both ? ratios(results.get("ours").load(), results.get("reference").load()) : List.of();
        int i = 0;
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            md.append("| ").append(row.getKey()).append(" | ").append(String.join(" | ", row.getValue())).append(" |");
            md.append(both ? " " + (i < ratios.size() ? ratios.get(i) : "") + " |\n" : "\n");
            i++;
        }
        for (String t : targets) {
            LoadReport r = results.get(t).load();
            if (!r.failures().isEmpty()) {
                md.append("\nFailed calls, ").append(t).append(":\n");
                r.failures().forEach((why, n) -> md.append("- ").append(n).append(" × ").append(why).append('\n'));
            }
            if (r.heap().note() != null && !r.heap().note().isEmpty()) {
                md.append("\nHeap note, ").append(t).append(": ").append(r.heap().note()).append('\n');
            }
        }
        md.append("\nCommands per call on each path (tried once at scale 0 before the load):\n\n| path |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|");
        targets.forEach(t -> md.append("---|"));
        md.append('\n');
        for (CallPath path : CallPath.values()) {
            md.append("| ").append(path.name().toLowerCase(Locale.ROOT)).append(" |");
            for (String t : targets) {
                PathRun run = results.get(t).paths().stream().filter(p -> p.path() == path).findFirst().orElse(null);
                md.append(' ').append(run == null ? "-" : run.commands().size()
                        + (run.problem() == null ? "" : " (" + run.problem() + ")")).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Replaces the results block in {@code doc} (creating the file, section or markers as needed). */
    public static void write(Path doc, String block) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String marked = BEGIN + "\n" + block.strip() + "\n" + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = text.substring(0, begin) + marked + text.substring(end + END.length());
        } else {
            int section = text.indexOf(HEADING);
            if (section < 0) {
                updated = text.stripTrailing() + "\n\n" + HEADING + "\n\n" + marked + "\n";
            } else {
                int next = text.indexOf("\n## ", section + HEADING.length());
                int at = next < 0 ? text.length() : next + 1;
                updated = text.substring(0, at).stripTrailing() + "\n\n" + marked + "\n"
                        + (next < 0 ? "" : "\n" + text.substring(at));
            }
        }
        if (doc.getParent() != null) {
            Files.createDirectories(doc.getParent());
        }
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    private static List<String> ratios(LoadReport ours, LoadReport reference) {
        return List.of("", ratio(ours.callsPerSecond(), reference.callsPerSecond()), "", "",
                "p99 " + ratio(ours.turnaround().p99Nanos(), reference.turnaround().p99Nanos()), "", "");
    }

    static String ratio(double ours, double reference) {
        return reference <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", ours / reference);
    }

    private static void row(Map<String, List<String>> rows, String name, String value) {
        rows.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
}
