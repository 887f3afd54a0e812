package cn.hotline12333.sim;

import cn.hotline12333.sim.CallerChannel.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Commands that play sounds the caller may cut short with an escape digit: STREAM FILE, GET OPTION, SAY
 * DIGITS, SAY NUMBER. Positions ({@code endpos}) are samples at 8 kHz, 8 per millisecond (transcript
 * dtmf.txt: key 5 pressed 2.42 s into the menu prompt answers {@code 200 result=53 endpos=19360}).
 * A key that is not an escape digit is swallowed and the sound plays on, as ast_waitstream does; so is every
 * key when there are no escape digits (res_agi.c handle_streamfile reads the stream with ast_waitstream_full,
 * which discards DTMF it was not told to stop on). Only keys scripted for the sound ({@link
 * CallScript.KeyDuring}) are pressed while it plays: the caller's other entries wait for a question.
 */
final class PromptCommands {

    private static final int SAMPLES_PER_MS = 8;

    /** How a playback of some length ended: when, on which key (ASCII, 0 = none), or by a hang-up. */
    record Played(long atMs, int key, boolean hungUp, boolean hangsUpAfter) {
    }

    private PromptCommands() {
    }

    static Reply streamFile(List<String> argv, AgiSession session) {
        if (argv.size() < 4 || argv.size() > 5) {
            return Reply.USAGE;
        }
        long offset = 0;
        if (argv.size() > 4) {
            OptionalLong o = AgiArguments.scan(argv.get(4));
            if (o.isEmpty()) {
                return Reply.USAGE;
            }
            offset = o.getAsLong();
        }
        CallerChannel caller = session.caller();
        String sound = argv.get(2);
        String escapes = argv.get(3);
        if (!caller.soundExists(sound)) {
            return Reply.result(0, "200 result=-1 endpos=" + offset + "\n", false, -1);
        }
        caller.played(sound);
        long length = caller.promptMs(sound);
        long left = Math.max(0, length - offset / 8);
        Played p = play(caller, caller.duringSound(sound, left), left, escapes);
        caller.variables().set("PLAYBACKSTATUS", p.key() == 0 && !p.hungUp() ? "SUCCESS" : "FAILED");
        if (p.hungUp()) {
            return Reply.result(p.atMs(), "200 result=-1 endpos=" + (offset + p.atMs() * SAMPLES_PER_MS) + "\n",
                    true, -1);
        }
        long endpos = p.key() != 0 ? offset + p.atMs() * SAMPLES_PER_MS : length * SAMPLES_PER_MS;
        return Reply.result(p.atMs(), "200 result=" + p.key() + " endpos=" + endpos + "\n", p.hangsUpAfter(), 0);
    }

    /**
     * STREAM FILE, then a wait for one digit ({@code timeout} ms, default 5 s). A hang-up during that wait
     * answers {@code 200 result=0}: res_agi keeps a result only if strchr finds it among the escape digits,
     * and -1 is never there.
     */
    static Reply getOption(List<String> argv, AgiSession session) {
        if (argv.size() < 4 || argv.size() > 5) {
            return Reply.USAGE;
        }
        CallerChannel caller = session.caller();
        String sound = argv.get(2);
        String escapes = argv.get(3);
        long timeout = argv.size() == 5 ? AgiArguments.atoi(argv.get(4)) : 5000;
        if (!caller.soundExists(sound)) {
            return Reply.result(0, "200 result=-1 endpos=0\n", false, -1);
        }
        caller.played(sound);
        long length = caller.promptMs(sound);
        long endpos = length * SAMPLES_PER_MS;
        Turn turn = caller.startInput();
        boolean forever = timeout < 0;
        long waitEnd = length + Math.max(0, timeout);
        if (turn.hangsUp() && turn.atMs() < length) {
            return Reply.result(turn.atMs(), "200 result=-1 endpos=" + turn.atMs() * SAMPLES_PER_MS + "\n", true, -1);
        }
        if (!turn.silent() && turn.atMs() < length) {
            caller.takeEntry();
            if (escapes.indexOf(turn.firstKey()) >= 0) {
                return Reply.after(turn.atMs(), "200 result=" + (int) turn.firstKey() + " endpos="
                        + turn.atMs() * SAMPLES_PER_MS + "\n");
            }
            return forever ? Reply.after(-1, "") : Reply.after(waitEnd, "200 result=0 endpos=" + endpos + "\n");
        }
        if (!turn.silent() && (forever || turn.atMs() <= waitEnd)) {
            if (turn.hangsUp()) {
                return new Reply.Text("200 result=0 endpos=" + endpos + "\n", turn.atMs(), true, false);
            }
            caller.takeEntry();
            int key = escapes.indexOf(turn.firstKey()) >= 0 ? turn.firstKey() : 0;
            return Reply.after(turn.atMs(), "200 result=" + key + " endpos=" + endpos + "\n");
        }
        if (forever) {
            return Reply.after(-1, "");
        }
        return new Reply.Text("200 result=0 endpos=" + endpos + "\n", waitEnd, turn.hangsUp(), false);
    }

    static Reply sayDigits(List<String> argv, AgiSession session) {
        if (argv.size() != 4 || AgiArguments.scan(argv.get(2)).isEmpty()) {
            return Reply.USAGE;
        }
        return say(session.caller(), argv.get(2), argv.get(3));
    }

    /** The emulator says a number digit by digit ({@code digits/3}, {@code digits/2}...), not in words. */
    static Reply sayNumber(List<String> argv, AgiSession session) {
        if (argv.size() < 4 || argv.size() > 5) {
            return Reply.USAGE;
        }
        OptionalLong number = AgiArguments.scan(argv.get(2));
        if (number.isEmpty()) {
            return Reply.USAGE;
        }
        return say(session.caller(), Long.toString((int) number.getAsLong()), argv.get(3));
    }

    /** Missing digit sounds are skipped: with none installed SAY answers 0 at once (transcript basic.txt). */
    private static Reply say(CallerChannel caller, String characters, String escapes) {
        List<String> sounds = new ArrayList<>();
        for (char c : characters.toCharArray()) {
            String sound = c == '-' ? "digits/minus" : c == '*' ? "digits/star" : c == '#' ? "digits/pound"
                    : c >= '0' && c <= '9' ? "digits/" + c : null;
            if (sound != null && caller.soundExists(sound)) {
                sounds.add(sound);
            }
        }
        long total = 0;
        for (String s : sounds) {
            total += caller.promptMs(s);
        }
        Played p = play(caller, caller.duringSound("say", total), total, escapes);
        boolean cutShort = p.hungUp() || p.key() != 0;
        long started = 0;
        for (String s : sounds) {
            if (cutShort && started >= p.atMs()) {
                break;
            }
            caller.played(s);
            started += caller.promptMs(s);
        }
        int result = p.hungUp() ? -1 : p.key();
        return Reply.result(p.atMs(), "200 result=" + result + "\n", p.hungUp() || p.hangsUpAfter(), result);
    }

    /**
     * Plays {@code lengthMs} of sound while the caller presses {@code during} (null: nothing); an escape digit
     * cuts it, and the keys after it wait for the next input command.
     */
    static Played play(CallerChannel caller, Turn during, long lengthMs, String escapes) {
        if (during == null || during.silent() || during.atMs() >= lengthMs) {
            return new Played(lengthMs, 0, false, false);
        }
        char key = during.firstKey();
        if (escapes.indexOf(key) < 0) {
            return new Played(lengthMs, 0, false, false); // not listened for: lost, with the keys after it
        }
        caller.restOfEntry(during.entry().substring(1));
        return new Played(during.atMs(), key, false, false);
    }
}
