package cn.hotline12333.ivr;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * What the IVR asks the telephony side to do next. The {@code agi} side turns each action into one AGI
 * command (two for {@link EnterQueue}) and the reply into one {@link IvrEvent}; the engine never sees a
 * socket. Exactly one action is outstanding per call.
 */
public sealed interface IvrAction {

    /** ANSWER. Replies with {@link IvrEvent.Done}. */
    record Answer() implements IvrAction {
    }

    /** GET FULL VARIABLE expr (e.g. {@code ${SYSTEMNAME}}). Replies with {@link IvrEvent.VariableRead}. */
    record ReadVariable(String expression) implements IvrAction {
    }

    /** SET VARIABLE name "value". Replies with {@link IvrEvent.Done}. */
    record SetVariable(String name, String value) implements IvrAction {
    }

    /**
     * STREAM FILE; any of {@code escapeKeys} interrupts it. Replies with {@link IvrEvent.PromptPlayed}, which
     * carries the key that cut it.
     */
    record Play(Prompt prompt, String escapeKeys) implements IvrAction {
    }

    /** GET DATA: plays the prompt and collects up to maxDigits. Replies with {@link IvrEvent.DigitsEntered}. */
    record Ask(Prompt prompt, Duration timeout, int maxDigits) implements IvrAction {
    }

    /** WAIT FOR DIGIT. Replies with {@link IvrEvent.PromptPlayed} (key or none). */
    record WaitForKey(Duration timeout) implements IvrAction {
    }

    /**
     * SAY NUMBER n "escapeKeys". Replies with {@link IvrEvent.Done} without escape keys, else with
     * {@link IvrEvent.PromptPlayed} (the key that cut it, or none).
     */
    record SayNumber(long number, String escapeKeys) implements IvrAction {
        public SayNumber(long number) {
            this(number, "");
        }
    }

    /** SAY DIGITS d "escapeKeys". Replies as {@link SayNumber} does. */
    record SayDigits(String digits, String escapeKeys) implements IvrAction {
        public SayDigits(String digits) {
            this(digits, "");
        }
    }

    /**
     * EXEC Queue "queue,c,,,timeoutSeconds", then
     * GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}:${MEMBERNAME} (allowed on a dead
     * channel, so it
     * also answers after the caller hung up in the queue). Replies with {@link IvrEvent.QueueLeft}.
     */
    record EnterQueue(String queue, Duration timeout) implements IvrAction {
    }

    /**
     * RECORD FILE file format "#" ms BEEP s=silence. Replies with {@link IvrEvent.RecordingFinished}, or
     * {@link IvrEvent.RecordingFailed} when Asterisk could not record.
     */
    record Record(String file, String format, Duration maxLength, Duration silence) implements IvrAction {
    }

    /**
     * Blocking work (Redis, disk) that must not run on the event loop. The agi side runs {@code task} on its
     * bounded executor and delivers the event it returns on the call's own loop; if the executor is full it
     * delivers {@link IvrEvent.WorkRejected}, if the task throws, {@link IvrEvent.WorkFailed}.
     */
    record Work(String name, Callable<IvrEvent> task) implements IvrAction {
    }

    /** HANGUP. Replies with {@link IvrEvent.Done} (or CallerHungUp). */
    record Hangup() implements IvrAction {
    }

    /**
     * The call is over for us: the agi side closes the socket and the dialplan continues at its next
     * priority (a referral dials HOTLINE_TRANSFER, an error goes to the fallback queue). No reply.
     */
    record End() implements IvrAction {
    }
}
