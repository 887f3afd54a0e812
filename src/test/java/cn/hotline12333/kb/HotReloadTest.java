package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {
    @TempDir
    Path dir;
    private KnowledgeBase kb;

    @BeforeEach
    void copyTheRealKnowledgeBase() throws IOException {
        Path from = Path.of("knowledge-base");
        try (Stream<Path> files = Files.walk(from)) {
            // The vector cache stays where it is and is shared (below): copying it is 6 MB per test.
            for (Path p : files.filter(p -> !p.startsWith(from.resolve(KbSettings.DEFAULT_CACHE))).toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(true).withDebounce(Duration.ofMillis(100))
                .withCacheDir(from.resolve(KbSettings.DEFAULT_CACHE)));
    }

    @AfterEach
    void close() {
        kb.close();
    }

    private Path article(String category, String id) {
        return dir.resolve("articles").resolve(category).resolve(id + ".md");
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private List<String> ids(String query) {
        return kb.search(SearchRequest.of(query)).hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void changedAddedAndDeletedFilesReachTheIndexWhileSearchesKeepRunning() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong searches = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> searchers = Stream.of("社保卡丢了怎么办", "失业金怎么领", "工伤认定").map(q -> new Thread(() -> {
            while (running.get()) {
                try {
                    if (kb.search(SearchRequest.of(q)).hits().isEmpty()) {
                        failures.add(new AssertionError("no hits for " + q));
                    }
                    kb.suggest("sbk", 3);
                    searches.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        })).toList();
        searchers.forEach(Thread::start);
        long generation = kb.generation();

        edit(article("card", "card-0003"), "title: 社保卡丢了怎么挂失", "title: 社保卡丢了怎么挂失 热更新测试词");
        await().atMost(Duration.ofSeconds(20)).until(() -> ids("热更新测试词").contains("card-0003"));
        // results kept by a caller (the desk's recent searches) are known to be stale
        await().atMost(Duration.ofSeconds(20)).until(() -> kb.generation() > generation);

        String fresh = Files.readString(article("card", "card-0001")).replace("id: card-0001", "id: card-0990")
                .replace("title: 社会保障卡怎么申领", "title: 新增文章的独特标题鸿雁");
        Files.writeString(article("card", "card-0990"), fresh);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids("鸿雁").contains("card-0990"));
        await().atMost(Duration.ofSeconds(20)).until(() -> kb.suggest("新增文章", 3).stream()
                .anyMatch(s -> "card-0990".equals(s.articleId())));

        Files.delete(article("card", "card-0004"));
        await().atMost(Duration.ofSeconds(20)).until(() -> kb.article("card-0004").isEmpty());

        running.set(false);
        for (Thread t : searchers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(searches.get()).isPositive();
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersionAndIsReported() throws Exception {
        Path file = article("card", "card-0002");
        int line = Files.readAllLines(file).indexOf("effective: 2024-01-01") + 1;
        edit(file, "effective: 2024-01-01", "effective: 2024-02-30");
        await().atMost(Duration.ofSeconds(20)).until(() -> kb.problems().stream().anyMatch(p -> p.file().equals(file)));
        assertThat(kb.problems()).singleElement().extracting(ArticleProblem::message, ArticleProblem::line)
                .containsExactly("field 'effective' must be a date YYYY-MM-DD, was '2024-02-30'", line);
        assertThat(kb.article("card-0002")).isPresent();
        assertThat(ids("社保卡领到后怎么激活")).first().isEqualTo("card-0002");

        edit(file, "effective: 2024-02-30", "effective: 2024-01-01");
        await().atMost(Duration.ofSeconds(20)).until(() -> kb.problems().isEmpty());
    }
}
