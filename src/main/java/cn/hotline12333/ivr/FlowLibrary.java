package cn.hotline12333.ivr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows the server serves: one validated {@link FlowSet}, swapped whole when the directory changes.
 * A daemon thread watches the directory; after a quiet moment it rebuilds the set off any event loop,
 * validates it and swaps one volatile reference. A broken edit is refused and logged, and the last good set
 * keeps serving. Calls hold the set they started with, which no reload touches (it is immutable).
 */
public final class FlowLibrary implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlowLibrary.class);
    // Editors save in bursts (write a temp file, rename it over, touch a backup): wait until they are done.
    private static final long QUIET_MS = 300;

    private final Path dir;
    private final WatchService watcher;
    private volatile FlowSet current;

    private FlowLibrary(Path dir, FlowSet first, WatchService watcher) {
        this.dir = dir;
        this.current = first;
        this.watcher = watcher;
    }

    /**
     * Loads and validates every flow in {@code dir} and starts watching it. A directory with any problem
     * refuses to start: the exception lists every problem, one {@code file:line: message} a line.
     */
    public static FlowLibrary open(Path dir) {
        FlowDirectory.Result result = FlowDirectory.read(dir);
        if (result.flows() == null) {
            throw new IllegalStateException("flows in " + dir + " refused:\n" + result.problems().stream()
                    .map(FlowProblem::toString).collect(Collectors.joining("\n")));
        }
        try {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            FlowLibrary library = new FlowLibrary(dir, result.flows(), watcher);
            library.watch(dir);
            library.watch(dir.resolve(HoursLoader.CALENDAR));
            Thread thread = new Thread(library::watchLoop, "flows-watcher");
            thread.setDaemon(true);
            thread.start();
            log.info("event=flows_loaded dir={} flows={} versions={}", dir, names(result.flows()),
                    versions(result.flows()));
            warnOfMissingCalendars(result.flows().hours(), java.time.Year.now(java.time.ZoneId.of("Asia/Shanghai")));
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir, e);
        }
    }

    /**
     * The State Council publishes each year's holidays in the autumn before; without that year's file the
     * hotline opens on public holidays. Not an error (the flows still work), but an operator must hear of it.
     */
    static List<Integer> warnOfMissingCalendars(WorkingHours hours, java.time.Year thisYear) {
        List<Integer> missing = new java.util.ArrayList<>();
        for (java.time.Year year : List.of(thisYear, thisYear.plusYears(1))) {
            if (!hours.knowsYear(year.getValue())) {
                missing.add(year.getValue());
                log.warn("event=calendar_missing year={} file=ivr-flows/calendar/cn-{}.yaml", year, year);
            }
        }
        return missing;
    }

    /** Every problem of the flows in {@code dir}, sorted by file and line; empty when they would load. */
    public static List<FlowProblem> check(Path dir) {
        return FlowDirectory.read(dir).problems();
    }

    /** The flows in {@code dir} as they would load, or null when they have a problem ({@link #check}). */
    public static FlowSet read(Path dir) {
        return FlowDirectory.read(dir).flows();
    }

    /** The set new calls start on. */
    public FlowSet current() {
        return current;
    }

    /**
     * Rebuilds the set from the directory now and swaps it in when it has no problem. Returns the problems
     * that refused it (logged too), empty when it was swapped. The watcher calls it; tests may too.
     */
    public synchronized List<FlowProblem> reload() {
        FlowDirectory.Result result = FlowDirectory.read(dir);
        if (result.flows() == null) {
            for (FlowProblem p : result.problems()) {
                log.warn("event=flows_reload_refused file={} line={} problem=\"{}\"", p.file(), p.line(),
                        p.message().replace("\"", "\\\""));
            }
            return result.problems();
        }
        current = result.flows();
        log.info("event=flows_reloaded flows={} versions={}", names(result.flows()), versions(result.flows()));
        return List.of();
    }

    /** Stops the watcher. The current set stays readable. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.warn("event=flows_watch_close_failed dir={} error=\"{}\"", dir, e.toString());
        }
    }

    private void watch(Path path) throws IOException {
        if (path.toFile().isDirectory()) {
            path.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private void watchLoop() {
        try {
            while (true) {
                boolean relevant = drain(watcher.take());
                // Debounce: keep collecting until the directory has been quiet for a moment.
                for (WatchKey more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS); more != null;
                     more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    reloadLogged();
                }
            }
        } catch (ClosedWatchServiceException e) {
            log.debug("event=flows_watch_stopped dir={}", dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.debug("event=flows_watch_stopped dir={}", dir);
        }
    }

    private void reloadLogged() {
        try {
            reload();
        } catch (RuntimeException e) {
            // Our bug, not the administrator's: keep serving the last good set and keep watching.
            log.error("event=flows_reload_failed dir={}", dir, e);
        }
    }

    /**
     * Whether the events concern a flow, schedule or calendar file. An editor that saves by renaming a
     * temp file over the original shows up as a create of the final name, which is what counts here.
     */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            String name = event.context().toString();
            relevant |= name.matches("[^.].*\\.ya?ml") || name.equals(HoursLoader.CALENDAR);
            if (name.equals(HoursLoader.CALENDAR) && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                try {
                    watch(dir.resolve(HoursLoader.CALENDAR));
                } catch (IOException e) {
                    log.warn("event=flows_watch_failed dir={} error=\"{}\"", dir, e.toString());
                }
            }
        }
        if (!key.reset()) {
            // The watched directory itself was deleted or replaced: only a restart watches the new one.
            log.warn("event=flows_watch_lost dir={} watched={}", dir, key.watchable());
        }
        return relevant;
    }

    private static String names(FlowSet set) {
        return set.flows().keySet().stream().sorted().collect(Collectors.joining(","));
    }

    private static String versions(FlowSet set) {
        return set.flows().values().stream().map(f -> f.name() + "@" + f.version()).sorted()
                .collect(Collectors.joining(","));
    }
}
