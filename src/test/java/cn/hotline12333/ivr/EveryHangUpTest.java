package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.TestFlows.flow;
import static cn.hotline12333.ivr.TestFlows.hangup;
import static cn.hotline12333.ivr.TestFlows.input;
import static cn.hotline12333.ivr.TestFlows.menu;
import static cn.hotline12333.ivr.TestFlows.p;
import static cn.hotline12333.ivr.TestFlows.pin;
import static cn.hotline12333.ivr.TestFlows.record;
import static cn.hotline12333.ivr.TestFlows.request;
import static cn.hotline12333.ivr.TestFlows.service;
import static cn.hotline12333.ivr.TestFlows.survey;
import static cn.hotline12333.ivr.TestFlows.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.Say;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks whole calls through a flow with every node kind, and cuts each one short after every possible number
 * of replies: by a hang-up, or by a link that breaks for good. Every cut must reach End with exactly one record.
 */
class EveryHangUpTest {
    private static final int MAX_ACTIONS = 200;

    static Flow hotline() {
        return flow("hotline", "welcome", "agent",
                TestFlows.play("welcome", "hours"),
                new Node.ScheduleNode("hours", 1, "hotline", "main", "closed"),
                menu("main", 2, null, "1", "id", "3", "wages", "4", "callback", "5", "refer", "7", "deaf"),
                input("id", InputKind.CITIZEN_ID, 18, "citizen", "pin"),
                pin("pin", "citizen", "pension", "agent"),
                service("pension", "pension", "citizen", List.of(new Say.SayPrompt(p("amount")),
                        new Say.SayNumber("amount"), new Say.SayDigits("month")), "main", "main", null),
                transfer("agent", "general", "survey", "callback", "callback"),
                survey("survey", null),
                new Node.TagNode("wages", 1, "wages", Map.of("HOTLINE_QUEUE", "labour"), "complaint"),
                record("complaint", "labour", "bye"),
                request("callback", "callback", "general", "bye"),
                new Node.ReferNode("refer", 1, p("refer"), "12393"),
                new Node.GotoNode("deaf", 1, "deaf", null),
                TestFlows.play("closed", "closed_menu"),
                menu("closed_menu", 2, "bye", "1", "complaint", "2", "callback"),
                hangup("bye"));
    }

    static Flow deaf() {
        return flow("deaf", "sign", null, TestFlows.play("sign", "sms"),
                request("sms", "sms_link", "sign_language", "deaf_bye"), new Node.HangupNode("deaf_bye", 1, null));
    }

