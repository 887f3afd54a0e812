package cn.hotline12333.agi;

import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrEvent;
import java.time.Duration;
import java.util.function.Function;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.HangupCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;

/**
 * One AGI command: its wire line, how long Asterisk may rightly take on its own before it answers, and what a
 * 200 reply means. {@code name} is safe to log; the line is not (it can carry digits). {@code ownTime} null
 * means no bound at all: EXEC Queue with option c answers only when the agent hangs up (transcript
 * queue.txt), and a conversation may last as long as it needs; a caller who hangs up ends it with HANGUP.
 */
record AgiCommand(String name, String line, Duration ownTime, Function<AgiReply, Step> onSuccess) {

    /**
     * The longest a prompt may play. We do not know a sound file's length (it lives on the Asterisk box), so
     * commands that play one are allowed this much: the longest shipped prompt renders to about 80 s.
     */
    static final Duration LONGEST_PROMPT = Duration.ofMinutes(5);

    /** What a reply leads to: an event for the IvrCall, or a second command first (EXEC Queue, GET DATA retry). */
    sealed interface Step {
        /** {@code callerGone}: the reply says the caller hung up although the event does not (RECORD FILE -1). */
        record Deliver(IvrEvent event, boolean callerGone) implements Step {
        }

        record Send(AgiCommand next) implements Step {
        }
    }

    /** Status codes to events, the one place that does it. */
    Step read(AgiReply reply) {
        return switch (reply.status()) {
            case SUCCESS -> onSuccess.apply(reply);
            case DEAD_CHANNEL -> deliver(new IvrEvent.CallerHungUp());
            case UNKNOWN_COMMAND -> deliver(new IvrEvent.CommandFailed("510 unknown command " + name));
            case BAD_SYNTAX -> deliver(new IvrEvent.CommandFailed("520 bad syntax " + name));
            case OTHER -> deliver(new IvrEvent.CommandFailed(reply.code() + " unexpected status " + name));
        };
    }

    /** The command for an action that talks to Asterisk; Work and End have none. */
    static AgiCommand of(IvrAction action) {
        if (action instanceof IvrAction.Answer) {
            return new AgiCommand("ANSWER", new AnswerCommand().buildCommand(), Duration.ZERO, AgiCommand::doneOrHungUp);
        } else if (action instanceof IvrAction.ReadVariable read) {
            return readVariable(read.expression());
        } else if (action instanceof IvrAction.SetVariable set) {
            return setVariable(set.name(), set.value());
        } else if (action instanceof IvrAction.Play play) {
            return new AgiCommand("STREAM_FILE", "STREAM FILE " + Wire.bare(play.prompt().audio()) + " "
                    + Wire.quoted(play.escapeKeys()), LONGEST_PROMPT, Replies::played);
        } else if (action instanceof IvrAction.Ask ask) {
            return getData(ask.prompt().audio(), ask.timeout(), ask.maxDigits(), true);
        } else if (action instanceof IvrAction.WaitForKey wait) {
            return new AgiCommand("WAIT_FOR_DIGIT", new WaitForDigitCommand(wait.timeout().toMillis()).buildCommand(),
                    wait.timeout(), Replies::keyOrHungUp);
        } else if (action instanceof IvrAction.SayNumber say) {
            return say("SAY_NUMBER", "SAY NUMBER " + say.number(), say.escapeKeys());
        } else if (action instanceof IvrAction.SayDigits say) {
            return say("SAY_DIGITS", "SAY DIGITS " + Wire.bare(say.digits()), say.escapeKeys());
        } else if (action instanceof IvrAction.EnterQueue queue) {
            return enterQueue(queue.queue(), queue.timeout());
        } else if (action instanceof IvrAction.Record record) {
            return new AgiCommand("RECORD_FILE", "RECORD FILE " + Wire.bare(record.file()) + " "
                    + Wire.bare(record.format()) + " \"#\" " + record.maxLength().toMillis() + " BEEP s="
                    + Wire.seconds(record.silence()), record.maxLength().plus(LONGEST_PROMPT), Replies::recorded);
        } else if (action instanceof IvrAction.Hangup) {
            return new AgiCommand("HANGUP", new HangupCommand().buildCommand(), Duration.ZERO, r -> done());
        }
        throw new IllegalArgumentException("no AGI command for " + action.getClass().getSimpleName());
    }

    // With escape digits SAY answers the key that cut it as STREAM FILE does (its ASCII code, 0 for none).
    private static AgiCommand say(String name, String line, String escapeKeys) {
        boolean keys = escapeKeys != null && !escapeKeys.isEmpty();
        return new AgiCommand(name, line + " " + Wire.quoted(keys ? escapeKeys : ""), LONGEST_PROMPT,
                keys ? Replies::keyOrHungUp : AgiCommand::doneOrHungUp);
    }

    static AgiCommand setVariable(String name, String value) {
        return new AgiCommand("SET_VARIABLE", "SET VARIABLE " + Wire.bare(name) + " " + Wire.quoted(value),
                Duration.ZERO, r -> done());
    }

    static AgiCommand readVariable(String expression) {
        return new AgiCommand("GET_FULL_VARIABLE", "GET FULL VARIABLE " + Wire.bare(expression), Duration.ZERO,
                Replies::variable);
    }

    // GET DATA answers -1 at once for a missing prompt as for a hang-up (docs/asterisk-agi.md): retry once on the
    // beep, which always exists; a hang-up then shows as HANGUP/511 or -1 again.
    // Asterisk's GET DATA timeout runs again after every digit (main/app.c, ast_app_getdata_full), after the
    // prompt has played.
    static AgiCommand getData(String audio, Duration timeout, int maxDigits, boolean retryOnBeep) {
        String line = "GET DATA " + Wire.bare(audio) + " " + timeout.toMillis() + " " + maxDigits;
        Duration own = LONGEST_PROMPT.plus(timeout.multipliedBy(Math.max(1, maxDigits)));
        return new AgiCommand("GET_DATA", line, own, reply -> "-1".equals(reply.result())
                ? (retryOnBeep ? new Step.Send(getData("beep", timeout, maxDigits, false)) : hungUp())
                : Replies.digits(reply));
    }

    // Queue's own result says whether the caller hung up in the queue; how the call left is in channel
    // variables that GET FULL VARIABLE may read even on a dead channel (transcript queue-abandon.txt).
    static AgiCommand enterQueue(String queue, Duration timeout) {
        // A zero duration asks for no limit: an empty timeout, since Queue's "0" expires at once (app_queue.c).
        String args = Wire.appArgument(queue) + ",c,,," + (timeout.isZero() ? "" : Wire.seconds(timeout));
        return new AgiCommand("EXEC_QUEUE", "EXEC Queue " + Wire.quoted(args), null, reply -> {
            boolean hungUp = "-1".equals(reply.result());
            return new Step.Send(new AgiCommand("GET_FULL_VARIABLE",
                    "GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}:${MEMBERNAME}", Duration.ZERO,
                    variables -> Replies.queueLeft(variables, hungUp)));
        });
    }

    static Step deliver(IvrEvent event) {
        return new Step.Deliver(event, false);
    }

    static Step done() {
        return deliver(new IvrEvent.Done());
    }

    static Step hungUp() {
        return deliver(new IvrEvent.CallerHungUp());
    }

    private static Step doneOrHungUp(AgiReply reply) {
        Integer code = reply.resultCode();
        return code == null ? Replies.unreadable() : code < 0 ? hungUp() : done();
    }
}
