package cn.hotline12333.agi;

import cn.hotline12333.agi.AgiCommand.Step;
import cn.hotline12333.ivr.IvrEvent;

/** What a 200 reply means for each command: the one place outside the decoder that reads {@code result=}. */
final class Replies {
    private Replies() {
    }

    // STREAM FILE of a missing file answers -1 endpos=0 (docs/asterisk-agi.md); a hang-up mid-prompt has played
    // some of it. If the caller did hang up at endpos 0, the HANGUP line tells the next command.
    static Step played(AgiReply reply) {
        Integer code = reply.resultCode();
        if (code == null) {
            return unreadable();
        }
        if (code < 0) {
            return reply.attribute("endpos", 0) == 0
                    ? AgiCommand.deliver(new IvrEvent.PromptPlayed((char) 0, true))
                    : AgiCommand.hungUp();
        }
        return AgiCommand.deliver(new IvrEvent.PromptPlayed((char) code.intValue(), false));
    }

    /** WAIT FOR DIGIT: the key's ASCII code, 0 for none. */
    static Step keyOrHungUp(AgiReply reply) {
        Integer code = reply.resultCode();
        if (code == null) {
            return unreadable();
        }
        return code < 0 ? AgiCommand.hungUp() : AgiCommand.deliver(new IvrEvent.PromptPlayed((char) code.intValue(), false));
    }

    /** GET DATA: the digits themselves, "(timeout)" when it stopped waiting. */
    static Step digits(AgiReply reply) {
        String digits = reply.result() == null ? "" : reply.result();
        return AgiCommand.deliver(new IvrEvent.DigitsEntered(digits, "timeout".equals(reply.data())));
    }

    /** GET FULL VARIABLE: result=1 (value), result=0 when unset. */
    static Step variable(AgiReply reply) {
        Integer code = reply.resultCode();
        String value = code != null && code == 1 ? (reply.data() == null ? "" : reply.data()) : null;
        return AgiCommand.deliver(new IvrEvent.VariableRead(value));
    }

    /** ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}:${MEMBERNAME}; each part empty when Asterisk left it unset. */
    static Step queueLeft(AgiReply reply, boolean callerHungUp) {
        // MEMBERNAME comes last and may itself hold a colon: it takes the rest of the line
        String[] parts = reply.data() == null ? new String[0] : reply.data().split(":", 4);
        String status = part(parts, 0);
        return AgiCommand.deliver(new IvrEvent.QueueLeft(status, callerHungUp, number(part(parts, 1)),
                number(part(parts, 2)), part(parts, 3)));
    }

    // RECORD FILE: "(timeout)" with 0 or, when silence ended it, the milliseconds left (res_agi.c in Asterisk 22);
    // a key code (dtmf); -1 (hangup); -1 with other data (writefile) is a failure to record.
    static Step recorded(AgiReply reply) {
        Integer code = reply.resultCode();
        long endpos = reply.attribute("endpos", 0);
        if (code == null) {
            return unreadable();
        }
        if (code < 0) {
            return "hangup".equals(reply.data())
                    ? new Step.Deliver(new IvrEvent.RecordingFinished(endpos, false), true)
                    : AgiCommand.deliver(new IvrEvent.RecordingFailed("RECORD FILE answered -1"
                            + (reply.data() == null ? "" : " (" + reply.data() + ")")));
        }
        return AgiCommand.deliver(new IvrEvent.RecordingFinished(endpos, code == 0 || "timeout".equals(reply.data())));
    }

    static Step unreadable() {
        return AgiCommand.deliver(new IvrEvent.CommandFailed("200 reply without a numeric result"));
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
