package cn.hotline12333.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import cn.hotline12333.config.FileWatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics configuration the engine and the reports read, from {@code ivr-flows/stats.yaml}, reloaded
 * when the file changes the way the flows are: a daemon thread waits for a quiet moment, parses and validates
 * off any event loop and swaps one volatile reference; a bad edit is refused with its {@code file:line}
 * problems logged and the last good configuration keeps serving. A missing file means the standard settings.
 *
 * <p>Every distinct configuration is kept as a {@link Version} with the time it took effect, so a changed T
 * applies from the change on and a report over older periods uses (and states) the thresholds of its time. The
 * versions survive restarts in a JSON-lines history file ({@link ConfigHistory}).
 */
public final class StatsConfigLoader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsConfigLoader.class);
    public static final String FILE_NAME = "stats.yaml";

    /** One configuration and the instant from which it applies (the first ever applies from the epoch). */
    public record Version(Instant effectiveFrom, StatsConfig config, String digest) {
    }

    private final Path file;
    private final ConfigHistory history;
    private final Clock clock;
    private final FileWatch watcher;
    private volatile List<Version> versions;
    private volatile List<StatsConfigProblem> lastProblems = List.of();

    private StatsConfigLoader(Path file, ConfigHistory history, Clock clock, FileWatch watcher,
                              List<Version> versions) {
        this.file = file;
        this.history = history;
        this.clock = clock;
        this.watcher = watcher;
        this.versions = List.copyOf(versions);
    }

    /** A configuration that never changes: tests, and commands that read no file. */
    public static StatsConfigLoader fixed(StatsConfig config) {
        return new StatsConfigLoader(null, null, Clock.systemUTC(), null,
                List.of(new Version(Instant.EPOCH, config, "fixed")));
    }

    /**
     * Reads {@code file} (absent: the standard settings), records it in the history when it differs from the
     * last version there, and watches it when {@code watch} is set. A file with problems refuses to start: the
     * exception lists each as {@code file:line: message}.
     */
    public static StatsConfigLoader open(Path file, Path historyFile, Clock clock, boolean watch) {
        Loaded first = read(file);
        if (first.config() == null) {
            throw new IllegalStateException("statistics configuration " + file + " refused:\n"
                    + first.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        ConfigHistory history = new ConfigHistory(historyFile);
        List<Version> versions = history.record(first, clock.instant());
        FileWatch watcher = watch ? FileWatch.open(file) : null;
        StatsConfigLoader loader = new StatsConfigLoader(file, history, clock, watcher, versions);
        if (watcher != null) {
            watcher.start("stats-config-watcher", loader::reload);
        }
        log.info("event=stats_config_loaded file={} versions={} digest={}", file, versions.size(),
                versions.get(versions.size() - 1).digest());
        return loader;
    }

    /** Every problem of {@code file}, in line order; empty when it would load (a missing file loads). */
    public static List<StatsConfigProblem> check(Path file) {
        return read(file).problems();
    }

    /**
     * Warnings ({@code file:line: warning: …}) for the queues {@code file} sets that none of {@code flowQueues} is;
     * empty when it cannot be read or parsed (its problems are {@link #check}'s).
     */
    public static List<StatsConfigProblem> unusedQueues(Path file, java.util.Collection<String> flowQueues) {
        try {
            return StatsConfigParser.unusedQueues(file.toString(), Files.readAllBytes(file), flowQueues);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The configuration new figures are computed with. */
    public StatsConfig current() {
        List<Version> v = versions;
        return v.get(v.size() - 1).config();
    }

    /** The configuration in force at {@code t}: the last version that took effect at or before it. */
    public StatsConfig at(Instant t) {
        List<Version> v = versions;
        StatsConfig found = v.get(0).config();
        for (Version one : v) {
            if (!one.effectiveFrom().isAfter(t)) {
                found = one.config();
            }
        }
        return found;
    }

    /** Oldest first. */
    public List<Version> versions() {
        return versions;
    }

    /** What refused the last reload; empty when the file now in place is the one serving. */
    public List<StatsConfigProblem> lastProblems() {
        return lastProblems;
    }

    /**
     * Reads the file now; a good one that differs from the current configuration becomes a new version
     * effective now. Returns the problems that refused it (also logged), empty when it was taken.
     */
    public synchronized List<StatsConfigProblem> reload() {
        if (file == null) {
            return List.of();
        }
        Loaded next = Files.exists(file) ? read(file) : new Loaded(null, null,
                List.of(new StatsConfigProblem(file.toString(), 0, "the file is gone; keeping the last good settings")));
        if (next.config() == null) {
            for (StatsConfigProblem p : next.problems()) {
                log.warn("event=stats_config_refused file={} line={} problem=\"{}\"", p.file(), p.line(),
                        p.message().replace("\"", "\\\""));
            }
            lastProblems = next.problems();
            return next.problems();
        }
        lastProblems = List.of();
        List<Version> before = versions;
        versions = List.copyOf(history.record(next, clock.instant()));
        if (versions.size() != before.size()) {
            log.info("event=stats_config_reloaded file={} digest={} effective_from={}", file, next.digest(),
                    versions.get(versions.size() - 1).effectiveFrom());
        }
        return List.of();
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** A parsed file: the configuration (null when refused), its text's digest and text, or its problems. */
    record Loaded(StatsConfig config, String yaml, List<StatsConfigProblem> problems) {
        String digest() {
            return ConfigHistory.digest(yaml);
        }
    }

    static Loaded read(Path file) {
        if (!Files.exists(file)) {
            return new Loaded(StatsConfig.standard(), "", List.of());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Loaded(null, null, List.of(new StatsConfigProblem(file.toString(), 0, "cannot read: " + e)));
        }
        StatsConfigParser.Result r = StatsConfigParser.parse(file.toString(), bytes);
        return new Loaded(r.config(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8), r.problems());
    }

}
