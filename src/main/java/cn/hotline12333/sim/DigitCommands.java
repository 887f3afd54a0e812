package cn.hotline12333.sim;

import cn.hotline12333.sim.CallerChannel.Turn;
import java.util.List;
import java.util.OptionalLong;

/**
 * The commands that wait for keys: GET DATA (app.c ast_app_getdata_full + channel.c ast_readstring_full)
 * and WAIT FOR DIGIT. GET DATA answers the digits themselves; WAIT FOR DIGIT the ASCII code of the key.
 */
final class DigitCommands {

    /** GET DATA with a negative timeout waits 1,000,000,000 ms for each key (app.c). */
    private static final long WAIT_FOREVER_MS = 1_000_000_000L;

    private DigitCommands() {
    }

    /**
     * The prompt plays (any key cuts it), then each key has the timeout to come: the first after the prompt
     * ends, the others after the previous key; 0 means 6 s for the first and 2 s for the others. {@code #}
     * ends the entry and is not returned; so does reaching the maximum count. A prompt that does not exist
     * answers {@code 200 result=-1} at once, without reading keys (transcript basic.txt).
     */
    static Reply getData(List<String> argv, AgiSession session) {
        if (argv.size() < 3) {
            return Reply.USAGE;
        }
        long timeout = argv.size() >= 4 ? AgiArguments.atoi(argv.get(3)) : 0;
        long max = argv.size() >= 5 ? AgiArguments.atoi(argv.get(4)) : 1024;
        CallerChannel caller = session.caller();
        String prompt = argv.get(2);
        long promptMs = 0;
        if (!prompt.isEmpty()) {
            if (!caller.soundExists(prompt)) {
                return Reply.now("200 result=-1\n");
            }
            caller.played(prompt);
            promptMs = caller.promptMs(prompt);
        }
        long firstKeyWithin = timeout > 0 ? timeout : timeout < 0 ? WAIT_FOREVER_MS : 6000;
        long nextKeyWithin = timeout > 0 ? timeout : timeout < 0 ? WAIT_FOREVER_MS : 2000;
        if (max == 0) {
            return Reply.now("200 result=-1\n");
        }
        Turn turn = caller.startInput();
        long firstDeadline = promptMs + firstKeyWithin;
        if (turn.silent() || turn.atMs() >= firstDeadline) {
            return new Reply.Text("200 result= (timeout)\n", firstDeadline, turn.hangsUp(), false);
        }
        if (turn.hangsUp()) {
            // handle_getdata always returns RESULT_SUCCESS, so this -1 never makes AGISTATUS FAILURE
            return new Reply.Text("200 result=-1\n", turn.atMs(), true, false);
        }
        caller.takeEntry();
        String entry = turn.entry();
        StringBuilder digits = new StringBuilder();
        long at = turn.atMs();
        for (int i = 0; i < entry.length(); i++) {
            if (i > 0) {
                if (turn.interKeyMs() >= nextKeyWithin) {
                    return Reply.after(at + nextKeyWithin, "200 result=" + digits + " (timeout)\n");
                }
                at += turn.interKeyMs();
            }
            char key = entry.charAt(i);
            if (key == '#') {
                return Reply.after(at, "200 result=" + digits + "\n");
            }
            digits.append(key);
            if (digits.length() >= max) {
                return Reply.after(at, "200 result=" + digits + "\n");
            }
        }
        return Reply.after(at + nextKeyWithin, "200 result=" + digits + " (timeout)\n");
    }

    /** A negative timeout waits forever; so does the emulator, when the caller presses nothing. */
    static Reply waitForDigit(List<String> argv, AgiSession session) {
        if (argv.size() != 4) {
            return Reply.USAGE;
        }
        OptionalLong timeout = AgiArguments.scan(argv.get(3));
        if (timeout.isEmpty()) {
            return Reply.USAGE;
        }
        CallerChannel caller = session.caller();
        long within = timeout.getAsLong();
        boolean forever = within < 0;
        Turn turn = caller.startInput();
        if (!turn.silent() && (forever || turn.atMs() < within)) {
            if (turn.hangsUp()) {
                return Reply.result(turn.atMs(), "200 result=-1\n", true, -1);
            }
            caller.takeEntry();
            return Reply.after(turn.atMs(), "200 result=" + (int) turn.firstKey() + "\n");
        }
        if (forever) {
            return Reply.after(-1, "");
        }
        return new Reply.Text("200 result=0\n", within, turn.hangsUp(), false);
    }
}
