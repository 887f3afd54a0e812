package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Node.ScheduleNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TagNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowLoaderTest {
    private static final Path HOTLINE = Path.of("ivr-flows/hotline.yaml");
    private static byte[] bytes;
    private static Flow flow;

    @BeforeAll
    static void load() throws IOException {
        bytes = Files.readAllBytes(HOTLINE);
        FlowLoader.Loaded loaded = FlowLoader.load(HOTLINE.toString(), bytes);
        assertThat(loaded.problems()).isEmpty();
        flow = loaded.flow();
    }

    @Test
    void versionIsDeclaredVersionPlusFileHash() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(flow.version()).isEqualTo("2026.11-1+" + sha.substring(0, 8));
        assertThat(flow.name()).isEqualTo("hotline");
        assertThat(flow.file()).isEqualTo("ivr-flows/hotline.yaml");
        assertThat(flow.start()).isEqualTo("welcome");
        assertThat(flow.agent()).isEqualTo("agent");
    }

    @Test
    void sharedPromptsGetPromptAudioNames() {
        assertThat(flow.prompts()).containsKeys("sorry", "invalid", "no_input", "goodbye");
        assertThat(flow.prompt("invalid")).isEqualTo(new Prompt("您的输入有误，请重新输入。", "hotline/hotline-prompt-invalid"));
        assertThat(flow.prompt("sorry").audio()).isEqualTo("hotline/hotline-prompt-sorry");
    }

    @Test
    void nodeLinesAreWhereTheirIdsAreWritten() throws IOException {
        List<String> lines = Files.readAllLines(HOTLINE);

        for (Node node : flow.nodes().values()) {
            assertThat(lines.get(node.line() - 1)).as(node.id()).isEqualTo("  " + node.id() + ":");
        }
    }

    @Test
    void menuFillsDefaultsFromTheFlow() {
        MenuNode main = (MenuNode) flow.node("main");

        assertThat(main.options()).containsExactlyInAnyOrderEntriesOf(Map.of("1", "insurance", "2", "card_topic",
                "3", "employment_topic", "4", "labour_topic", "5", "more", "6", "retirement_topic",
                "7", "accessibility_topic", "8", "medical_topic"));
        assertThat(main.timeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(main.retries()).isEqualTo(3);
        assertThat(main.invalid()).isEqualTo(flow.prompt("invalid"));
        assertThat(main.onFail()).isEqualTo("agent");
        assertThat(main.prompt().audio()).isEqualTo("hotline/hotline-main");
        assertThat(((MenuNode) flow.node("insurance")).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(((MenuNode) flow.node("after_answer")).onFail()).isEqualTo("goodbye");
    }

    @Test
    void inputsByKind() {
        InputNode id = (InputNode) flow.node("pension_id");
        InputNode pin = (InputNode) flow.node("pension_pin");

        assertThat(id).isEqualTo(new InputNode("pension_id", id.line(), new Prompt(
                "请输入您的18位社会保障号码，也就是居民身份证号码，输入完毕请按井号键。号码末位是X的，请按星号键代替。",
                "hotline/hotline-ask-citizen-id"), InputKind.CITIZEN_ID, 18, Duration.ofSeconds(10), 3,
                flow.prompt("invalid"), "citizen_id", null, "pension_pin", "agent", null));
        assertThat(pin.kind()).isEqualTo(InputKind.PIN);
        assertThat(pin.maxDigits()).isEqualTo(6);
        assertThat(pin.verifies()).isEqualTo("citizen_id");
        assertThat(pin.saveAs()).isEqualTo("pin");
        assertThat(pin.onLocked()).isEqualTo("pin_locked");
        assertThat(pin.onFail()).isEqualTo("agent");
        // An anchored prompt is the same recording wherever it is used.
        assertThat(((InputNode) flow.node("card_loss_id")).prompt()).isEqualTo(id.prompt());
    }

    @Test
    void serviceSaysPromptsNumbersDigitsAndChoices() {
        ServiceNode pension = (ServiceNode) flow.node("pension_payment");
        ServiceNode contributions = (ServiceNode) flow.node("contributions");

        assertThat(pension.service()).isEqualTo("pension_payment");
        assertThat(pension.citizen()).isEqualTo("citizen_id");
        assertThat(pension.onNotFound()).isEqualTo("not_found");
        assertThat(pension.onError()).isEqualTo("agent");
        assertThat(pension.say().get(0)).isEqualTo(new Say.SayPrompt(
                new Prompt("您", "hotline/hotline-pension_payment-say-1")));
        assertThat(pension.say().get(1)).isEqualTo(new Say.SayNumber("month"));
        Say.SayChoice status = (Say.SayChoice) pension.say().get(3);
        assertThat(status.field()).isEqualTo("status");
        assertThat(status.cases()).containsOnlyKeys("paid", "pending", "suspended", "none");
        assertThat(status.cases().get("paid")).isEqualTo(
                new Prompt("已经发放。", "hotline/hotline-pension_payment-status-paid"));
        assertThat(contributions.say()).contains(new Say.SayDigits("last_paid_year"));
    }

    @Test
    void everyOtherNodeKind() {
        assertThat(flow.node("welcome")).isInstanceOf(PlayNode.class);
        assertThat(((PlayNode) flow.node("welcome")).next()).isEqualTo("hours");
        assertThat(flow.node("hours")).isEqualTo(
                new ScheduleNode("hours", flow.node("hours").line(), "hotline", "main", "after_hours"));
        assertThat(flow.node("after_hours")).isEqualTo(
                new GotoNode("after_hours", flow.node("after_hours").line(), "after-hours", null));
        assertThat(flow.node("pension_topic")).isEqualTo(
                new TagNode("pension_topic", flow.node("pension_topic").line(), "pension", Map.of(), "pension"));
        TransferNode agent = (TransferNode) flow.node("agent");
        assertThat(agent.queue()).isEqualTo("hotline-general");
        assertThat(agent.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(List.of(agent.onAnswered(), agent.onTimeout(), agent.onUnavailable()))
                .containsExactly("survey", "busy", "busy");
        assertThat(((ReferNode) flow.node("medical_refer")).target()).isEqualTo("12393");
        RecordNode complaint = (RecordNode) flow.node("complaint_record");
        assertThat(complaint.mailbox()).isEqualTo("labour-inspection");
        assertThat(complaint.maxLength()).isEqualTo(Duration.ofMinutes(3));
        assertThat(complaint.silence()).isEqualTo(Duration.ofSeconds(6));
        RecordNode message = (RecordNode) flow.node("message");
        assertThat(List.of(message.maxLength(), message.silence()))
                .containsExactly(Duration.ofMinutes(2), Duration.ofSeconds(5));
        RequestNode sms = (RequestNode) flow.node("sms_link");
        assertThat(List.of(sms.kind(), sms.queue(), sms.next()))
                .containsExactly("sms_link", "hotline-accessibility", "sms_link_done");
        assertThat(((RequestNode) flow.node("callback")).kind()).isEqualTo("callback");
        SurveyNode survey = (SurveyNode) flow.node("survey");
        assertThat(survey.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(survey.thanks()).isEqualTo(new Prompt("感谢您的评价。", "hotline/hotline-survey-thanks"));
        assertThat(((HangupNode) flow.node("goodbye")).prompt().audio()).isEqualTo("hotline/hotline-goodbye");
    }

    @Test
    void everyPromptHasTextAndAudio() {
        List<Prompt> prompts = new ArrayList<>(flow.prompts().values());
        for (Node node : flow.nodes().values()) {
            prompts.addAll(promptsOf(node));
        }

        assertThat(prompts).hasSizeGreaterThan(100)
                .allSatisfy(p -> {
                    assertThat(p.text()).isNotBlank();
                    assertThat(p.audio()).matches("hotline/[a-z0-9_-]+");
                });
    }

    @Test
    void writtenDefaultsAndShorthands() {
        String yaml = """
                flow: small
                version: "7"
                start: ask
                agent: bye
                prompts:
                  sorry: 抱歉。
                  invalid: {text: 输入有误。, audio: common/invalid}
                  no_input: 没有按键。
                  goodbye: 再见。
                  extra: 其他提示。
                nodes:
                  ask:
                    type: input
                    kind: phone
                    prompt: 请输入电话号码。
                    timeout: 1500ms
                    invalid: 电话号码有误。
                    next: mark
                  mark:
                    type: tag
                    variables: {HOTLINE_LANE: fast}
                    next: jump
                  jump:
                    type: goto
                    flow: other
                    node: main
                  bye:
                    type: hangup
                """;

        FlowLoader.Loaded loaded = FlowLoader.load("small.yaml", yaml.getBytes(StandardCharsets.UTF_8));

        assertThat(loaded.problems()).isEmpty();
        Flow small = loaded.flow();
        InputNode ask = (InputNode) small.node("ask");
        assertThat(ask.maxDigits()).isEqualTo(12);
        assertThat(ask.saveAs()).isEqualTo("phone");
        assertThat(ask.onFail()).isEqualTo("bye");
        assertThat(ask.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ask.invalid()).isEqualTo(new Prompt("电话号码有误。", "hotline/small-ask-invalid"));
        assertThat(small.prompt("invalid")).isEqualTo(new Prompt("输入有误。", "common/invalid"));
        assertThat(small.prompt("extra").audio()).isEqualTo("hotline/small-prompt-extra");
        assertThat(((TagNode) small.node("mark")).variables()).isEqualTo(Map.of("HOTLINE_LANE", "fast"));
        assertThat(((TagNode) small.node("mark")).topic()).isNull();
        assertThat(((GotoNode) small.node("jump")).node()).isEqualTo("main");
        assertThat(((HangupNode) small.node("bye")).prompt()).isNull();
    }

    @Test
    void durationsInEveryUnit() {
        for (Map.Entry<String, Duration> e : Map.of("250ms", Duration.ofMillis(250), "5s", Duration.ofSeconds(5),
                "2m", Duration.ofMinutes(2), "1h", Duration.ofHours(1)).entrySet()) {
            String yaml = "t: " + e.getKey() + "\n";
            List<FlowProblem> problems = new ArrayList<>();
            YamlMap map = YamlMap.parse("d.yaml", yaml.getBytes(StandardCharsets.UTF_8), "test", problems);

            assertThat(map.duration("t", Duration.ZERO)).isEqualTo(e.getValue());
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void zeroDurationIsRefused() {
        List<FlowProblem> problems = new ArrayList<>();
        YamlMap map = YamlMap.parse("d.yaml", "t: 0s\n".getBytes(StandardCharsets.UTF_8), "test", problems);

        assertThat(map.duration("t", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(problems).extracting(FlowProblem::line).containsExactly(1);
    }

    private static List<Prompt> promptsOf(Node node) {
        List<Prompt> prompts = new ArrayList<>();
        if (node instanceof PlayNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof MenuNode n) {
            prompts.addAll(List.of(n.prompt(), n.invalid()));
        } else if (node instanceof InputNode n) {
            prompts.addAll(List.of(n.prompt(), n.invalid()));
        } else if (node instanceof ServiceNode n) {
            for (Say say : n.say()) {
                if (say instanceof Say.SayPrompt p) {
                    prompts.add(p.prompt());
                } else if (say instanceof Say.SayChoice c) {
                    prompts.addAll(c.cases().values());
                }
            }
        } else if (node instanceof TransferNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof ReferNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof RecordNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof RequestNode n) {
            prompts.add(n.prompt());
        } else if (node instanceof SurveyNode n) {
            prompts.addAll(List.of(n.prompt(), n.thanks()));
        } else if (node instanceof HangupNode n) {
            prompts.add(n.prompt());
        }
        return prompts;
    }
}
