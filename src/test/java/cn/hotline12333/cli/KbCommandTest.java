package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.kb.SearchResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KbCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return KbCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dashReadsOneQueryPerLineAndWritesOneJsonObjectPerLine() throws Exception {
        int code = run("社保卡丟了怎麼辦\n养老金\n\n*\n", "search", "-");
        assertThat(code).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize(4);
        JsonNode first = lines.get(0);
        assertThat(first.get("query").asText()).isEqualTo("社保卡丟了怎麼辦");
        assertThat(first.get("tookMs").isNumber()).isTrue();
        JsonNode hit = first.get("hits").get(0);
        assertThat(hit.get("id").asText()).isEqualTo("card-0003");
        assertThat(iterable(hit.fieldNames())).containsExactly("id", "title", "category", "score", "snippet");
        assertThat(hit.get("category").asText()).isEqualTo("card");
        assertThat(lines.get(2).get("hits")).isEmpty();
        assertThat(lines.get(3).get("hits")).isEmpty();
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aQueryNoArticleAnswersSaysSo() throws Exception {
        assertThat(run("", "search", "宠物狗怎么办狗证")).isZero();
        assertThat(out()).contains("no matching article");
        out.reset();
        assertThat(run("", "search", "宠物狗怎么办狗证", "--json")).isZero();
        JsonNode line = new ObjectMapper().readTree(out());
        assertThat(line.get("noMatch").asBoolean()).isTrue();
        assertThat(line.get("hits")).isEmpty();
    }

    @Test
    void gapsPrintsTheSearchAnalyticsOfTheRedisItIsGiven() {
        try (cn.hotline12333.store.EmbeddedRedis embedded = cn.hotline12333.store.EmbeddedRedis.start();
             cn.hotline12333.store.Redis redis = cn.hotline12333.store.Redis.connect(embedded.url())) {
            cn.hotline12333.kb.SearchAnalytics analytics = new cn.hotline12333.kb.SearchAnalytics(redis,
                    java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(10));
            analytics.searched("agent", "宠物狗 13812345678", SearchResult.empty(1));
            assertThat(run("", "gaps", "--days", "7", "--redis", embedded.url())).isZero();
        }
        assertThat(out()).contains("searches").contains("no matching article:").contains("宠物狗 [手机号]")
                .contains("articles no search showed (").contains("card-0003").doesNotContain("13812345678");
    }

    @Test
    void searchPrintsRankedTitlesForPeople() {
        assertThat(run("", "search", "上海的社保卡丢了", "--region", "上海市", "--category", "card")).isZero();
        assertThat(out()).contains("card-0015  上海市社保卡补卡换卡在哪里办").contains("【社保卡】");
        assertThat(out().lines().filter(l -> l.matches("^ ?\\d+\\. .*")).findFirst().orElseThrow()).contains("card-0015");
    }

    @Test
    void jsonFlagGivesTheSameShapeAsTheStreamMode() throws Exception {
        assertThat(run("", "search", "失业金", "--json")).isZero();
        JsonNode line = new ObjectMapper().readTree(out());
        assertThat(line.get("query").asText()).isEqualTo("失业金");
        assertThat(line.get("hits")).isNotEmpty();
    }

    @Test
    void checkListsEachProblemAtItsLineAndFails() {
        assertThat(run("", "check", "--dir", "src/test/resources/kb-broken")).isEqualTo(1);
        assertThat(out()).contains("articles/card/card-0902.md:6: bad YAML")
                .contains("articles/pension/pension-0904.md:9: field 'effective' must be a date")
                .contains("analysis/synonyms.txt:4: synonym rule not used")
                .contains("7 problem(s)");
        out.reset();
        assertThat(run("", "check")).isZero();
        assertThat(out()).contains("knowledge base ok");
    }

    @Test
    void wrongUsageIsExitCodeTwoWithAReason() {
        assertThat(run("", "search")).isEqualTo(2);
        assertThat(run("", "search", "x", "--category", "astrology")).isEqualTo(2);
        assertThat(run("", "eval", "--split", "everything")).isEqualTo(2);
        assertThat(run("", "search", "x", "--bogus")).isEqualTo(2);
        assertThat(run("", "frobnicate")).isEqualTo(2);
        assertThat(run("", "search", "x", "--dir", "no-such-dir")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown category 'astrology'")
                .contains("--split must be tune, heldout, all or loo").contains("unknown option --bogus")
                .contains("no knowledge base at");
    }

    @Test
    void evalPrintsFiguresPerSplitAndStyleAndTheMisses() {
        assertThat(run("", "eval", "--split", "tune")).isZero();
        assertThat(out()).contains("| group (ours) | questions | Recall@1 | Recall@3 | MRR | zero-result rate |")
                .contains("| tune / colloquial |").contains("| tune / pinyin |").doesNotContain("| heldout")
                .contains("| unanswerable (ours) | questions | answered \"no matching article\" |")
                .contains("| group (StandardAnalyzer) |").contains("| group (CJKAnalyzer) |")
                .contains("Misses (expected article not in the top 3, or an unanswerable question answered):");
    }
}
