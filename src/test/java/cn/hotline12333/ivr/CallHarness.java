package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import cn.hotline12333.calllog.CallRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One hotline over hand-built flows with the blocking services mocked at their seam, and one call on it driven
 * event by event, as the agi side would. Work runs inline, the way a direct executor would run it.
 */
final class CallHarness {
    static final String CALLER = "13812345678";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    final SelfService selfService = mock(SelfService.class);
    final PinGuard pins = mock(PinGuard.class);
    final CallerRequests requests = mock(CallerRequests.class);
    final WorkingHours hours = mock(WorkingHours.class);
    final List<CallRecord> records = new ArrayList<>();
    final Hotline hotline;
    FlowSet flows;
    IvrCall call;
    IvrAction last;

    CallHarness(Flow... flows) {
        this(null, flows);
    }

    /** A hotline that stores screen-pop contexts with {@code contexts} before each Queue(). */
    CallHarness(Hotline.ContextStore contexts, Flow... flows) {
        Map<String, Flow> byName = new HashMap<>();
        Arrays.stream(flows).forEach(f -> byName.put(f.name(), f));
        this.flows = new FlowSet(byName, hours);
        this.hotline = new Hotline(() -> this.flows, selfService, pins, requests, records::add, clock, "node-a",
                Hotline.DEFAULT_RECORDINGS, CallerHash.demo(), (callId, at) -> { }, contexts);
    }

    static CallInfo info(String script, String callerId) {
        return new CallInfo("1732259050.17", script, List.of(), callerId, "12333", "PJSIP/trunk-00000011",
                "hotline", "12333", "zh", "10.0.0.5");
    }

    IvrAction dial(String script, String callerId) {
        call = hotline.open(info(script, callerId)).orElseThrow();
        last = call.start();
        return last;
    }

    /** Dials, names the Asterisk system and answers: the flow's first action. */
    IvrAction answer(String script) {
        return answer(script, CALLER);
    }

    IvrAction answer(String script, String callerId) {
        dial(script, callerId);
        on(new IvrEvent.VariableRead("ast-bj-1"));
        return done();
    }

    IvrAction on(IvrEvent event) {
        last = call.on(event);
        return last;
    }

    IvrAction played() {
        return on(new IvrEvent.PromptPlayed((char) 0, false));
    }

    IvrAction keys(String digits) {
        return on(new IvrEvent.DigitsEntered(digits, false));
    }

    IvrAction timeout() {
        return on(new IvrEvent.DigitsEntered("", true));
    }

    IvrAction done() {
        return on(new IvrEvent.Done());
    }

    IvrAction hangUp() {
        return on(new IvrEvent.CallerHungUp());
    }

    /** Runs the outstanding Work's task as the agi side would, and delivers what it gives. */
    IvrAction work() {
        assertThat(last).isInstanceOf(IvrAction.Work.class);
        IvrAction.Work work = (IvrAction.Work) last;
        IvrEvent result;
        try {
            result = work.task().call();
        } catch (Exception e) {
            result = new IvrEvent.WorkFailed(work.name(), e.getClass().getSimpleName());
        }
        return on(result);
    }

    CallRecord record() {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    static IvrAction play(String prompt) {
        return new IvrAction.Play(TestFlows.p(prompt), Prompt.ALL_KEYS);
    }

    static IvrAction ask(String prompt, int maxDigits) {
        return new IvrAction.Ask(TestFlows.p(prompt), TestFlows.ASK, maxDigits);
    }

    static IvrAction set(String name, String value) {
        return new IvrAction.SetVariable(name, value);
    }

    static final IvrAction END = new IvrAction.End();
}
