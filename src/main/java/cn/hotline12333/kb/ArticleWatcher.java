package cn.hotline12333.kb;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that waits for changes under the articles directory (its category folders included), lets
 * an editor's burst of writes settle for the debounce time, then runs the reload once. Reloads run on this
 * thread only, one at a time, never on a search thread.
 */
final class ArticleWatcher implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ArticleWatcher.class);

    private final Duration debounce;
    private final Runnable reload;
    private final WatchService service;
    private final Thread thread;

    ArticleWatcher(Path root, Duration debounce, Runnable reload) {
        this(root, newService(root), debounce, reload);
    }

    /**
     * Watches with {@code service}, which this watcher owns from here on: it is closed when registering the
     * folders fails (a missing or unreadable directory), since nobody else holds it then (an inotify descriptor
     * and a JDK poller thread on Linux, leaked on every failed open otherwise).
     */
    ArticleWatcher(Path root, WatchService service, Duration debounce, Runnable reload) {
        this.debounce = debounce;
        this.reload = reload;
        this.service = service;
        try {
            registerTree(root);
        } catch (IOException | RuntimeException e) {
            try {
                service.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot watch " + root, io)
                    : (RuntimeException) e;
        }
        this.thread = new Thread(this::run, "kb-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private static WatchService newService(Path root) {
        try {
            return root.getFileSystem().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                d.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                drain(service.take());
                WatchKey more;
                while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    log.error("event=kb_reload_failed", e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the knowledge base is shutting down
        }
    }

    /** Consumes a key's events; a new folder (a new category) is watched too. */
    private void drain(WatchKey key) {
        for (var event : key.pollEvents()) {
            if (event.kind() == ENTRY_CREATE && key.watchable() instanceof Path dir
                    && event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                try {
                    registerTree(dir.resolve(name));
                } catch (IOException e) {
                    log.warn("event=kb_watch_failed dir={} reason=\"{}\"", dir.resolve(name), e.getMessage());
                }
            }
        }
        key.reset();
    }

    @Override
    public void close() throws IOException {
        // No interrupt: an interrupted thread inside Lucene's file I/O closes the index files under it. Closing the
        // watch service wakes the thread; a reload already running finishes first.
        service.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
