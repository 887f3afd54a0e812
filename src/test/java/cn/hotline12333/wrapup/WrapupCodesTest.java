package cn.hotline12333.wrapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrapupCodesTest {
    private static final Path SHIPPED = Path.of("ivr-flows", "wrapup.yaml");
    @TempDir
    Path dir;

    private static List<String> problems(String yaml) {
        return WrapupParser.parse("w.yaml", yaml.getBytes(StandardCharsets.UTF_8)).problems().stream()
                .map(Object::toString).toList();
    }

    @Test
    void theShippedTreeLoadsAndHasATopicForEveryTopicTheFlowsTag() throws Exception {
        assertThat(WrapupCodes.check(SHIPPED)).isEmpty();
        WrapupTree tree = WrapupCodes.open(SHIPPED, null, Clock.systemUTC(), false).current();
        Set<String> flowTopics = Files.readAllLines(Path.of("ivr-flows", "hotline.yaml")).stream()
                .map(String::trim).filter(l -> l.startsWith("topic: ")).map(l -> l.substring(7).trim())
                .collect(Collectors.toSet());
        assertThat(flowTopics).isNotEmpty();
        assertThat(tree.topics()).extracting(WrapupTree.Topic::id).containsAll(flowTopics);
        assertThat(tree.topic("pension").name()).isEqualTo("养老保险");
        assertThat(tree.topics()).allSatisfy(t -> assertThat(t.codes()).isNotEmpty());
        assertThat(WrapupTree.RESOLUTIONS.values()).containsExactly("已解答", "需转办", "已转接", "无效来电", "需回拨");
    }

    @Test
    void everyProblemNamesItsLine() {
        assertThat(problems("""
                version: "1"
                topics:
                  pension:
                    name: 养老保险
                    codes:
                      pension.payment: 养老金发放
                      payment: 没有话题前缀
                      pension.payment: 又一次
                      pension.empty:
                  Bad-Topic:
                    name: x
                    codes: {bad-topic.x: y}
                  card:
                    codes: {card.x: 挂失}
                    colour: red
                extra: 1
                """)).containsExactly(
                "w.yaml:7: code id 'payment' must be pension.<word> in lowercase letters, digits and _",
                "w.yaml:8: code pension.payment appears twice (first on line 6)",
                "w.yaml:9: code pension.empty needs a label in words",
                "w.yaml:10: topic id 'Bad-Topic' must be lowercase letters, digits and _ (an IVR topic such as pension)",
                "w.yaml:13: topic card: name is missing",
                "w.yaml:15: topic card: unknown key 'colour' (known: name, codes)",
                "w.yaml:16: unknown key 'extra' (known: version, topics)");
        assertThat(problems("version: \"1\"\ntopics: [\n")).singleElement().asString().startsWith("w.yaml:");
        assertThat(problems("topics:\n  a:\n    name: x\n    codes: {a.b: c}\n"))
                .containsExactly("w.yaml:1: version is missing");
        assertThat(problems("version: \"1\"\ntopics:\n  a:\n    name: " + "长".repeat(31) + "\n    codes: {a.b: c}\n"))
                .containsExactly("w.yaml:4: topic a: name is longer than 30 characters");
    }

    @Test
    void aBadEditIsRefusedAndAGoodOneBecomesANewVersionKeptAcrossRestarts() throws Exception {
        Path file = dir.resolve(WrapupCodes.FILE_NAME);
        Path history = dir.resolve("history").resolve("wrapup-history.jsonl");
        Files.writeString(file, "version: \"1\"\ntopics:\n  pension:\n    name: 养老保险\n    codes:\n"
                + "      pension.payment: 养老金发放\n      pension.old: 旧代码\n");
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        WrapupCodes codes = WrapupCodes.open(file, history, Clock.fixed(t0, ZoneOffset.UTC), false);
        try {
            Files.writeString(file, "version: \"2\"\ntopics:\n  pension:\n    name: 养老\n");
            assertThat(codes.reload()).extracting(WrapupProblem::line).containsExactly(3);
            assertThat(codes.current().version()).isEqualTo("1");
        } finally {
            codes.close();
        }
        Files.writeString(file, "version: \"2\"\ntopics:\n  pension:\n    name: 养老保险\n    codes:\n"
                + "      pension.payment: 养老金发放查询\n");
        Instant t1 = Instant.parse("2026-12-05T00:00:00Z");
        WrapupCodes later = WrapupCodes.open(file, history, Clock.fixed(t1, ZoneOffset.UTC), false);
        assertThat(later.versions()).extracting(v -> v.tree().version()).containsExactly("1", "2");
        assertThat(later.versions().get(1).effectiveFrom()).isEqualTo(t1);
        // history keeps its meaning: a record written under version 1 reads in its words, a removed code still reads
        assertThat(later.describe("pension.payment", t0.plusSeconds(60)).label()).isEqualTo("养老金发放");
        assertThat(later.describe("pension.payment", null).label()).isEqualTo("养老金发放查询");
        assertThat(later.describe("pension.old", t1.plusSeconds(60)))
                .isEqualTo(new WrapupCodes.Described("pension.old", "旧代码", "pension", "养老保险"));
        assertThat(later.describe("nobody.knows", null)).isNull();
        // but new wrap-ups use the current tree only
        assertThat(later.refusal("pension.old", "answered", null)).isEqualTo(
                new WrapupCodes.Refusal("code", "is no wrap-up code of version 2"));
    }

    @Test
    void aSavedFileIsPickedUpByTheWatcher() throws Exception {
        Path file = dir.resolve(WrapupCodes.FILE_NAME);
        Files.writeString(file, "version: \"1\"\ntopics:\n  a:\n    name: x\n    codes: {a.b: c}\n");
        try (WrapupCodes codes = WrapupCodes.open(file, null, Clock.systemUTC(), true)) {
            Files.writeString(file, "version: \"2\"\ntopics:\n  a:\n    name: x\n    codes: {a.b: c, a.d: e}\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> codes.current().version().equals("2"));
            assertThat(codes.current().code("a.d").label()).isEqualTo("e");
        }
    }

    @Test
    void aMissingFileRefusesToStart() {
        assertThatThrownBy(() -> WrapupCodes.open(dir.resolve("none.yaml"), null, Clock.systemUTC(), false))
                .hasMessageContaining("none.yaml:0: no such file");
    }

    @Test
    void aWrapUpFormIsCheckedFieldByField() throws Exception {
        WrapupCodes codes = WrapupCodes.open(SHIPPED, null, Clock.systemUTC(), false);
        assertThat(codes.refusal("pension.payment", "answered", "已告知发放日期")).isNull();
        assertThat(codes.refusal("pension.payment", "callback", "a".repeat(500))).isNull();
        assertThat(codes.refusal("pension.payment", "callback", "长".repeat(500))).isNull();
        assertThat(codes.refusal(null, "answered", null).field()).isEqualTo("code");
        assertThat(codes.refusal("x".repeat(10_000), "answered", null).field()).isEqualTo("code");
        assertThat(codes.refusal("pension.payment", "solved", null).field()).isEqualTo("resolution");
        assertThat(codes.refusal("pension.payment", "answered", "a".repeat(501)).field()).isEqualTo("notes");
        assertThat(codes.refusal("pension.payment", "answered", "a".repeat(10_000_000)).field()).isEqualTo("notes");
        assertThat(codes.refusal("pension.payment", "answered", "a\u0000b").field()).isEqualTo("notes");
        assertThat(codes.refusal("pension.payment", "answered", "a\ud800b").field()).isEqualTo("notes");
        assertThat(codes.refusal("pension.payment", "answered", "第一行\n第二行\t<script>")).isNull();
        assertThat(WrapupCodes.resolution("invalid_call")).isEqualTo(Resolution.INVALID_CALL);
    }
}
