package cn.hotline12333.cli;

import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.stats.DayRebuild;
import cn.hotline12333.stats.QueueLogReconcile;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hotline stats rebuild|verify --day D [--logs dir,…] [--zone Z]}, {@code hotline stats reconcile
 * --queue-log FILE --day D [--zone Z]} and {@code hotline stats bench}. D is a local day in the zone (default
 * STATS_ZONE); rebuild and verify work on whole UTC days, so they cover the one or two UTC days it overlaps.
 */
final class StatsCommand {
    private StatsCommand() {
    }

    static int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            return usage(err);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("stats: option " + args[i] + " needs a value");
                return usage(err);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        if (args[0].equals("bench")) {
            return StatsBench.run(options, settings, out, err);
        }
        if (args[0].equals("bench-day")) {
            return StatsDayBench.run(options, settings, out);
        }
        // the same thresholds as the nodes' consumers: stats.yaml's versions, read without watching
        Path flowsDir = Path.of(settings.string(cn.hotline12333.config.SettingKey.HOTLINE_FLOWS));
        StatsSettings stats = HotlineNode.statsSettings(settings, flowsDir,
                HotlineNode.statsConfig(settings, flowsDir, java.time.Clock.systemUTC(), false));
        LocalDate day;
        ZoneId zone;
        try {
            day = LocalDate.parse(options.getOrDefault("day", ""));
            zone = options.containsKey("zone") ? ZoneId.of(options.get("zone")) : stats.zone();
        } catch (DateTimeParseException e) {
            err.println("stats " + args[0] + ": --day needs a date like 2026-11-23");
            return 2;
        } catch (DateTimeException e) {
            err.println("stats " + args[0] + ": --zone is not an IANA zone id");
            return 2;
        }
        Clock clock = settings.clock(Clock.systemUTC());
        try (Redis redis = Redis.connect(new RedisSettings(settings.string(SettingKey.REDIS_URL),
                settings.list(SettingKey.REDIS_SENTINELS), settings.string(SettingKey.REDIS_MASTER), 8,
                settings.integer(SettingKey.EMBEDDED_REDIS_PORT)))) {
            switch (args[0]) {
                case "rebuild", "verify" -> {
                    List<Path> dirs = new ArrayList<>();
                    for (String d : options.getOrDefault("logs", settings.string(SettingKey.HOTLINE_LOG_DIR)).split(",")) {
                        dirs.add(Path.of(d.trim()));
                    }
                    return rebuildOrVerify(args[0], day, zone, dirs, new DayRebuild(redis, stats, clock, out), out);
                }
                case "reconcile" -> {
                    if (!options.containsKey("queue-log") || !Files.isRegularFile(Path.of(options.get("queue-log")))) {
                        err.println("stats reconcile: --queue-log must name a readable queue_log file");
                        return 2;
                    }
                    List<String> diffs = new QueueLogReconcile(redis, stats, clock)
                            .run(Path.of(options.get("queue-log")), day, zone, out);
                    diffs.forEach(out::println);
                    out.printf("stats reconcile %s (%s): %d differences%n", day, zone, diffs.size());
                    return diffs.isEmpty() ? 0 : 1;
                }
                default -> {
                    return usage(err);
                }
            }
        }
    }

    private static int rebuildOrVerify(String what, LocalDate day, ZoneId zone, List<Path> dirs, DayRebuild rebuild,
                                       PrintStream out) {
        LocalDate firstUtc = day.atStartOfDay(zone).toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        LocalDate lastUtc = day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)
                .atZone(java.time.ZoneOffset.UTC).toLocalDate();
        int differences = 0;
        List<LocalDate> utcDays = new java.util.ArrayList<>();
        for (LocalDate utc = firstUtc; !utc.isAfter(lastUtc); utc = utc.plusDays(1)) {
            utcDays.add(utc);
        }
        out.printf("stats %s: UTC days %s from %s%n", what, utcDays, dirs);
        // a rebuild reads the files once for all the UTC days of the local day
        java.util.Map<LocalDate, DayRebuild.Result> rebuilt = what.equals("rebuild") ? rebuild.rebuild(utcDays, dirs) : null;
        for (LocalDate utc : utcDays) {
            DayRebuild.Result r = rebuilt != null ? rebuilt.get(utc) : rebuild.verify(utc, dirs);
            r.skipped().forEach(s -> out.println("skipped " + s));
            for (String d : r.differences()) {
                out.println("difference " + utc + " " + d);
            }
            out.printf("stats %s %s: %d records, %d counted, %d duplicates, %d lines skipped, %d differences%n", what,
                    utc, r.records(), r.applied(), r.records() - r.applied(), r.skipped().size(), r.differences().size());
            differences += r.differences().size();
        }
        return differences == 0 ? 0 : 1;
    }

    static int usage(PrintStream err) {
        err.println("""
                usage: hotline stats <command>
                  rebuild --day D [--logs dir,...] [--zone Z]   recompute day D's buckets from the JSONL files, swap them in
                  verify --day D [--logs dir,...] [--zone Z]    recompute into scratch keys, print every difference
                  reconcile --queue-log FILE --day D [--zone Z] compare per-queue counts with Asterisk's queue_log
                  bench [--rate R] [--side-rate R] [--seconds S] [--saturate S] [--in-flight B] [--producer-warm-up S]  paced ingest (rate, lag p50/p99), then unpaced (saturation rate), XADD baseline
                  bench-day [--calls N] [--dir D] [--rounds N]  rebuild and report timings on a day of N calls (1,000,000)""");
        return 2;
    }
}
