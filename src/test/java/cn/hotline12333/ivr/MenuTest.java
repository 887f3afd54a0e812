package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.ask;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.menu;
import static cn.hotline12333.ivr.TestFlows.p;
import static cn.hotline12333.ivr.TestFlows.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MenuTest {

    /** main: 1 → pension menu (1 → amount), 2 → card; 0 → agent; pension's * is its own. */
    private static CallHarness hotline() {
        return new CallHarness(flow("hotline", "main", "agent",
                menu("main", 3, "failed", "1", "pension", "2", "card"),
                menu("pension", 3, null, "1", "amount"),
                menu("card", 2, "failed", "1", "amount", "*", "own_star", "9", "own_nine", "0", "own_zero"),
                TestFlows.play("amount", null),
                TestFlows.play("failed", null),
                TestFlows.play("own_star", null),
                TestFlows.play("own_nine", null),
                TestFlows.play("own_zero", null),
                transfer("agent", "general", null, null, null)));
    }

    @Test
    void menuAsksForOneKeySoAKeyInterruptsThePrompt() {
        assertThat(hotline().answer("hotline")).isEqualTo(ask("main", 1));
    }

    @Test
    void keyInTheOptionsGoesToItsNode() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("1")).isEqualTo(ask("pension", 1));
        assertThat(h.keys("1")).isEqualTo(play("amount"));
        h.hangUp();
        assertThat(h.record().path()).extracting(CallRecord.Visit::node).containsExactly("main", "pension", "amount");
    }

    @Test
    void hashPressedAloneComesBackAsAnEmptyAnswerWithoutTimeoutAndIsTheHashKey() {
        CallHarness h = new CallHarness(flow("hotline", "main", "agent",
                menu("main", 3, "failed", "1", "amount", "#", "bye"),
                TestFlows.play("amount", null),
                TestFlows.play("bye", null),
                TestFlows.play("failed", null),
                transfer("agent", "general", null, null, null)));
        h.answer("hotline");
        assertThat(h.on(new IvrEvent.DigitsEntered("", false))).isEqualTo(play("bye"));
    }

    @Test
    void nineRepeatsTheMenu() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("9")).isEqualTo(ask("main", 1));
    }

    @Test
    void starGoesBackToThePreviousMenuAndRepeatsAtTheTop() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("*")).isEqualTo(ask("main", 1));
        h.keys("1");
        assertThat(h.keys("*")).isEqualTo(ask("main", 1));
        assertThat(h.keys("*")).isEqualTo(ask("main", 1));
        h.hangUp();
        assertThat(h.record().path()).extracting(CallRecord.Visit::node).containsExactly("main", "pension", "main");
    }

    @Test
    void zeroGoesToTheFlowsAgentNode() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("1");
        assertThat(h.keys("0")).isEqualTo(play("agent"));
    }

    @Test
    void menuThatMapsNineStarAndZeroItselfKeepsThem() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("2");
        assertThat(h.keys("*")).isEqualTo(play("own_star"));
        h = hotline();
        h.answer("hotline");
        h.keys("2");
        assertThat(h.keys("9")).isEqualTo(play("own_nine"));
        h = hotline();
        h.answer("hotline");
        h.keys("2");
        assertThat(h.keys("0")).isEqualTo(play("own_zero"));
    }

    @Test
    void timeoutPlaysNoInputAndAsksAgain() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.timeout()).isEqualTo(play("no_input"));
        assertThat(h.played()).isEqualTo(ask("main", 1));
    }

    @Test
    void invalidKeyPlaysTheFlowsInvalidPromptAndAsksAgain() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("7")).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(ask("main", 1));
    }

    @Test
    void invalidKeyPlaysTheMenusOwnInvalidPromptWhenItHasOne() {
        Node.MenuNode main = new Node.MenuNode("main", 1, p("main"), Map.of("1", "amount"), TestFlows.ASK, 3,
                p("main_invalid"), null);
        CallHarness h = new CallHarness(flow("hotline", "main", null, main, TestFlows.play("amount", null)));
        h.answer("hotline");
        assertThat(h.keys("#")).isEqualTo(play("main_invalid"));
    }

    @Test
    void afterRetriesFailuresTheCallGoesToOnFail() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("7");
        h.played();
        h.timeout();
        h.played();
        assertThat(h.keys("8")).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(play("failed"));
    }

    @Test
    void repeatingAndGoingBackDoNotCountAsFailures() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("7");
        h.played();
        h.keys("9");
        h.keys("*");
        h.keys("7");
        assertThat(h.played()).isEqualTo(ask("main", 1));
    }

    @Test
    void withoutOnFailAfterRetriesTheCallGoesToAnAgent() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("1");
        for (int i = 0; i < 2; i++) {
            h.timeout();
            h.played();
        }
        h.timeout();
        assertThat(h.played()).isEqualTo(play("agent"));
    }

    @Test
    void zeroWithoutAnAgentNodeIsAnInvalidKey() {
        CallHarness h = new CallHarness(flow("hotline", "main", null, menu("main", 3, null, "1", "main")));
        h.answer("hotline");
        assertThat(h.keys("0")).isEqualTo(play("invalid"));
    }

    @Test
    void starBackAcrossAGotoReturnsToTheMenuInTheFirstFlow() {
        CallHarness h = new CallHarness(
                flow("hotline", "main", null, menu("main", 3, null, "7", "deaf"),
                        new Node.GotoNode("deaf", 1, "deaf", null)),
                flow("deaf", "sign", null, menu("sign", 3, null, "1", "sign")));
        h.answer("hotline");
        assertThat(h.keys("7")).isEqualTo(ask("sign", 1));
        assertThat(h.keys("*")).isEqualTo(ask("main", 1));
        h.hangUp();
        assertThat(h.record().path()).extracting(v -> v.flow() + ":" + v.node())
                .containsExactly("hotline:main", "hotline:deaf", "deaf:sign", "hotline:main");
    }
}
