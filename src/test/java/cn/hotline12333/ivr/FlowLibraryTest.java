package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FlowLibraryTest {
    @TempDir
    Path dir;
    private final Logger logger = (Logger) LoggerFactory.getLogger(FlowLibrary.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Level levelBefore;
    private FlowLibrary library;

    @BeforeEach
    void copyShippedFlows() throws IOException {
        copy(Path.of("ivr-flows"), dir);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        if (library != null) {
            library.close();
        }
        logger.detachAppender(log);
        logger.setLevel(levelBefore);
        logger.setAdditive(true);
    }

    @Test
    void goodEditIsSwappedInWhileHeldSetStaysAsItWas() throws IOException {
        library = FlowLibrary.open(dir);
        FlowSet held = library.current();
        String oldVersion = held.flow("hotline").version();

        edit("version: \"2026.11-1\"", "version: \"2026.11-2\"");
        List<FlowProblem> problems = library.reload();

        assertThat(problems).isEmpty();
        assertThat(library.current()).isNotSameAs(held);
        assertThat(library.current().flow("hotline").version()).startsWith("2026.11-2+");
        assertThat(held.flow("hotline").version()).isEqualTo(oldVersion).startsWith("2026.11-1+");
        assertThat(messages()).anyMatch(m -> m.startsWith("event=flows_reloaded flows=after-hours,hotline versions=")
                && m.contains("hotline@2026.11-2+"));
    }

    @Test
    void brokenEditIsRefusedAndLastGoodSetKeepsServing() throws IOException {
        library = FlowLibrary.open(dir);
        FlowSet good = library.current();

        edit("\"5\": more", "\"5\": moree");
        List<FlowProblem> problems = library.reload();

        String file = dir.resolve("hotline.yaml").toString();
        int option = Files.readAllLines(dir.resolve("hotline.yaml")).indexOf("      \"5\": moree") + 1;
        int branch = good.flow("hotline").node("more").line();
        assertThat(problems).containsExactly(
                new FlowProblem(file, option, "menu main: option \"5\" goes to unknown node \"moree\""),
                new FlowProblem(file, branch, "menu more: never reached from start \"welcome\""
                        + " or agent \"agent\" (nor are the 5 nodes after it)"));
        assertThat(library.current()).isSameAs(good);
        assertThat(messages()).contains("event=flows_reload_refused file=" + file + " line=" + problems.get(0).line()
                + " problem=\"menu main: option \\\"5\\\" goes to unknown node \\\"moree\\\"\"");
    }

    @Test
    void queueNameThatWouldSplitQueuesArgumentsIsRefusedAndLastGoodSetKeepsServing() throws IOException {
        library = FlowLibrary.open(dir);
        FlowSet good = library.current();

        edit("queue: hotline-pension", "queue: \"hotline-pension,t\"");
        List<FlowProblem> problems = library.reload();

        String file = dir.resolve("hotline.yaml").toString();
        int line = Files.readAllLines(dir.resolve("hotline.yaml")).indexOf("    queue: \"hotline-pension,t\"") + 1;
        assertThat(problems).containsExactly(new FlowProblem(file, line, "transfer agent_pension: queue"
                + " \"hotline-pension,t\": \",\" cannot be in a queue name (lowercase letters, digits, \"-\" and \"_\")"));
        assertThat(library.current()).isSameAs(good);
        assertThat(library.current().queues()).contains("hotline-pension").doesNotContain("hotline-pension,t");
    }

    @Test
    void brokenDirectoryRefusesToOpenListingEveryProblem() {
        Path broken = Path.of("src/test/resources/flows-broken/several-problems");

        assertThatThrownBy(() -> FlowLibrary.open(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(broken.resolve("main.yaml") + ":16: menu main: bad duration \"soon\"")
                .hasMessageContaining(":19: input ask_id: unknown input kind \"passport\"")
                .hasMessageContaining(":27: input ask_pin: next goes to unknown node \"crad\"");
    }

    @Test
    void watcherPicksUpAnEditSavedByRenamingATempFile() throws IOException {
        library = FlowLibrary.open(dir);
        FlowSet held = library.current();

        Path hotline = dir.resolve("hotline.yaml");
        Path temp = dir.resolve(".hotline.yaml.tmp");
        Files.writeString(temp, Files.readString(hotline).replace("version: \"2026.11-1\"", "version: \"2026.11-3\""));
        Files.move(temp, hotline, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> library.current().flow("hotline").version().startsWith("2026.11-3+"));
        assertThat(held.flow("hotline").version()).startsWith("2026.11-1+");
    }

    @Test
    void watcherRefusesABrokenCalendarEditAndKeepsServing() throws IOException {
        library = FlowLibrary.open(dir);
        FlowSet good = library.current();

        Path calendar = dir.resolve("calendar/cn-2026.yaml");
        Files.writeString(calendar, Files.readString(calendar).replace("2026-05-09", "2026-05-32"));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages().stream().anyMatch(m -> m.startsWith("event=flows_reload_refused")
                        && m.contains("is not a date")));
        assertThat(library.current()).isSameAs(good);
    }

    private void edit(String from, String to) throws IOException {
        Path hotline = dir.resolve("hotline.yaml");
        String text = Files.readString(hotline);
        assertThat(text).contains(from);
        Files.writeString(hotline, text.replace(from, to));
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
