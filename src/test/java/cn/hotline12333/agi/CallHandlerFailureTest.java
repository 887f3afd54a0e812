package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrEvent;
import cn.hotline12333.ivr.IvrEvent.CallerHungUp;
import cn.hotline12333.ivr.IvrEvent.CommandFailed;
import cn.hotline12333.ivr.IvrEvent.Done;
import cn.hotline12333.ivr.IvrEvent.WorkDone;
import cn.hotline12333.ivr.Prompt;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The driver when things go wrong: timeouts, closed sockets, full executors, an IvrCall that throws. */
class CallHandlerFailureTest {
    private static final Prompt MENU = new Prompt("请按键", "hotline/menu");
    private static final IvrAction LOOKUP = new IvrAction.Work("pension_lookup", () -> new WorkDone("paid"));

    @Test
    void workRunsOnTheInjectedExecutorAndComesBackOnTheLoop() {
        List<Runnable> queued = new ArrayList<>();
        EmbeddedCall call = new EmbeddedCall(queued::add, LOOKUP, new IvrAction.SayNumber(3256)).connect();
        assertThat(queued).hasSize(1);
        assertThat(call.heard).isEmpty();
        assertThat(call.sent()).isEmpty();
        queued.get(0).run(); // the work thread's turn; its result is posted to the loop, not delivered inline
        assertThat(call.heard).isEmpty();
        call.channel.runPendingTasks();
        assertThat(call.heard).containsExactly(new WorkDone("paid"));
        assertThat(call.sent()).containsExactly("SAY NUMBER 3256 \"\"");
    }

