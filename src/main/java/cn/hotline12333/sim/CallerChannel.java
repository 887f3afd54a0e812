package cn.hotline12333.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The emulated caller's channel: its state, variables, the sounds played to it, and what the scripted caller
 * still has to do. Touched only on the call's event loop thread, so nothing here needs a lock.
 */
final class CallerChannel {

    /** Asterisk's channel states (AST_STATE_RING, AST_STATE_UP) as CHANNEL STATUS numbers them. */
    static final int STATE_RING = 4;
    static final int STATE_UP = 6;

    /**
     * What the caller does during one input command, in model ms from the command's start: press the keys of
     * {@code entry} from {@code atMs} on, {@code interKeyMs} apart; or hang up at {@code atMs}; or nothing.
     */
    record Turn(String entry, boolean hangsUp, long atMs, long interKeyMs) {
        boolean silent() {
            return entry == null && !hangsUp;
        }

        char firstKey() {
            return entry.charAt(0);
        }
    }

    private final CallScript script;
    private final ChannelVariables variables;
    private final List<String> prompts = new ArrayList<>();
    private final Deque<String> keys;
    private final List<CallScript.KeyDuring> keysDuring;
    // The rest of an entry whose first key cut a prompt: the next input command gets it first.
    private String rest;
    private boolean restTaken;
    private String callerId;
    private String callerName;
    private String language;
    private String context;
    private String extension;
    private int priority;
    private int state;
    private boolean hungUp;
    private boolean dead;
    private boolean agiFailed;
    private int inputCommands;
    private long ageMs;

    CallerChannel(CallScript script) {
        this.script = script;
        this.keys = new ArrayDeque<>(script.keys());
        this.keysDuring = new ArrayList<>(script.keysDuring());
        this.callerId = script.callerId();
        this.callerName = script.callerName();
        this.language = script.language();
        this.context = script.context();
        this.extension = script.extension();
        this.priority = script.priority();
        this.state = script.answered() ? STATE_UP : STATE_RING;
        this.variables = new ChannelVariables(this);
        script.variables().forEach(variables::set);
    }

    /** The caller's part in the next input-taking command; the entry is only used up by {@link #takeEntry}. */
    Turn startInput() {
        inputCommands++;
        TimeModel timing = script.timing();
        if (inputCommands == script.hangUpAtInput()) {
            return new Turn(null, true, timing.keyDelayMs(), 0);
        }
        if (rest != null) {
            restTaken = true;
            return new Turn(rest, false, timing.interKeyMs(), timing.interKeyMs());
        }
        restTaken = false;
        String entry = keys.peek();
        if (entry == null || entry.isEmpty()) {
            return new Turn(null, false, 0, 0);
        }
        return new Turn(entry, false, timing.keyDelayMs(), timing.interKeyMs());
    }

    void takeEntry() {
        if (restTaken) {
            rest = null;
            restTaken = false;
        } else {
            keys.poll();
        }
    }

    /**
     * What the caller presses while {@code sound} plays for {@code lengthMs} (null: nothing), used up whether or
     * not Asterisk listens: {@code keyDelay} into the sound, or halfway through a shorter one.
     */
    Turn duringSound(String sound, long lengthMs) {
        for (int i = 0; i < keysDuring.size(); i++) {
            if (keysDuring.get(i).during(sound)) {
                String entry = keysDuring.remove(i).entry();
                TimeModel timing = script.timing();
                return new Turn(entry, false, Math.min(timing.keyDelayMs(), lengthMs / 2), timing.interKeyMs());
            }
        }
        return null;
    }

    /** The keys after the one that cut a prompt: they answer the next input command. */
    void restOfEntry(String keys) {
        rest = keys.isEmpty() ? null : keys;
    }

    boolean soundExists(String sound) {
        return script.sounds().exists(sound);
    }

    long promptMs(String sound) {
        return script.timing().promptMs(sound);
    }

    void played(String sound) {
        prompts.add(sound);
    }

    void hangUp() {
        if (!hungUp) {
            hungUp = true;
            variables.hangupCause(16); // AST_CAUSE_NORMAL_CLEARING
        }
    }

    /** Asterisk's AGI loop has noticed the hang-up (it sends HANGUP then): 511 from now on. */
    void markDead() {
        dead = true;
    }

    /** A handler returned RESULT_FAILURE; on a live channel res_agi ends with AGISTATUS=FAILURE. */
    void commandFailed() {
        if (dead || !hungUp) {
            agiFailed = true;
        }
    }

    /** The server sent a {@code failure} line. */
    void scriptFailed() {
        agiFailed = true;
    }

    String agiStatus() {
        return agiFailed ? "FAILURE" : hungUp ? "HANGUP" : "SUCCESS";
    }

    void advance(long ms) {
        ageMs += ms;
    }

    /** The channel's age in model ms: commands' model time plus the server's real think time. */
    long ageMs() {
        return ageMs;
    }

    void answer() {
        state = STATE_UP;
    }

    CallScript script() { return script; }
    ChannelVariables variables() { return variables; }
    List<String> prompts() { return prompts; }
    boolean hungUp() { return hungUp; }
    boolean dead() { return dead; }
    int state() { return state; }
    String name() { return script.channel(); }
    String uniqueId() { return script.uniqueId(); }
    String callerId() { return callerId; }
    String callerName() { return callerName; }
    String language() { return language; }
    String context() { return context; }
    String extension() { return extension; }
    int priority() { return priority; }
    void callerId(String number) { callerId = number; }
    void callerName(String name) { callerName = name; }
    void language(String value) { language = value; }
    void context(String value) { context = value; }
    void extension(String value) { extension = value; }
    void priority(int value) { priority = value; }
}
