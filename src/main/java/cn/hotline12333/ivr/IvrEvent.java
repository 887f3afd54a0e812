package cn.hotline12333.ivr;

/** What happened on the telephony side, in reply to the outstanding {@link IvrAction}, or unasked (hang-up). */
public sealed interface IvrEvent {

    /** The command succeeded and has nothing to tell. */
    record Done() implements IvrEvent {
    }

    /** GET FULL VARIABLE answered; {@code value} is null when the variable is unset. */
    record VariableRead(String value) implements IvrEvent {
    }

    /**
     * A prompt played to its end ({@code key} is 0) or was interrupted by {@code key}. {@code missing} is
     * true when Asterisk had no such sound file (result=-1 with no HANGUP): the call goes on without it.
     */
    record PromptPlayed(char key, boolean missing) implements IvrEvent {
    }

    /** GET DATA answered: the digits typed (possibly empty) and whether it ended by timeout. */
    record DigitsEntered(String digits, boolean timedOut) implements IvrEvent {
    }

    /**
     * The caller left the queue. {@code status} is QUEUESTATUS (CONTINUE, TIMEOUT, FULL, JOINEMPTY,
     * LEAVEEMPTY, JOINUNAVAIL, LEAVEUNAVAIL, UNKNOWN) or null when unset (Asterisk leaves it unset when the
     * caller hangs up: transcript queue-abandon.txt); {@code callerHungUp} is true when Queue returned -1.
     * {@code waitMs} is QUEUEWAIT_MS and {@code talkMs} ANSWEREDTIME_MS (Asterisk 22 sets both on the caller's
     * channel: 0 talk when nobody answered, see ami-queue-*.txt), null when unset. An agent answered when
     * talkMs is above 0 or status is CONTINUE. {@code agent} is MEMBERNAME (set by app_queue on the caller's
     * channel when a member answers, with setinterfacevar=yes), null when unset or nobody answered.
     */
    record QueueLeft(String status, boolean callerHungUp, Long waitMs, Long talkMs, String agent)
            implements IvrEvent {
        /** Without MEMBERNAME (a dialplan without setinterfacevar). */
        public QueueLeft(String status, boolean callerHungUp, Long waitMs, Long talkMs) {
            this(status, callerHungUp, waitMs, talkMs, null);
        }

        public boolean agentAnswered() {
            return (talkMs != null && talkMs > 0) || "CONTINUE".equals(status);
        }
    }

    /** RECORD FILE answered: how far it recorded (endpos, samples) and whether it stopped on silence/timeout. */
    record RecordingFinished(long endpos, boolean timedOut) implements IvrEvent {
    }

    /**
     * RECORD FILE answered -1 on a live channel: nothing could be recorded (no {@code beep} sound on the box, a
     * directory Asterisk cannot write). {@code reason} is safe to log.
     */
    record RecordingFailed(String reason) implements IvrEvent {
    }

    /** A {@link IvrAction.Work} task's own result; the engine matches on {@code result}. */
    record WorkDone(Object result) implements IvrEvent {
    }

    /** The work executor was full: the caller hears an apology and the call leaves us. */
    record WorkRejected(String name) implements IvrEvent {
    }

    /** A work task threw; {@code reason} is safe to log (no personal data). */
    record WorkFailed(String name, String reason) implements IvrEvent {
    }

    /** The caller hung up (a HANGUP line, or result=-1 on a command that needs the channel, or 511). */
    record CallerHungUp() implements IvrEvent {
    }

    /**
     * Asterisk refused the command (510 unknown, 520 syntax) or the session broke (socket closed, read
     * timeout): a fault on our side or the link's. {@code reason} is safe to log.
     */
    record CommandFailed(String reason) implements IvrEvent {
    }
}
