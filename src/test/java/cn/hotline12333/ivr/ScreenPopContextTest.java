package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The screen-pop context a call leaves before Queue(), over the shipped flows. */
class ScreenPopContextTest {
    private static final String ID = "110105195503080010";
    private final List<CallContext> stored = new ArrayList<>();

    private CallHarness harness(Hotline.ContextStore store) {
        FlowSet shipped = FlowDirectory.read(Path.of("ivr-flows")).flows();
        CallHarness h = new CallHarness(store, shipped.flow("hotline"), shipped.flow("after-hours"));
        h.flows = new FlowSet(shipped.flows(), h.hours);
        when(h.hours.isOpen(any(), any())).thenReturn(true);
        when(h.pins.check(any(), any())).thenReturn(PinGuard.Verdict.ACCEPTED);
        when(h.selfService.answer(any(), any())).thenReturn(new ServiceAnswer(true,
                Map.of("month", "11", "status", "paid", "amount", "3280")));
        return h;
    }

    /** Drives a call keying {@code keys} until it asks for the queue; the Work before it is left to the test. */
    private static IvrAction walkToQueue(CallHarness h, String... keys) {
        var caller = EveryHangUpTest.caller(CallHarness.CALLER, keys);
        IvrAction action = h.dial("hotline", CallHarness.CALLER);
        for (int i = 0; i < 200; i++) {
            if (action instanceof IvrAction.Work w && w.name().equals("call_context")) {
                return action;
            }
            action = h.on(caller.apply(action));
        }
        throw new AssertionError("never reached the queue");
    }

    @Test
    void aPensionQueryThenAnAgentLeavesThePathTopicResultAndMaskedIdBeforeQueue() {
        CallHarness h = harness((c, number) -> stored.add(c));
        walkToQueue(h, "1", "1", "1", ID, "246810", "0");
        assertThat(stored).isEmpty(); // the Work is outstanding: nothing stored before it runs

        IvrAction next = h.work();

        assertThat(next).isInstanceOf(IvrAction.EnterQueue.class);
        CallContext c = stored.get(0);
        assertThat(c.callId()).isEqualTo("ast-bj-1/1732259050.17");
        assertThat(c.uniqueId()).isEqualTo("1732259050.17");
        assertThat(c.path()).containsExactly("主菜单", "社会保险", "养老", "查询本月养老金", "人工");
        assertThat(c.pathInWords()).isEqualTo("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
        assertThat(c.topics()).containsExactly("pension");
        assertThat(c.selfService()).containsExactly(
                new CallContext.Service("pension_payment", true, "养老金到账查询：成功"));
        assertThat(c.citizenId()).isEqualTo("1101**********0010");
        assertThat(c.callerMasked()).isEqualTo("138****5678");
        assertThat(c.callerHash()).isEqualTo(CallerHash.demo().of(CallHarness.CALLER));
        assertThat(c.queue()).isEqualTo("hotline-general");
        assertThat(c.enteredAt()).isNotNull();
        assertThat(c.toString()).doesNotContain(ID).doesNotContain("13812345678").doesNotContain("246810");
    }

    @Test
    void backAndRepeatKeysShapeThePathAsTheCallerWalkedIt() {
        CallHarness h = harness((c, number) -> stored.add(c));
        // 1 social insurance, * back, 9 repeat, 2 card, 0 agent
        walkToQueue(h, "1", "*", "9", "2", "0");
        h.work();

        assertThat(stored.get(0).path()).containsExactly("主菜单", "社保卡", "人工");
        assertThat(stored.get(0).topics()).containsExactly("card");
        assertThat(stored.get(0).citizenId()).isNull();
        assertThat(stored.get(0).selfService()).isEmpty();
    }

    @Test
    void aStoreThatFailsOrIsRefusedStillQueuesTheCaller() {
        CallHarness h = harness((c, number) -> {
            throw new IllegalStateException("redis down");
        });
        walkToQueue(h, "0");
        // as the agi side delivers a task that threw, and a full work pool
        assertThat(h.on(new IvrEvent.WorkFailed("call_context", "IllegalStateException")))
                .isInstanceOf(IvrAction.EnterQueue.class);

        CallHarness full = harness((c, number) -> stored.add(c));
        walkToQueue(full, "0");
        assertThat(full.on(new IvrEvent.WorkRejected("call_context"))).isInstanceOf(IvrAction.EnterQueue.class);
        full.on(new IvrEvent.QueueLeft("CONTINUE", false, 1000L, 60_000L));
        full.hangUp();
        assertThat(full.record().outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(full.record().error()).isNull();
    }

    @Test
    void aHangUpWhileTheContextIsStoredEndsTheCallWithItsRecord() {
        CallHarness h = harness((c, number) -> stored.add(c));
        IvrAction.Work storing = (IvrAction.Work) walkToQueue(h, "0");
        assertThat(h.hangUp()).isInstanceOf(IvrAction.End.class);
        // the agi side runs the work anyway, and its result arrives after the end
        assertThat(h.on(new IvrEvent.WorkDone(Boolean.TRUE))).isInstanceOf(IvrAction.End.class);
        assertThat(storing.name()).isEqualTo("call_context");
        assertThat(h.record().hungUpBy()).isEqualTo(CallRecord.HungUpBy.CALLER);
    }

    @Test
    void withoutAStoreTheCallQueuesAtOnce() {
        CallHarness h = harness(null);
        var caller = EveryHangUpTest.caller(CallHarness.CALLER, "0");
        IvrAction action = h.dial("hotline", CallHarness.CALLER);
        while (!(action instanceof IvrAction.EnterQueue)) {
            assertThat(action).isNotInstanceOf(IvrAction.Work.class);
            action = h.on(caller.apply(action));
        }
    }

    @Test
    void aChoiceIsNamedByItsMenuPrompt() {
        Node.MenuNode menu = new Node.MenuNode("m", 1, new Prompt("查询本月养老金请按1，养老保险人工咨询请按0，返回请按星号键。",
                "a"), Map.of("1", "x"), null, 3, null, null);
        assertThat(PopContext.choice(menu, "1")).isEqualTo("查询本月养老金");
        assertThat(PopContext.choice(menu, "0")).isEqualTo("养老保险人工咨询");
        assertThat(PopContext.choice(menu, "*")).isEqualTo("返回");
        assertThat(PopContext.choice(menu, "5")).isEqualTo("按5");
        assertThat(PopContext.serviceWords("card_status", false)).isEqualTo("社保卡状态查询：未查到结果");
    }
}
