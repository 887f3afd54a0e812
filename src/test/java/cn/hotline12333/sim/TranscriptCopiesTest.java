package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The transcripts the replay tests use are copies of ../shared/transcripts (captured from a real Asterisk 22
 * and kept current there). Where the shared folder sits beside the project, the copies must match it.
 */
class TranscriptCopiesTest {

    @Test
    void copiesMatchTheSharedRecordingsWhereTheyAreAvailable() throws Exception {
        Path shared = Path.of("..", "shared", "transcripts");
        Path copies = Path.of("src", "test", "resources", "transcripts");
        try (Stream<Path> files = Files.list(copies)) {
            for (Path copy : files.toList()) {
                Path original = shared.resolve(copy.getFileName());
                if (Files.isRegularFile(original)) {
                    assertThat(Files.readAllBytes(copy)).as(copy.getFileName().toString())
                            .isEqualTo(Files.readAllBytes(original));
                }
            }
        }
        if (Files.isDirectory(shared)) {
            try (Stream<Path> files = Files.list(shared)) {
                files.map(Path::getFileName).map(Path::toString)
                        .filter(n -> n.endsWith(".txt") && !n.startsWith("ami-") && !n.startsWith("queue_log"))
                        .forEach(n -> assertThat(copies.resolve(n)).as("copy of FastAGI transcript " + n).exists());
            }
        }
    }
}
