package cn.hotline12333.sim;

import cn.hotline12333.sim.CallerChannel.Turn;
import java.util.List;
import java.util.OptionalLong;

/**
 * RECORD FILE file format escapes timeout [offset] [BEEP] [s=silence], as res_agi.c handle_recordfile runs it.
 * The caller speaks for the script's {@code messageLength}, then presses the next entry's first key after the
 * key delay. With a message length of 0 no audio frames arrive at all (a Local channel in transcript
 * basic.txt): silence detection never fires and {@code endpos} stays at the offset.
 *
 * <p>Ends, whichever comes first: the timeout ({@code (timeout)}); silence longer than {@code s=} after the
 * caller stops speaking ({@code (timeout)} too, with the result set to the ms the last frame wait had left,
 * as Asterisk prints it); an escape digit ({@code (dtmf)}, 200 ms of the key tone cut off); the caller
 * hanging up ({@code 200 result=-1 (hangup)}). So a recording cut by silence does not answer {@code result=0}:
 * with a 60 s timeout and silence found 8 s in, Asterisk prints {@code 200 result=52000 (timeout) endpos=...}.
 */
final class RecordCommand {

    private static final int SAMPLES_PER_MS = 8;
    private static final long FRAME_MS = 20;

    private RecordCommand() {
    }

    static Reply recordFile(List<String> argv, AgiSession session) {
        int argc = argv.size();
        if (argc < 6) {
            return Reply.USAGE;
        }
        OptionalLong timeoutArg = AgiArguments.scan(argv.get(5));
        if (timeoutArg.isEmpty()) {
            return Reply.USAGE;
        }
        long timeout = timeoutArg.getAsLong();
        String escapes = argv.get(4);
        long silence = silenceMs(argv);
        OptionalLong offsetArg = argc > 6 ? AgiArguments.scan(argv.get(6)) : OptionalLong.empty();
        long offset = offsetArg.orElse(0);
        boolean beep = (argc > 6 && offsetArg.isEmpty() && !argv.get(6).startsWith("s="))
                || (argc > 7 && !argv.get(7).startsWith("s="));
        CallerChannel caller = session.caller();
        long beepMs = 0;
        if (beep) {
            if (!caller.soundExists("beep")) {
                return Reply.now("200 result=-1 (randomerror) endpos=" + offset + "\n");
            }
            caller.played("beep");
            beepMs = caller.promptMs("beep");
        }
        long speech = caller.script().messageLength().toMillis();
        Turn turn = caller.startInput();
        long keyAt = turn.silent() ? Long.MAX_VALUE : speech + turn.atMs();
        long timeoutAt = timeout < 0 ? Long.MAX_VALUE : timeout;
        long silenceAt = silence > 0 && speech > 0 ? speech + silence : Long.MAX_VALUE;
        boolean escapeKey = !turn.silent() && !turn.hangsUp() && escapes.indexOf(turn.firstKey()) >= 0;
        if (!turn.silent() && keyAt < Math.min(timeoutAt, silenceAt)) {
            if (!turn.hangsUp()) {
                caller.takeEntry();
            }
            if (turn.hangsUp()) {
                return Reply.result(beepMs + keyAt, "200 result=-1 (hangup) endpos=" + position(offset, speech, keyAt)
                        + "\n", true, -1);
            }
            if (escapeKey) {
                long endpos = Math.max(0, position(offset, speech, keyAt) - 200 * SAMPLES_PER_MS);
                return Reply.after(beepMs + keyAt, "200 result=" + (int) turn.firstKey() + " (dtmf) endpos="
                        + endpos + "\n");
            }
        }
        if (timeoutAt == Long.MAX_VALUE && silenceAt == Long.MAX_VALUE) {
            return Reply.after(-1, "");
        }
        boolean hangsUpAfter = turn.hangsUp() && keyAt >= Math.min(timeoutAt, silenceAt);
        if (timeoutAt <= silenceAt) {
            return new Reply.Text("200 result=0 (timeout) endpos=" + position(offset, speech, timeoutAt) + "\n",
                    beepMs + timeoutAt, hangsUpAfter, false);
        }
        // the wait that brought the frame began one frame earlier: it had the timeout less the elapsed time
        // left (with no timeout, each wait is for 100000 ms: ast_waitfor)
        long waitLeft = timeout < 0 ? 100_000 - FRAME_MS : Math.max(0, timeout - silenceAt);
        long endpos = offset + (speech + 1000) * SAMPLES_PER_MS; // rewound to one second of the silence
        return new Reply.Text("200 result=" + waitLeft + " (timeout) endpos=" + endpos + "\n", beepMs + silenceAt,
                hangsUpAfter, false);
    }

    /** Audio written so far: nothing when the channel sends no frames. */
    private static long position(long offset, long speech, long atMs) {
        return offset + (speech > 0 ? atMs * SAMPLES_PER_MS : 0);
    }

    /** The first of arguments 6..8 holding an {@code s}, read as {@code s=N} seconds (strchr, as res_agi). */
    private static long silenceMs(List<String> argv) {
        for (int i = 6; i <= 8 && i < argv.size(); i++) {
            int s = argv.get(i).indexOf('s');
            if (s >= 0) {
                String from = argv.get(i).substring(s);
                if (from.length() > 2 && from.startsWith("s=")) {
                    long seconds = AgiArguments.atoi(from.substring(2));
                    return seconds > 0 ? seconds * 1000 : 0;
                }
                return 0;
            }
        }
        return 0;
    }
}
