package cn.hotline12333.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The same buckets as Redis holds, computed in memory from the JSONL files, for reports on finished days while
 * Redis is down (their meta says {@code source: files}). Each record counts once (its latest revision), exactly as
 * the apply script would count it.
 */
final class FileBuckets implements BucketSource {
    private final Map<String, Map<String, String>> hashes = new HashMap<>();
    private final Map<String, long[]> histograms = new HashMap<>();
    private final Map<String, Set<String>> indexes = new HashMap<>();

    private FileBuckets() {
    }

    static FileBuckets read(List<Path> dirs, Set<LocalDate> days, StatsSettings settings, Instant now) {
        Ingest ingest = new Ingest(settings);
        Map<String, Contribution> latest = new HashMap<>();
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        for (Path dir : dirs) {
            for (LocalDate fileDay = first.minusDays(1); !fileDay.isAfter(last.plusDays(2)); fileDay = fileDay.plusDays(1)) {
                for (Map.Entry<String, String> kind : DayRebuild.FILES.entrySet()) {
                    Path file = dir.resolve(kind.getKey() + fileDay + ".jsonl");
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            Ingest.Result res = line.isBlank() ? null : ingest.read(kind.getValue(), line, now);
                            if (res == null || res.problem() != null) {
                                continue;
                            }
                            Contribution c = res.contribution();
                            latest.merge(c.stream() + "/" + c.recordId(), c, (a, b) -> a.revision() >= b.revision() ? a : b);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file, e);
                    }
                }
            }
        }
        FileBuckets out = new FileBuckets();
        for (Contribution c : latest.values()) {
            c.days().forEach((day, ops) -> {
                if (days.contains(day)) {
                    ops.forEach(op -> out.apply(day, op));
                }
            });
        }
        return out;
    }

    private void apply(LocalDate day, Op op) {
        String key = day + "|" + op.key();
        switch (op.kind()) {
            case 'i' -> hashes.computeIfAbsent(key, k -> new HashMap<>()).merge(op.field(), Long.toString(op.n()),
                    (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
            case 'm' -> hashes.computeIfAbsent(key, k -> new HashMap<>()).merge(op.field(), Long.toString(op.n()),
                    (a, b) -> Long.parseLong(a) >= Long.parseLong(b) ? a : b);
            case 'h' -> histograms.computeIfAbsent(key, k -> new long[WaitHistogram.BINS])[Integer.parseInt(op.field())] += op.n();
            case 's' -> indexes.computeIfAbsent(key, k -> new TreeSet<>()).add(op.field());
            default -> throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    @Override
    public void hashes(String kind, String index, long from, long to, Predicate<String> keep, HashSink sink) {
        for (long dayStart = Math.floorDiv(from, Buckets.PER_DAY) * Buckets.PER_DAY; dayStart < to;
             dayStart += Buckets.PER_DAY) {
            LocalDate day = Buckets.day(dayStart);
            List<String> members = new ArrayList<>();
            if (index == null) {
                members.add(null);
            } else {
                for (String m : indexes.getOrDefault(day + "|" + index, Set.of())) {
                    if (keep.test(m)) {
                        members.add(m);
                    }
                }
            }
            for (long b = Math.max(from, dayStart); b < Math.min(to, dayStart + Buckets.PER_DAY); b++) {
                for (String m : members) {
                    Map<String, String> fields = hashes.get(day + "|" + kind + ":" + Buckets.slot(b) + (m == null ? "" : ":" + m));
                    if (fields != null) {
                        Map<String, String> nonZero = new HashMap<>(fields);
                        nonZero.values().removeIf("0"::equals);
                        if (!nonZero.isEmpty()) {
                            sink.accept(b, m, nonZero);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void histograms(String kind, long from, long to, Predicate<String> keep, HistogramSink sink) {
        for (long dayStart = Math.floorDiv(from, Buckets.PER_DAY) * Buckets.PER_DAY; dayStart < to;
             dayStart += Buckets.PER_DAY) {
            LocalDate day = Buckets.day(dayStart);
            for (String queue : indexes.getOrDefault(day + "|iq", Set.of())) {
                if (!keep.test(queue)) {
                    continue;
                }
                for (long b = Math.max(from, dayStart); b < Math.min(to, dayStart + Buckets.PER_DAY); b++) {
                    long[] bins = histograms.get(day + "|" + kind + ":" + Buckets.slot(b) + ":" + queue);
                    if (bins != null) {
                        sink.accept(b, queue, bins.clone());
                    }
                }
            }
        }
    }

    @Override
    public Map<String, List<Long>> callers(LocalDate day) {
        Map<String, List<Long>> out = new HashMap<>();
        for (int slot = 0; slot < Buckets.PER_DAY; slot++) {
            for (String member : indexes.getOrDefault(day + "|r:" + slot, Set.of())) {
                Aggregates.addCall(out, member);
            }
        }
        return out;
    }

    @Override
    public String source() {
        return "files";
    }
}
