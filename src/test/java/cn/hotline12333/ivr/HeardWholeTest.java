package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Node.ServiceNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code interruptible: false} (a prompt heard whole) and the menu length budget, as flows check sees them. */
class HeardWholeTest {
    private static final Path DIR = Path.of("src/test/resources/flows-heard-whole");
    private static final String FILE = DIR.resolve("hotline.yaml").toString();

    @Test
    void aNodeOrASinglePromptCanBeMarkedHeardWholeAndEverythingElseIsInterruptible() {
        FlowDirectory.Result read = FlowDirectory.read(DIR);
        assertThat(read.problems()).isEmpty();
        Flow flow = read.flows().flow("hotline");

        assertThat(((PlayNode) flow.node("notice")).prompt().interruptible()).isFalse();
        assertThat(((PlayNode) flow.node("notice")).prompt().escapeKeys()).isEmpty();
        List<Say> say = ((ServiceNode) flow.node("answer")).say();
        assertThat(((Say.SayPrompt) say.get(0)).prompt()).isEqualTo(
                new Prompt("以下信息仅供参考，以经办机构的书面答复为准。", "hotline/disclaimer", false));
        assertThat(((Say.SayChoice) say.get(1)).cases().values()).allMatch(Prompt::interruptible);
        assertThat(((MenuNode) flow.node("long_menu")).prompt().escapeKeys()).isEqualTo("0123456789*#");
        assertThat(flow.prompt("goodbye").interruptible()).isTrue();
    }

    @Test
    void reviewListsThePromptsHeardWholeAndWarnsOfAMenuOverTwentySeconds() {
        PromptReview review = PromptReview.of(DIR);
        Flow flow = FlowDirectory.read(DIR).flows().flow("hotline");

        assertThat(review.heardWhole()).containsExactly(
                new FlowProblem(FILE, flow.node("notice").line(), "play notice: heard whole: hotline/hotline-notice"),
                new FlowProblem(FILE, flow.node("answer").line(), "service answer: heard whole: hotline/disclaimer"));
        // 55 characters at 415 ms: 22.8 s
        assertThat(review.warnings()).containsExactly(new FlowProblem(FILE, flow.node("long_menu").line(),
                "warning: menu long_menu: prompt lasts about 22.8 s spoken, over the 20 s budget: shorten it,"
                        + " split the menu, most asked options first"));
    }

    @Test
    void theShippedFlowsHaveNoMenuOverTheBudget() {
        assertThat(PromptReview.of(Path.of("ivr-flows")).warnings()).isEmpty();
    }

    @Test
    void theSpeakingTimeIsTheRenderersSpeedPerCharacter() {
        assertThat(SpeakingTime.of("请输入您的6位查询密码。")).isEqualTo(Duration.ofMillis(12 * 415));
        assertThat(new Prompt("一二三", "x").spokenLength()).isEqualTo(Duration.ofMillis(3 * 415));
    }

    @Test
    void aQuestionCannotBeHeardWholeAndANodeThatPlaysNothingHasNoSuchField() {
        String yaml = """
                flow: small
                version: "1"
                start: ask
                agent: bye
                prompts: {sorry: 抱歉。, invalid: 有误。, no_input: 没有按键。, goodbye: 再见。}
                nodes:
                  ask:
                    type: menu
                    interruptible: false
                    prompt: 确认请按1。
                    options: {"1": mark}
                  mark:
                    type: tag
                    topic: x
                    interruptible: false
                    next: bye
                  bye:
                    type: hangup
                    prompt: {text: 再见。, interruptible: maybe}
                """;
        FlowLoader.Loaded loaded = FlowLoader.load("small.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        List<FlowProblem> problems = new java.util.ArrayList<>(loaded.problems());
        problems.addAll(FlowValidator.validate(loaded, Map.of("small", loaded.nodeIds()), null));

        assertThat(problems).extracting(FlowProblem::message).containsExactlyInAnyOrder(
                "menu ask: a question is answered by a key, so its prompt is always interruptible"
                        + " (interruptible: false is for prompts that only play)",
                "tag mark: unknown field \"interruptible\"",
                "hangup bye prompt: \"interruptible\" must be true or false, not \"maybe\"");
    }
}
