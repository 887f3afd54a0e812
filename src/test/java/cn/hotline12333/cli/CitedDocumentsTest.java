package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A document the code cites is in the repository: a reader of a clone can follow every reference. */
class CitedDocumentsTest {
    private static final Pattern DOC = Pattern.compile("\\bdocs/([\\w.-]+\\.md)");
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|\\bshared/|\\bDRIVER\\.md|(?<![\\w/])design\\.md");

    @Test
    void everyCitedDocumentExists() throws IOException {
        for (Path file : sources("src/main/java", "src/test/java")) {
            Matcher m = DOC.matcher(read(file));
            while (m.find()) {
                assertThat(Path.of("docs", m.group(1))).as("cited in " + file).isRegularFile();
            }
        }
    }

    @Test
    void productionCodeCitesNothingOutsideTheRepository() throws IOException {
        for (Path file : sources("src/main/java")) {
            assertThat(OUTSIDE.matcher(read(file)).find()).as(file + " cites a note outside the repository").isFalse();
        }
    }

    private static List<Path> sources(String... roots) throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (String root : roots) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