    /** How Asterisk and a caller who keys {@code keys} in turn answer each action. */
    static Function<IvrAction, IvrEvent> caller(String callerId, String... keys) {
        Deque<String> left = new ArrayDeque<>(Arrays.asList(keys));
        return action -> {
            if (action instanceof IvrAction.ReadVariable) {
                return new IvrEvent.VariableRead("ast-bj-1");
            } else if (action instanceof IvrAction.Play) {
                return new IvrEvent.PromptPlayed((char) 0, false);
            } else if (action instanceof IvrAction.Ask) {
                String k = left.poll();
                return new IvrEvent.DigitsEntered(k == null ? "" : k, k == null);
            } else if (action instanceof IvrAction.EnterQueue) {
                return new IvrEvent.QueueLeft("CONTINUE", false, 20_000L, 120_000L);
            } else if (action instanceof IvrAction.Record) {
                return new IvrEvent.RecordingFinished(32_000, false);
            } else if (action instanceof IvrAction.Work w) {
                try {
                    return w.task().call();
                } catch (Exception e) {
                    return new IvrEvent.WorkFailed(w.name(), e.getClass().getSimpleName());
                }
            }
            return new IvrEvent.Done(); // Answer, SetVariable, SayNumber, SayDigits, Hangup
        };
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("self-service, agent, survey", true, CallHarness.CALLER, Outcome.AGENT_ANSWERED,
                        new String[] {"1", InputTest.ID_WITH_X.replace('X', '*'), "123456", "0", "4"}),
                Arguments.of("complaint message", true, CallHarness.CALLER, Outcome.MESSAGE_LEFT,
                        new String[] {"3"}),
                Arguments.of("callback confirmed", true, CallHarness.CALLER, Outcome.CALLBACK_REQUESTED,
                        new String[] {"4", "1"}),
                Arguments.of("callback to a keyed number", true, null, Outcome.CALLBACK_REQUESTED,
                        new String[] {"4", "13900001111"}),
                Arguments.of("referral", true, CallHarness.CALLER, Outcome.TRANSFERRED, new String[] {"5"}),
                Arguments.of("deaf branch, SMS link", true, null, Outcome.SMS_LINK_REQUESTED,
                        new String[] {"7", "13900001111"}),
                Arguments.of("menu given up on, to an agent", true, CallHarness.CALLER, Outcome.AGENT_ANSWERED,
                        new String[] {"8", "8"}),
                Arguments.of("after hours message", false, CallHarness.CALLER, Outcome.MESSAGE_LEFT,
                        new String[] {"1"}),
                Arguments.of("after hours, nothing left", false, CallHarness.CALLER, Outcome.AFTER_HOURS,
                        new String[] {}));
    }

    private static CallHarness harness(boolean open) {
        CallHarness h = new CallHarness(hotline(), deaf());
        when(h.hours.isOpen(any(), any())).thenReturn(open);
        when(h.pins.check(any(), any())).thenReturn(PinGuard.Verdict.ACCEPTED);
        when(h.selfService.answer(any(), any()))
                .thenReturn(new ServiceAnswer(true, Map.of("amount", "3256", "month", "202611")));
        return h;
    }

    /** The whole call, uncut: how many replies it takes to reach End. */
    private static int walk(CallHarness h, Function<IvrAction, IvrEvent> caller, String callerId) {
        IvrAction action = h.dial("hotline", callerId);
        int replies = 0;
        while (!(action instanceof IvrAction.End)) {
            action = h.on(caller.apply(action));
            replies++;
            assertThat(replies).isLessThan(MAX_ACTIONS);
        }
        return replies;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void wholeCallEndsWithOneRecordAndItsOutcome(String name, boolean open, String callerId, Outcome outcome,
                                                  String[] keys) {
        CallHarness h = harness(open);
        walk(h, caller(callerId, keys), callerId);
        assertThat(h.records).hasSize(1);
        assertThat(h.record().outcome()).isEqualTo(outcome);
        assertThat(h.record().error()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void hangUpAfterAnyNumberOfRepliesEndsWithExactlyOneRecord(String name, boolean open, String callerId,
                                                                Outcome outcome, String[] keys) {
        cutByHangUps(open, callerId, keys, EnumSet.noneOf(IvrCall.State.class));
    }

    @Test
    void hangUpIsTriedInEveryStateAnAgiCommandCanBeOutstandingIn() {
        Set<IvrCall.State> cutIn = EnumSet.noneOf(IvrCall.State.class);
        calls().forEach(args -> {
            Object[] a = args.get();
            cutByHangUps((Boolean) a[1], (String) a[2], (String[]) a[4], cutIn);
        });
        // Not here: work states (the driver runs Work even after a hang-up), our failure's states (IvrCallTest,
        // ServiceTest), and the states before start and after End.
        assertThat(EnumSet.complementOf(EnumSet.copyOf(cutIn))).containsExactlyInAnyOrder(
                IvrCall.State.NEW, IvrCall.State.ENDED, IvrCall.State.CHECKING_PIN, IvrCall.State.QUERYING,
                IvrCall.State.SAVING_MESSAGE, IvrCall.State.SAVING_REQUEST, IvrCall.State.SERVICE_SORRY,
                IvrCall.State.SORRY, IvrCall.State.SETTING_ERROR, IvrCall.State.STORING_CONTEXT);
    }

    private static void cutByHangUps(boolean open, String callerId, String[] keys, Set<IvrCall.State> cutIn) {
        int whole = walk(harness(open), caller(callerId, keys), callerId);
        assertThat(whole).isGreaterThan(4);
        for (int cut = 0; cut < whole; cut++) {
            CallHarness h = harness(open);
            Function<IvrAction, IvrEvent> caller = caller(callerId, keys);
            IvrAction action = h.dial("hotline", callerId);
            boolean hungUp = false;
            for (int replies = 0; !(action instanceof IvrAction.End); replies++) {
                assertThat(replies).as("cut %d", cut).isLessThan(MAX_ACTIONS);
                // The driver runs Work even after a hang-up and tells of it in place of the next AGI command.
                if (replies >= cut && !(action instanceof IvrAction.Work)) {
                    cutIn.add(h.call.state());
                    action = h.hangUp();
                    hungUp = true;
                    assertThat(action).as("cut %d", cut).isInstanceOf(IvrAction.End.class);
                } else {
                    action = h.on(caller.apply(action));
                }
            }
            assertThat(h.hangUp()).isInstanceOf(IvrAction.End.class);
            assertThat(h.records).as("cut %d", cut).hasSize(1);
            CallRecord r = h.records.get(0);
            assertThat(r.outcome()).as("cut %d", cut).isNotEqualTo(Outcome.ERROR);
            if (hungUp) {
                assertThat(r.hungUpBy()).as("cut %d", cut).isEqualTo(HungUpBy.CALLER);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void brokenLinkAfterAnyNumberOfRepliesEndsWithExactlyOneRecord(String name, boolean open, String callerId,
                                                                   Outcome outcome, String[] keys) {
        int whole = walk(harness(open), caller(callerId, keys), callerId);
        assertThat(whole).isGreaterThan(4);
        for (int cut = 0; cut < whole; cut++) {
            CallHarness h = harness(open);
            Function<IvrAction, IvrEvent> caller = caller(callerId, keys);
            IvrAction action = h.dial("hotline", callerId);
            for (int replies = 0; !(action instanceof IvrAction.End); replies++) {
                assertThat(replies).as("cut %d", cut).isLessThan(MAX_ACTIONS);
                // After a broken link every AGI command fails at once; Work still runs (docs/driver.md).
                boolean broken = replies >= cut && !(action instanceof IvrAction.Work);
                action = h.on(broken ? new IvrEvent.CommandFailed("connection closed") : caller.apply(action));
            }
            assertThat(h.records).as("cut %d", cut).hasSize(1);
            assertThat(h.records.get(0).hungUpBy()).as("cut %d", cut).isEqualTo(HungUpBy.SYSTEM);
        }
    }
}
