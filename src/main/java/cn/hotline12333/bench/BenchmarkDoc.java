package cn.hotline12333.bench;

import cn.hotline12333.bench.AgiBenchmark.PathRun;
import cn.hotline12333.bench.AgiBenchmark.Result;
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
 * The results of {@code bench agi} as Markdown, and their place in docs/benchmarks.md: between two
 * markers inside the "FastAGI load" section, which the command replaces on each run (the method text around
 * them is written by hand). Other sections of the file are left as they are.
 */
public final class BenchmarkDoc {

    static final String HEADING = "## FastAGI load";
    static final String BEGIN = "<!-- bench agi results: begin (written by `hotline bench agi`) -->";
    static final String END = "<!-- bench agi results: end -->";
    private static final String CALLS_PER_SECOND = "calls/s (served)";
    private static final String TURNAROUND = "turnaround, commands: p50 / p90 / p99 / p99.9 / max";
    private static final String UNPAUSED = "the same without commands around the bench's forced GC";

    private BenchmarkDoc() {
    }

    /** The results block (under the section's "Latest figures" heading): command, date and commit, machine, one column per server, and the ratio when both ran. */
    public static String render(String command, String when, String machine, String note,
                                Map<String, Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("- Command: `").append(command).append("`\n");
        md.append("- Date: ").append(when).append("\n");
        md.append("- Machine: ").append(machine).append("\n");
        if (note != null && !note.isBlank()) {
            md.append("- Note: ").append(note).append("\n");
        }
        List<String> targets = new ArrayList<>(results.keySet());
        String base = baseline(results);
        boolean both = base != null;
        md.append("\n| |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append(both ? " ours / " + base + " |\n" : "\n").append("|---|");
        targets.forEach(t -> md.append("---|"));
        md.append(both ? "---|\n" : "\n");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String t : targets) {
            LoadReport r = results.get(t).load();
            row(rows, "calls started / served / failed", r.started() + " / " + r.served() + " / " + r.failed());
            row(rows, CALLS_PER_SECOND, String.format(Locale.ROOT, "%.1f", r.callsPerSecond()));
            row(rows, "peak concurrent calls", Integer.toString(r.peakConcurrent()));
            row(rows, TURNAROUND, percentiles(r.turnaround()));
            row(rows, UNPAUSED, percentiles(r.unpaused()));
            String inside = results.get(t).insideServer();
            row(rows, "turnaround inside the server (its event=agi_turnaround log)", inside == null ? "—" : inside);
            row(rows, "server heap: peak used / live after GC at peak", LoadReport.mb(r.heap().peakUsedKb())
                    + " / " + LoadReport.mb(r.heap().liveKb()) + " (" + r.heap().openAtGc() + " calls open)");
            row(rows, "server GCs: young / full (1 full is the bench's)", r.heap().youngGcs() + " / "
                    + r.heap().fullGcs());
            row(rows, "server peak RSS (VmHWM, its redis-server apart)", LoadReport.mb(r.heap().peakRssKb()));
        }
        Map<String, String> ratios = both ? ratios(results.get("ours").load(), results.get(base).load())
                : Map.of();
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            md.append("| ").append(row.getKey()).append(" | ").append(String.join(" | ", row.getValue())).append(" |");
            md.append(both ? " " + ratios.getOrDefault(row.getKey(), "") + " |\n" : "\n");
        }
        for (String t : targets) {
            LoadReport r = results.get(t).load();
            if (!r.failures().isEmpty()) {
                md.append("\nFailed calls, ").append(t).append(":\n");
                List<Map.Entry<String, Integer>> kinds = r.failuresByCount();
                kinds.stream().limit(LoadReport.SHOWN_FAILURES)
                        .forEach(f -> md.append("- ").append(f.getValue()).append(" × ").append(f.getKey()).append('\n'));
                if (kinds.size() > LoadReport.SHOWN_FAILURES) {
                    md.append("- and ").append(kinds.size() - LoadReport.SHOWN_FAILURES).append(" more kinds\n");
                }
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

    /** What ours is compared with: the floor when it ran, else the reference, else nothing (null). */
    static String baseline(Map<String, Result> results) {
        if (!results.containsKey("ours")) {
            return null;
        }
        return results.containsKey("floor") ? "floor" : results.containsKey("reference") ? "reference" : null;
    }

    private static Map<String, String> ratios(LoadReport ours, LoadReport other) {
        return Map.of(CALLS_PER_SECOND, ratio(ours.callsPerSecond(), other.callsPerSecond()),
                TURNAROUND, "p99 " + ratio(ours.turnaround().p99Nanos(), other.turnaround().p99Nanos())
                        + ", p99.9 " + ratio(ours.turnaround().p999Nanos(), other.turnaround().p999Nanos()),
                UNPAUSED, "p99 " + ratio(ours.unpaused().p99Nanos(), other.unpaused().p99Nanos())
                        + ", p99.9 " + ratio(ours.unpaused().p999Nanos(), other.unpaused().p999Nanos()));
    }

    private static String percentiles(LoadReport.Percentiles p) {
        return p.count() + ": " + p.text();
    }

    /** Three significant digits at most, so a ratio of 1/600 reads 0.00167 rather than 0.00. */
    public static String ratio(double ours, double reference) {
        return reference <= 0 ? "n/a" : new java.math.BigDecimal(ours / reference)
                .round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static void row(Map<String, List<String>> rows, String name, String value) {
        rows.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
}
