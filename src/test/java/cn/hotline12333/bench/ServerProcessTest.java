package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's child-process launcher says clearly why a server never came up. */
class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatNeverOpensItsPortIsStoppedAndNamed() throws Exception {
        int port = ServerProcess.freePort();
        List<String> silent = List.of("sh", "-c", "echo starting slowly; exec sleep 30");
        assertThatThrownBy(() -> ServerProcess.start("slow", silent, Map.of(), dir, port, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slow server did not accept connections on")
                .hasMessageContaining(":" + port + " within 1 s")
                .hasMessageContaining("starting slowly");
    }

    @Test
    void aServerThatExitsEarlySaysSoWithItsOutput() {
        List<String> failing = ServerProcess.java("64m", "cn.hotline12333.bench.ReferenceServer");
        assertThatThrownBy(() -> ServerProcess.start("reference", failing, Map.of(), dir,
                ServerProcess.freePort(), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reference server exited with code 2 before accepting connections")
                .hasMessageContaining("usage: ReferenceServer <port>");
    }
}
