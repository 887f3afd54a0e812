package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The transcripts the replay tests use, and docs/asterisk-agi.md, are copies of the shared notes
 * (../shared/transcripts and ../shared/asterisk-agi.md, captured from a real Asterisk 22 and kept current there).
 * Where the shared folder sits beside the project, the copies must match it; where it does not, these tests are
 * reported as skipped, saying so, rather than passing without comparing anything.
 */
class TranscriptCopiesTest {
    private static final Path SHARED = Path.of("..", "shared");

    @Test
    void copiesMatchTheSharedRecordings() throws Exception {
        Path shared = SHARED.resolve("transcripts");
        assumeTrue(Files.isDirectory(shared), () -> "../shared/transcripts is not beside this clone ("
                + shared.toAbsolutePath().normalize() + "): the copies in src/test/resources/transcripts were not compared");
        Path copies = Path.of("src", "test", "resources", "transcripts");
        try (Stream<Path> files = Files.list(copies)) {
            for (Path copy : files.toList()) {
                Path original = shared.resolve(copy.getFileName());
                assertThat(original).as("shared original of " + copy.getFileName()).isRegularFile();
                assertThat(Files.readAllBytes(copy)).as(copy.getFileName().toString())
                        .isEqualTo(Files.readAllBytes(original));
            }
        }
        try (Stream<Path> files = Files.list(shared)) {
            files.map(Path::getFileName).map(Path::toString)
                    .filter(n -> n.endsWith(".txt") && !n.startsWith("queue_log"))
                    .forEach(n -> assertThat(copies.resolve(n)).as("copy of transcript " + n).exists());
        }
    }

    @Test
    void theAgiNoteInDocsIsTheSharedOne() throws Exception {
        Path note = SHARED.resolve("asterisk-agi.md");
        assumeTrue(Files.isRegularFile(note), () -> "../shared/asterisk-agi.md is not beside this clone: "
                + "docs/asterisk-agi.md was not compared with it");
        String shared = Files.readString(note);
        String body = shared.substring(shared.indexOf('\n') + 1);
        assertThat(Files.readString(Path.of("docs", "asterisk-agi.md"))).endsWith(body);
    }
}
