package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.CallHarness.END;
import static cn.hotline12333.ivr.CallHarness.ask;
import static cn.hotline12333.ivr.CallHarness.play;
import static cn.hotline12333.ivr.CallHarness.set;
import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.input;
import static cn.hotline12333.ivr.TestFlows.menu;
import static cn.hotline12333.ivr.TestFlows.p;
import static cn.hotline12333.ivr.TestFlows.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.Say;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTest {
    private static final List<Say> PENSION_SAY = List.of(
            new Say.SayPrompt(p("pension_amount")),
            new Say.SayNumber("amount"),
            new Say.SayChoice("status", Map.of("paid", p("status_paid"), "pending", p("status_pending"))),
            new Say.SayPrompt(p("pension_month")),
            new Say.SayDigits("month"));

    private static CallHarness hotline(String onError) {
        CallHarness h = new CallHarness(flow("hotline", "id", "agent",
                input("id", InputKind.CITIZEN_ID, 18, "citizen", "pension"),
                service("pension", "pension", "citizen", PENSION_SAY, "main", "not_found", onError),
                menu("main", 3, null, "1", "id"),
                TestFlows.play("not_found", "main"),
                TestFlows.play("agent", null)));
        h.answer("hotline");
        h.keys(InputTest.ID);
        return h;
    }

    @Test
    void aWhenGroupIsSpokenOnlyForItsValues() {
        List<Say> say = List.of(new Say.SayChoice("status", Map.of("paid", p("paid"), "suspended", p("suspended"))),
                new Say.SayWhen("status", java.util.Set.of("paid"), List.of(new Say.SayPrompt(p("amount_is")),
                        new Say.SayNumber("amount"))));
        assertThat(Speech.of(say, new ServiceAnswer(true, Map.of("status", "paid", "amount", "3280"))))
                .containsExactly(play("paid"), play("amount_is"), new IvrAction.SayNumber(3280, Prompt.ALL_KEYS));
        assertThat(Speech.of(say, new ServiceAnswer(true, Map.of("status", "suspended", "amount", "2980"))))
                .containsExactly(play("suspended"));
    }

    @Test
    void foundAnswerIsSpokenItemByItemThenTheCallGoesOn() {
        CallHarness h = hotline(null);
        when(h.selfService.answer(eq("pension"), any())).thenReturn(new ServiceAnswer(true,
                Map.of("amount", "3256", "status", "paid", "month", "202611")));
        assertThat(h.last).isInstanceOf(IvrAction.Work.class);
        assertThat(((IvrAction.Work) h.last).name()).isEqualTo("self_service:pension");
        assertThat(h.work()).isEqualTo(play("pension_amount"));
        assertThat(h.played()).isEqualTo(new IvrAction.SayNumber(3256, Prompt.ALL_KEYS));
        assertThat(h.done()).isEqualTo(play("status_paid"));
        assertThat(h.played()).isEqualTo(play("pension_month"));
        assertThat(h.played()).isEqualTo(new IvrAction.SayDigits("202611", Prompt.ALL_KEYS));
        assertThat(h.done()).isEqualTo(ask("main", 1));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void missingFieldsAreLeftOutAndAmountsAreSpokenInWholeYuan() {
        CallHarness h = hotline(null);
        when(h.selfService.answer(eq("pension"), any())).thenReturn(new ServiceAnswer(true,
                Map.of("amount", "3256.80", "status", "suspended")));
        h.work();
        assertThat(h.played()).isEqualTo(new IvrAction.SayNumber(3256, Prompt.ALL_KEYS));
        assertThat(h.done()).isEqualTo(play("pension_month"));
        assertThat(h.played()).isEqualTo(ask("main", 1));
    }

    @Test
    void notFoundGoesToOnNotFoundAndIsNoSelfService() {
        CallHarness h = hotline(null);
        when(h.selfService.answer(any(), any())).thenReturn(new ServiceAnswer(false, Map.of()));
        assertThat(h.work()).isEqualTo(play("not_found"));
        h.played();
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
    }

    @Test
    void failedServiceApologisesAndEndsWithAnError() {
        CallHarness h = hotline(null);
        when(h.selfService.answer(any(), any())).thenThrow(new IllegalStateException("redis down"));
        assertThat(h.work()).isEqualTo(play("sorry"));
        assertThat(h.played()).isEqualTo(set("HOTLINE_RESULT", "error"));
        assertThat(h.done()).isEqualTo(END);
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().error()).isEqualTo("work failed: self_service:pension: IllegalStateException");
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.SYSTEM);
    }

    @Test
    void rejectedWorkIsAnErrorRecord() {
        CallHarness h = hotline(null);
        assertThat(h.on(new IvrEvent.WorkRejected("self_service:pension"))).isEqualTo(play("sorry"));
        h.played();
        h.done();
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().error()).isEqualTo("work rejected: self_service:pension");
    }

    @Test
    void failedServiceWithOnErrorApologisesAndGoesThere() {
        CallHarness h = hotline("agent");
        assertThat(h.on(new IvrEvent.WorkRejected("self_service:pension"))).isEqualTo(play("sorry"));
        assertThat(h.played()).isEqualTo(play("agent"));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(h.record().hungUpBy()).isEqualTo(HungUpBy.CALLER);
    }

    @Test
    void serviceWithoutASavedCitizenIdFails() {
        CallHarness h = new CallHarness(flow("hotline", "card", null,
                service("card", "card_status", "citizen", List.of(), null, null, null)));
        assertThat(h.answer("hotline")).isEqualTo(play("sorry"));
    }

    @Test
    void selfServiceThenTheCallerHangsUpInTheMenuIsSelfService() {
        CallHarness h = hotline(null);
        when(h.selfService.answer(any(), any())).thenReturn(new ServiceAnswer(true, Map.of()));
        h.work();
        h.played();
        assertThat(h.played()).isEqualTo(ask("main", 1));
        assertThat(h.timeout()).isEqualTo(play("no_input"));
        h.hangUp();
        assertThat(h.record().outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(h.record().error()).isNull();
    }

    @Test
    void callerHangingUpDuringTheServiceApologyEndsWithOneErrorRecord() {
        CallHarness h = hotline("agent");
        h.on(new IvrEvent.WorkFailed("self_service:pension", "JedisConnectionException"));
        assertThat(h.hangUp()).isEqualTo(END);
        assertThat(h.hangUp()).isEqualTo(END);
        assertThat(h.records).hasSize(1);
        assertThat(h.record().error()).isEqualTo("work failed: self_service:pension: JedisConnectionException");
    }
}
