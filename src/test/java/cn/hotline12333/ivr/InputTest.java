package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.ask;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.input;
import static cn.hotline12333.ivr.TestFlows.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.PinGuard.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class InputTest {
    // Synthetic numbers with right check characters; the first ends in X.
    static final String ID_WITH_X = "11010519491231002X";
    static final String ID = "440304199001011233";

    /** id → pin → pension (self-service on the saved id); failures and lock-outs have their own nodes. */
    private static CallHarness hotline() {
        CallHarness h = new CallHarness(flow("hotline", "id", "agent",
                input("id", InputKind.CITIZEN_ID, 18, "citizen", "pin"),
                pin("pin", "citizen", "pension", "locked"),
                TestFlows.service("pension", "pension", "citizen", List.of(), null, null, null),
                TestFlows.play("failed", null),
                TestFlows.play("locked", null),
                TestFlows.play("agent", null)));
        when(h.selfService.answer(eq("pension"), any())).thenReturn(new ServiceAnswer(true, Map.of()));
        return h;
    }

    @Test
    void citizenIdWithXKeyedAsStarIsSavedForTheSelfService() throws Exception {
        CallHarness h = hotline();
        assertThat(h.answer("hotline")).isEqualTo(ask("id", 18));
        assertThat(h.keys("11010519491231002*")).isEqualTo(ask("pin", 6));
        when(h.pins.check(any(), eq("123456"))).thenReturn(Verdict.ACCEPTED);
        assertThat(h.keys("123456")).isInstanceOf(IvrAction.Work.class);
        assertThat(h.work()).isInstanceOf(IvrAction.Work.class);
        h.work();

        ArgumentCaptor<CitizenId> checked = ArgumentCaptor.forClass(CitizenId.class);
        verify(h.pins).check(checked.capture(), eq("123456"));
        assertThat(checked.getValue().value()).isEqualTo(ID_WITH_X);
        ArgumentCaptor<CitizenId> queried = ArgumentCaptor.forClass(CitizenId.class);
        verify(h.selfService).answer(eq("pension"), queried.capture());
        assertThat(queried.getValue().value()).isEqualTo(ID_WITH_X);
    }

    @Test
    void recordKeepsOnlyMaskedInputs() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys("440304199001011234");
        h.played();
        h.keys(ID);
        when(h.pins.check(any(), any())).thenReturn(Verdict.WRONG);
        h.keys("654321");
        h.work();
        h.hangUp();

        CallRecord r = h.record();
        assertThat(r.inputs()).containsExactly(
                new Input("id", "citizen_id", "4403**********1234", false),
                new Input("id", "citizen_id", "4403**********1233", true),
                new Input("pin", "pin", "******", false));
        assertThat(r.toString()).doesNotContain(ID, "440304199001011234", "654321", "19900101");
    }

    @Test
    void wrongCitizenIdPlaysInvalidAndAsksAgainThenGivesUpToOnFail() {
        CallHarness h = hotline();
        h.answer("hotline");
        assertThat(h.keys("440304199001011234")).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(ask("id", 18));
        h.keys("12345");
        h.played();
        assertThat(h.timeout()).isEqualTo(play("no_input"));
        assertThat(h.played()).isEqualTo(play("failed"));
    }

    @Test
    void wrongPinIsRetriedThenALockedAccountGoesToOnLocked() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys(ID);
        when(h.pins.check(any(), any())).thenReturn(Verdict.WRONG, Verdict.LOCKED);
        h.keys("111111");
        assertThat(h.work()).isEqualTo(play("invalid"));
        assertThat(h.played()).isEqualTo(ask("pin", 6));
        h.keys("222222");
        assertThat(h.work()).isEqualTo(play("locked"));
        h.hangUp();
        assertThat(h.record().inputs()).extracting(Input::valid).containsExactly(true, false, false);
    }

    @Test
    void pinThatIsNotSixDigitsIsNotCheckedAtAll() {
        CallHarness h = hotline();
        h.answer("hotline");
        h.keys(ID);
        assertThat(h.keys("12345")).isEqualTo(play("invalid"));
        assertThat(h.records).isEmpty();
        org.mockito.Mockito.verifyNoInteractions(h.pins);
    }

    @Test
    void lockedWithoutOnLockedGoesToOnFailOrTheAgent() {
        CallHarness h = new CallHarness(flow("hotline", "id", "agent",
                input("id", InputKind.CITIZEN_ID, 18, "citizen", "pin"),
                new Node.InputNode("pin", 1, TestFlows.p("pin"), InputKind.PIN, 6, TestFlows.ASK, 3, null, null,
                        "citizen", null, null, null),
                TestFlows.play("agent", null)));
        when(h.pins.check(any(), any())).thenReturn(Verdict.LOCKED);
        h.answer("hotline");
        h.keys(ID);
        h.keys("123456");
        assertThat(h.work()).isEqualTo(play("agent"));
    }

    @Test
    void pinWithoutASavedCitizenIdIsAFlowErrorAtRunTime() {
        CallHarness h = new CallHarness(flow("hotline", "pin", null, pin("pin", "citizen", null, null)));
        h.answer("hotline");
        assertThat(h.keys("123456")).isEqualTo(play("sorry"));
        h.played();
        h.done();
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().error()).isEqualTo("node pin: no citizen id saved as citizen");
    }

    @Test
    void phoneInputTakesMobilesAndFixedLinesWithAreaCode() {
        for (String good : List.of("13812345678", "01012345678", "057187654321", "0755123456")) {
            CallHarness h = new CallHarness(flow("hotline", "phone", null,
                    input("phone", InputKind.PHONE, 12, "phone", "ok"), TestFlows.play("ok", null)));
            h.answer("hotline");
            assertThat(h.keys(good)).as(good).isEqualTo(play("ok"));
        }
        for (String bad : List.of("12812345678", "1381234567", "12345678", "0101234567890")) {
            CallHarness h = new CallHarness(flow("hotline", "phone", null,
                    input("phone", InputKind.PHONE, 13, "phone", "ok"), TestFlows.play("ok", null)));
            h.answer("hotline");
            assertThat(h.keys(bad)).as(bad).isEqualTo(play("invalid"));
        }
    }

    @Test
    void phoneIsMaskedInTheMiddleAndDigitsKeptAsTyped() {
        CallHarness h = new CallHarness(flow("hotline", "phone", null,
                input("phone", InputKind.PHONE, 12, "phone", "case"),
                input("case", InputKind.DIGITS, 8, "case", null)));
        h.answer("hotline");
        h.keys("13812345678");
        h.keys("20261123");
        h.hangUp();
        assertThat(h.record().inputs()).containsExactly(
                new Input("phone", "phone", "138****5678", true),
                new Input("case", "digits", "20261123", true));
    }

    @Test
    void inputPartlyTypedWhenTheTimeoutCameIsStillChecked() {
        CallHarness h = new CallHarness(flow("hotline", "case", null,
                input("case", InputKind.DIGITS, 8, "case", "ok"), TestFlows.play("ok", null)));
        h.answer("hotline");
        assertThat(h.on(new IvrEvent.DigitsEntered("2026", true))).isEqualTo(play("ok"));
    }
}
