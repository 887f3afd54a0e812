package cn.hotline12333.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration file watched for edits (stats.yaml, wrapup.yaml, work-order-types.yaml): after a burst of
 * changes to it (an editor writes a file in several steps) and 300 ms of quiet, the reload runs on the watch's own
 * daemon thread. Its directory is watched, not the file, so a file replaced by rename is seen too.
 */
public final class FileWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileWatch.class);
    private static final long QUIET_MS = 300;

    private final Path file;
    private final WatchService watcher;

    private FileWatch(Path file, WatchService watcher) {
        this.file = file;
        this.watcher = watcher;
    }

    /** Starts watching {@code file}'s directory; {@link #start} then hands the changes to a reload. */
    public static FileWatch open(Path file) {
        try {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            file.toAbsolutePath().getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            return new FileWatch(file, watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + file, e);
        }
    }

    /** Runs {@code reload} on a daemon thread named {@code threadName} after each burst of changes to the file. */
    public void start(String threadName, Runnable reload) {
        Thread t = new Thread(() -> loop(reload), threadName);
        t.setDaemon(true);
        t.start();
    }

    private void loop(Runnable reload) {
        String name = file.getFileName().toString();
        try {
            while (true) {
                boolean relevant = drain(watcher.take(), name);
                for (WatchKey more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS); more != null;
                     more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
                    relevant |= drain(more, name);
                }
                if (relevant) {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        log.error("event=config_reload_failed file={}", file, e);
                    }
                }
            }
        } catch (ClosedWatchServiceException e) {
            log.debug("event=config_watch_stopped file={}", file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean drain(WatchKey key, String name) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(String.valueOf(event.context()));
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.warn("event=config_watch_close_failed file={} error=\"{}\"", file, e.toString());
        }
    }
}
