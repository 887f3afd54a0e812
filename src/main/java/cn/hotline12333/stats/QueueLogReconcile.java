package cn.hotline12333.stats;

import cn.hotline12333.store.Redis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares our per-queue offered, answered, abandoned and timed-out stints of a local day with Asterisk's
 * queue_log ({@code epoch|callid|queue|agent|EVENT|data…}, docs/asterisk-ami.md). Each queue_log stint counts on
 * the day of its ENTERQUEUE, as ours count where the stint entered; a line repeated verbatim counts once.
 */
public final class QueueLogReconcile {
    static final String[] FIGURES = {"offered", "answered", "abandoned", "timeouts"};

    private final Redis redis;
    private final StatsSettings settings;
    private final Clock clock;

    public QueueLogReconcile(Redis redis, StatsSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    /** One line per difference ({@code queue figure: ours=… queue_log=…}); empty when they agree. */
    public List<String> run(Path queueLog, LocalDate day, ZoneId zone, PrintStream progress) throws IOException {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, long[]> theirs = readQueueLog(queueLog, from, to, progress);
        ReportQuery q = new ReportQuery(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone), Interval.DAY,
                List.of(), List.of(), List.of(), List.of(), null, null);
        Map<String, long[]> ours = new TreeMap<>();
        ReportTable table = new Statistics(redis, settings, clock).queues(q);
        List<String> keys = table.columns().stream().map(ReportTable.Column::key).toList();
        for (List<Object> row : table.rows()) {
            String queue = (String) row.get(keys.indexOf("queue"));
            if (queue.equals(QueueReport.ALL)) {
                continue;
            }
            long[] v = ours.computeIfAbsent(queue, k -> new long[4]);
            v[0] += (Long) row.get(keys.indexOf("offered"));
            v[1] += (Long) row.get(keys.indexOf("answered"));
            v[2] += (Long) row.get(keys.indexOf("abandoned"));
            v[3] += (Long) row.get(keys.indexOf("timeouts"));
        }
        Set<String> queues = new TreeSet<>(ours.keySet());
        queues.addAll(theirs.keySet());
        List<String> diffs = new ArrayList<>();
        for (String queue : queues) {
            long[] a = ours.getOrDefault(queue, new long[4]);
            long[] b = theirs.getOrDefault(queue, new long[4]);
            for (int i = 0; i < FIGURES.length; i++) {
                if (a[i] != b[i]) {
                    diffs.add(queue + " " + FIGURES[i] + ": ours=" + a[i] + " queue_log=" + b[i]);
                }
            }
        }
        return diffs;
    }

    /** Per queue: offered, answered, abandoned, timeouts of the stints that entered in [from, to). */
    static Map<String, long[]> readQueueLog(Path file, Instant from, Instant to, PrintStream progress) throws IOException {
        Map<String, long[]> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> enteredInRange = new HashSet<>();
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (++n % 500_000 == 0) {
                    progress.printf("queue_log: %d lines read%n", n);
                }
                if (!seen.add(line)) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                if (f.length < 5) {
                    continue;
                }
                long epoch;
                try {
                    epoch = Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                String stint = f[1] + "|" + f[2];
                int figure = switch (f[4]) {
                    case "ENTERQUEUE" -> 0;
                    case "CONNECT" -> 1;
                    case "ABANDON" -> 2;
                    case "EXITWITHTIMEOUT" -> 3;
                    default -> -1;
                };
                if (figure == 0) {
                    Instant t = Instant.ofEpochSecond(epoch);
                    if (t.isBefore(from) || !t.isBefore(to)) {
                        enteredInRange.remove(stint);
                        continue;
                    }
                    enteredInRange.add(stint);
                } else if (figure < 0 || !enteredInRange.contains(stint)) {
                    continue;
                }
                out.computeIfAbsent(f[2], k -> new long[4])[figure]++;
            }
        }
        return out;
    }
}
