package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleParserTest {
    private static final Path BROKEN = Path.of("src/test/resources/kb-broken");

    private static List<String> problems(Path dir) {
        return ArticleFiles.load(dir).problems().stream()
                .map(p -> BROKEN.relativize(p.file()) + ":" + p.line() + ": " + p.message()).toList();
    }

    @Test
    void theRealKnowledgeBaseParsesWithoutProblems() {
        ArticleFiles.Loaded loaded = ArticleFiles.load(Path.of("knowledge-base"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.articles()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(loaded.articles()).extracting(Article::category).containsAll(List.of(Category.values()));
    }

    @Test
    void frontMatterBecomesAnArticle() {
        Article a = ArticleFiles.load(Path.of("knowledge-base")).articles().stream()
                .filter(x -> x.id().equals("pension-0022")).findFirst().orElseThrow();
        assertThat(a.title()).startsWith("2020年阶段性减免");
        assertThat(a.category()).isEqualTo(Category.PENSION);
        assertThat(a.tags()).contains("阶段性减免");
        assertThat(a.questions()).hasSizeBetween(3, 12).contains("疫情期间企业社保免交政策现在还有吗");
        assertThat(a.region()).isEqualTo("national");
        assertThat(a.effective()).isEqualTo(LocalDate.of(2020, 2, 1));
        assertThat(a.expires()).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(a.sources()).hasSize(2);
        assertThat(a.body()).startsWith("## 政策内容（历史）");
    }

    @Test
    void eachBrokenFileIsReportedAtItsLineAndTheGoodOneStillLoads() {
        assertThat(problems(BROKEN)).containsExactly(
                "articles/card/card-0902.md:6: bad YAML: expected ',' or ']', but got :",
                "articles/hotline/card-0901.md:2: duplicate id 'card-0901', already used by "
                        + BROKEN.resolve("articles/card/card-0901.md"),
                "articles/hotline/hotline-0905.md:4: unknown category 'astrology'",
                "articles/hotline/hotline-0907.md:1: front matter is not closed by a '---' line",
                "articles/pension/pension-0903.md:1: missing field 'questions'",
                "articles/pension/pension-0904.md:9: field 'effective' must be a date YYYY-MM-DD, was '2024-13-01'");
        assertThat(ArticleFiles.load(BROKEN).articles()).extracting(Article::id).containsExactly("card-0901");
    }

    @Test
    void badYamlNamesTheLineWhereTheParserGaveUp() {
        String text = "---\nid: card-0999\ntitle: x\ntags: [a\nquestions:\n  - q\n---\nbody\n";
        ArticleParser.Parsed p = ArticleParser.parse(Path.of("card-0999.md"), text);
        assertThat(p.article()).isNull();
        assertThat(p.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("bad YAML");
            assertThat(problem.line()).isBetween(4, 6);
        });
    }

    @Test
    void unknownFieldsAndMisnamedFilesAreProblemsNotSilence() {
        String text = """
                ---
                id: card-0999
                title: 标题
                category: card
                tags: [社保卡]
                questions: [问题]
                region: national
                effective: 2024-01-01
                expire: 2020-01-01
                sources: [来源]
                ---
                正文
                """;
        ArticleParser.Parsed p = ArticleParser.parse(Path.of("card-0998.md"), text);
        assertThat(p.problems()).extracting(ArticleProblem::toString).containsExactly(
                "card-0998.md:9: unknown field 'expire'",
                "card-0998.md:2: id 'card-0999' does not match the file name card-0998.md");
    }

    @Test
    void quotedAndUnquotedNumbersAreBothTextAndCrlfFilesParse() {
        String text = "---\r\nid: hotline-0999\r\ntitle: 热线\r\ncategory: hotline\r\ntags: [\"12333\", 12393]\r\n"
                + "questions: [打哪个电话]\r\nregion: national\r\neffective: 2024-01-01\r\nexpires: 2030-06-30\r\n"
                + "sources: [来源]\r\n---\r\n正文\r\n";
        ArticleParser.Parsed p = ArticleParser.parse(Path.of("hotline-0999.md"), text);
        assertThat(p.problems()).isEmpty();
        assertThat(p.article().tags()).containsExactly("12333", "12393");
        assertThat(p.article().expires()).isEqualTo(LocalDate.of(2030, 6, 30));
        assertThat(p.article().body()).isEqualTo("正文");
    }
}
