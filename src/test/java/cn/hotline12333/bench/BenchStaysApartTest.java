package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark is a root nothing depends on: hotline.jar is built without it, so a class outside {@code bench}
 * that used it would break {@code serve} in production while every test passed.
 */
class BenchStaysApartTest {

    private static final Pattern USE = Pattern.compile("\\bcn\\.hotline12333\\.bench\\b");

    @Test
    void noClassOutsideBenchUsesIt() throws IOException {
        List<String> users;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("src/test/java")))) {
            users = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getParent().endsWith(Path.of("cn/hotline12333/bench")))
                    .filter(f -> USE.matcher(read(f)).find())
                    .map(Path::toString).toList();
        }
        assertThat(users).as("files outside cn.hotline12333.bench that name it").isEmpty();
    }

    @Test
    void theProductionJarIsBuiltWithoutIt() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<outputFile>${project.build.directory}/hotline.jar</outputFile>")
                .contains("<exclude>cn/hotline12333/bench/**</exclude>")
                .contains("<mainClass>cn.hotline12333.bench.BenchMain</mainClass>");
    }

    @Test
    void theBenchJarRunsTheBenchmarksAndLeavesEveryOtherCommandToHotline() {
        var err = new java.io.ByteArrayOutputStream();
        var print = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(BenchMain.run(new String[] {"bench", "agi", "--calls", "many"}, print, print)).isEqualTo(2);
        assertThat(BenchMain.run(new String[] {"kb", "bench", "--clients", "none"}, print, print)).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("--calls is a number, not many").contains("--clients must be a whole number");
        assertThat(BenchMain.run(new String[] {"flows", "check"}, print, print)).isNull();
        assertThat(BenchMain.run(new String[] {"kb", "search", "退休"}, print, print)).isNull();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