    @Test
    void fullExecutorGivesWorkRejected() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(job -> {
                throw new RejectedExecutionException("full");
            }, LOOKUP).connect();
            assertThat(call.heard).containsExactly(new IvrEvent.WorkRejected("pension_lookup"));
            assertThat(logs.events("work_rejected"))
                    .containsExactly("event=work_rejected call=1795387794.19 work=pension_lookup");
        }
    }

    @Test
    void taskThatThrowsGivesWorkFailedLoggedOnceWithItsStack() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Work("pension_lookup", () -> {
                throw new IllegalStateException("redis down");
            })).connect();
            assertThat(call.heard).containsExactly(new IvrEvent.WorkFailed("pension_lookup", "IllegalStateException"));
            assertThat(logs.events("work_failed")).containsExactly(
                    "event=work_failed call=1795387794.19 work=pension_lookup !java.lang.IllegalStateException");
        }
    }

    @Test
    void workStillRunsAfterTheCallerHungUpAndTheNextCommandIsReplaced() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer(), LOOKUP, new IvrAction.Play(MENU, "")).connect();
        call.asterisk("HANGUP", "200 result=0");
        assertThat(call.heard).containsExactly(new Done(), new WorkDone("paid"), new CallerHungUp());
        assertThat(call.sent()).containsExactly("ANSWER");
    }

    @Test
    void replyTimeoutFailsTheCommandClosesAndLaterCommandsFailAtOnce() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer(), new IvrAction.Play(MENU, ""), LOOKUP,
                    new IvrAction.Hangup()).connect();
            assertThat(call.sent()).containsExactly("ANSWER");
            call.channel.advanceTimeBy(59, TimeUnit.SECONDS);
            call.channel.runScheduledPendingTasks();
            assertThat(call.heard).isEmpty();
            call.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            call.channel.runScheduledPendingTasks();
            call.channel.runPendingTasks();
            assertThat(call.channel.isOpen()).isFalse();
            assertThat(call.heard).containsExactly(new CommandFailed("reply timeout ANSWER"),
                    new CommandFailed("connection closed"), new WorkDone("paid"), new CommandFailed("connection closed"));
            assertThat(call.sent()).isEmpty();
            assertThat(logs.events("reply_timeout"))
                    .containsExactly("event=reply_timeout call=1795387794.19 command=ANSWER ms=60000");
            assertThat(logs.events("call_end")).hasSize(1);
        }
    }

    @Test
    void aLongConversationWithAnAgentIsNeverCutByTheReplyTimeout() {
        // Queue with option c answers only when the agent hangs up: review finding, calls cut at 4 minutes.
        EmbeddedCall call = new EmbeddedCall(new IvrAction.EnterQueue("hotline-general", Duration.ofMinutes(3)))
                .connect();
        call.channel.advanceTimeBy(3, TimeUnit.HOURS);
        call.channel.runScheduledPendingTasks();
        assertThat(call.heard).isEmpty();
        assertThat(call.channel.isOpen()).isTrue();
        call.asterisk("200 result=0");
        call.asterisk("200 result=1 (CONTINUE:4000:10795000)");
        assertThat(call.heard).containsExactly(new IvrEvent.QueueLeft("CONTINUE", false, 4000L, 10_795_000L));
    }

    @Test
    void aPromptLongerThanAMinuteIsNotCutByTheReplyTimeout() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Play(MENU, "")).connect();
        call.channel.advanceTimeBy(90, TimeUnit.SECONDS);
        call.channel.runScheduledPendingTasks();
        assertThat(call.heard).isEmpty();
        call.asterisk("200 result=0 endpos=720000");
        assertThat(call.heard).containsExactly(new IvrEvent.PromptPlayed((char) 0, false));
    }

    @Test
    void getDataWaitsForItsOwnTimeoutPlusTheReplyTimeout() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(20), 1)).connect();
        call.channel.advanceTimeBy(79, TimeUnit.SECONDS);
        call.channel.runScheduledPendingTasks();
        assertThat(call.heard).isEmpty();
        call.asterisk("200 result=3");
        assertThat(call.heard).containsExactly(new IvrEvent.DigitsEntered("3", false));
    }

    @Test
    void socketClosedMidCommandFailsThatCommand() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.EnterQueue("hotline-general", Duration.ofSeconds(8)),
                new IvrAction.SetVariable("HOTLINE_RESULT", "ok")).connect();
        call.channel.close();
        assertThat(call.heard).containsExactly(new CommandFailed("connection closed during EXEC_QUEUE"),
                new CommandFailed("connection closed"));
        assertThat(call.sent()).containsExactly("EXEC Queue \"hotline-general,c,,,8\"");
    }

    @Test
    void ivrCallThatThrowsIsLoggedOnceAndTheDialplanToldError() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer());
            when(call.call.on(any())).thenThrow(new IllegalStateException("engine bug"));
            call.connect().asterisk("200 result=0");
            assertThat(call.sent()).containsExactly("ANSWER", "SET VARIABLE HOTLINE_RESULT \"error\"");
            assertThat(call.channel.isOpen()).isTrue();
            call.asterisk("200 result=1");
            assertThat(call.channel.isOpen()).isFalse();
            assertThat(logs.events("ivr_failed"))
                    .containsExactly("event=ivr_failed call=1795387794.19 !java.lang.IllegalStateException");
            assertThat(logs.events("call_end")).hasSize(1);
        }
    }

    @Test
    void ivrCallThatThrowsAfterTheSocketClosedJustEnds() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer());
            when(call.call.on(any())).thenThrow(new IllegalStateException("engine bug"));
            call.connect();
            call.channel.close();
            assertThat(call.sent()).containsExactly("ANSWER");
            assertThat(logs.events("ivr_failed")).hasSize(1);
            assertThat(logs.events("call_end")).hasSize(1);
        }
    }

    @Test
    void ivrCallThatNeverEndsOnAClosedLinkIsStopped() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer());
        when(call.call.on(any())).thenReturn(new IvrAction.Answer());
        try (LogCapture logs = new LogCapture()) {
            call.connect();
            call.channel.close();
            assertThat(logs.events("ivr_failed")).hasSize(1);
            assertThat(logs.events("call_end")).hasSize(1);
        }
    }

    @Test
    void unknownScriptSetsErrorForTheDialplanAndCloses() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer());
            when(call.hotline.open(any())).thenReturn(Optional.empty());
            call.connect();
            assertThat(call.sent()).containsExactly("SET VARIABLE HOTLINE_RESULT \"error\"");
            call.asterisk("200 result=1");
            assertThat(call.channel.isOpen()).isFalse();
            verifyNoInteractions(call.call);
            assertThat(logs.events("unknown_script"))
                    .containsExactly("event=unknown_script call=1795387794.19 script=hotline");
        }
    }

    @Test
    void environmentDeadlineClosesASlowClientOnce() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Answer());
            call.channel.writeInbound(Unpooled.copiedBuffer("agi_network: yes\nagi_netw", StandardCharsets.US_ASCII));
            call.channel.advanceTimeBy(11, TimeUnit.SECONDS);
            call.channel.runScheduledPendingTasks();
            assertThat(call.channel.isOpen()).isFalse();
            verify(call.hotline, never()).open(any());
            assertThat(logs.lines()).containsExactly("event=env_timeout remote=embedded ms=10000");
        }
    }

    @Test
    void environmentDeadlineStopsOnceTheCallRuns() {
        EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(20), 1)).connect();
        call.channel.advanceTimeBy(30, TimeUnit.SECONDS);
        call.channel.runScheduledPendingTasks();
        assertThat(call.channel.isOpen()).isTrue();
    }

    @Test
    void replyWithNoCommandInFlightClosesTheLink() {
        try (LogCapture logs = new LogCapture()) {
            List<Runnable> queued = new ArrayList<>();
            EmbeddedCall call = new EmbeddedCall(queued::add, LOOKUP, new IvrAction.Answer()).connect();
            call.asterisk("200 result=0");
            assertThat(call.channel.isOpen()).isFalse();
            queued.get(0).run();
            call.channel.runPendingTasks();
            assertThat(call.heard).containsExactly(new WorkDone("paid"), new CommandFailed("connection closed"));
            assertThat(logs.events("unexpected_reply")).hasSize(1);
        }
    }

    @Test
    void logsNeverCarryDigitsCallerNumberOrVariableValues() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedCall call = new EmbeddedCall(new IvrAction.Ask(MENU, Duration.ofSeconds(20), 18),
                    new IvrAction.ReadVariable("${PIN}"), new IvrAction.Ask(MENU, Duration.ofSeconds(5), 6)).connect();
            call.asterisk("200 result=110101199003077777", "200 result=1 (654321)", "520-Invalid", "520 End");
            call.channel.close();
            assertThat(String.join("\n", logs.lines())).doesNotContain("1101", "7777", "654321", "13800138000");
            assertThat(logs.lines()).isNotEmpty();
        }
    }
}
