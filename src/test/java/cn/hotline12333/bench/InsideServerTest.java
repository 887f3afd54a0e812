package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsideServerTest {

    @Test
    void takesTheFirstLogLineThatCountedEveryCommandTheEmulatorSaw(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("ours.log");
        Files.writeString(log, """
                2026-11-23T10:00:00Z INFO  Turnarounds event=agi_turnaround commands=10 p50_us=90 p99_us=700 p999_us=900 max_us=950
                2026-11-23T10:00:10Z WARN  HotlineNode event=demo_users reason=no_HOTLINE_USERS
                2026-11-23T10:00:20Z INFO  Turnarounds event=agi_turnaround commands=25 p50_us=100 p99_us=800 p999_us=990 max_us=1000
                """);
        assertThat(AgiBenchmark.insideServer(log, 20))
                .isEqualTo("commands=25 p50_us=100 p99_us=800 p999_us=990 max_us=1000");
    }
}
