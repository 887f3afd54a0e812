package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArticleWatcherTest {
    @TempDir
    Path dir;

    @Test
    void aWatcherThatCannotRegisterItsFoldersClosesItsWatchService() throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();

        assertThatThrownBy(() -> new ArticleWatcher(dir.resolve("missing"), service, Duration.ofMillis(10), () -> { }))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot watch");
        // A closed service refuses every poll; an open one answers null here.
        assertThatThrownBy(service::poll).isInstanceOf(ClosedWatchServiceException.class);
    }
}
