package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshnessTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private static String article(String id, String extra) {
        return "---\nid: " + id + "\ntitle: 社保卡丢了怎么挂失\ncategory: card\ntags: [挂失]\nquestions:\n  - 社保卡丢了\n"
                + "region: national\neffective: 2024-01-01\n" + extra + "sources:\n  - 《社会保障卡管理办法》\n---\n正文。\n";
    }

    @Test
    void reviewedAndOwnerAreReadAndABadReviewedDateIsAProblemAtItsLine() {
        ArticleParser.Parsed ok = ArticleParser.parse(Path.of("card-0901.md"),
                article("card-0901", "reviewed: 2026-03-01\nowner: 社保卡组 王编辑\n"));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.article().reviewed()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(ok.article().owner()).isEqualTo("社保卡组 王编辑");
        ArticleParser.Parsed bad = ArticleParser.parse(Path.of("card-0901.md"), article("card-0901", "reviewed: 去年\n"));
        assertThat(bad.problems()).extracting(ArticleProblem::line, ArticleProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10,
                        "field 'reviewed' must be a date YYYY-MM-DD, was '去年'"));
    }

    @Test
    void expiredUnreviewedAndLongUnreviewedArticlesAreWarnedAboutAtTheirLine(@TempDir Path kb) throws IOException {
        Path dir = Files.createDirectories(kb.resolve("articles/card"));
        Files.writeString(dir.resolve("card-0901.md"), article("card-0901", "reviewed: 2026-03-01\n"));
        Files.writeString(dir.resolve("card-0902.md"), article("card-0902", "expires: 2025-12-31\nreviewed: 2025-11-22\n"));
        Files.writeString(dir.resolve("card-0903.md"), article("card-0903", ""));
        List<String> warnings = KnowledgeBase.warnings(kb, TODAY).stream().map(ArticleProblem::toString)
                .map(w -> w.substring(w.indexOf("card-09"))).toList();
        assertThat(warnings).containsExactly(
                "card-0902.md:10: warning: expired on 2025-12-31 (hidden from searches unless expired articles are asked for)",
                "card-0902.md:11: warning: last reviewed 2025-11-22, more than a year ago",
                "card-0903.md:1: warning: no 'reviewed' date");
        // The article a year old to the day is still fresh.
        Files.writeString(dir.resolve("card-0902.md"), article("card-0902", "reviewed: 2025-11-23\n"));
        assertThat(KnowledgeBase.warnings(kb, TODAY)).hasSize(1);
    }

    @Test
    void everyShippedArticleHasAReviewDateAndAnOwner() {
        List<Article> articles = ArticleFiles.load(Path.of("knowledge-base")).articles();
        assertThat(articles).hasSizeGreaterThanOrEqualTo(260)
                .allSatisfy(a -> assertThat(a.owner()).as(a.id()).isNotBlank())
                .allSatisfy(a -> assertThat(a.reviewed()).as(a.id()).isNotNull());
        // Only the superseded measures kept for history warn: nothing is overdue for review.
        assertThat(KnowledgeBase.warnings(Path.of("knowledge-base"), LocalDate.of(2026, 12, 6)))
                .filteredOn(w -> !w.message().contains("第…条"))
                .allSatisfy(w -> assertThat(w.message()).startsWith("warning: expired on"));
    }

    @Test
    void aFigureWithoutAnArticleNumberInTheSourcesIsWarnedAboutAtTheSourcesLine(@TempDir Path kb) throws IOException {
        Path dir = Files.createDirectories(kb.resolve("articles/card"));
        String figure = "---\nid: card-0901\ntitle: 社保卡补办\ncategory: card\ntags: [补办]\nquestions:\n  - 社保卡补办\n"
                + "region: national\neffective: 2024-01-01\nreviewed: 2026-03-01\nsources:\n  - 《社会保障卡管理办法》\n---\n"
                + "补办一般在20个工作日内完成，2024年起全国通办。\n";
        Files.writeString(dir.resolve("card-0901.md"), figure);
        assertThat(KnowledgeBase.warnings(kb, TODAY)).extracting(ArticleProblem::line, ArticleProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(11,
                        "warning: states a figure (20个工作日) but no source names the article behind it (第…条)"));
        // The article number named: no warning. A year alone is a date, not a figure.
        Files.writeString(dir.resolve("card-0901.md"), figure.replace("》\n---", "》第十二条\n---"));
        assertThat(KnowledgeBase.warnings(kb, TODAY)).isEmpty();
        Files.writeString(dir.resolve("card-0901.md"), figure.replace("20个工作日内", "尽快"));
        assertThat(KnowledgeBase.warnings(kb, TODAY)).isEmpty();
    }

    /**
     * An article's expiry date is a date in Beijing, whatever zone the node's host runs in: at 01:00 on 1 January
     * in Beijing (17:00 UTC the day before), an article that expired on 31 December is hidden. The search took
     * "today" in the host's zone, and a host on UTC listed it for eight more hours.
     */
    @Test
    void anArticleIsHiddenFromTheBeijingDayAfterItsExpiryWhateverTheHostsZone(@TempDir Path kb) throws IOException {
        Path analysis = Files.createDirectories(kb.resolve("analysis"));
        try (var files = Files.list(Path.of("knowledge-base/analysis"))) {
            for (Path f : files.toList()) {
                Files.copy(f, analysis.resolve(f.getFileName()));
            }
        }
        Path dir = Files.createDirectories(kb.resolve("articles/card"));
        Files.writeString(dir.resolve("card-0901.md"), article("card-0901", "expires: 2026-12-31\nreviewed: 2026-03-01\n"));
        Files.writeString(dir.resolve("card-0902.md"), article("card-0902", "reviewed: 2026-03-01\n"));
        Clock utc = Clock.fixed(Instant.parse("2026-12-31T17:00:00Z"), ZoneOffset.UTC);
        try (KnowledgeBase open = KnowledgeBase.open(kb,
                KbSettings.defaults().withWatch(false).withDense(false).withClock(utc))) {
            assertThat(open.currentArticleIds()).containsExactly("card-0902");
            assertThat(open.search(SearchRequest.of("社保卡丢了怎么挂失")).hits()).extracting(SearchHit::id)
                    .containsExactly("card-0902");
        }
    }
}
