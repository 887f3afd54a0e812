package cn.hotline12333.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scripted caller: how the call reaches the server (what the dialplan's {@code AGI()} line and the
 * channel would give Asterisk) and what the caller does. Build with {@link #to(String)}.
 *
 * <p>Keys: each entry answers the next input-taking command (GET DATA gets the whole entry, a {@code #}
 * ends it; STREAM FILE / SAY with escape digits, WAIT FOR DIGIT, GET OPTION and RECORD FILE get its first
 * key). With no entry left the caller presses nothing and input commands time out, as on Asterisk. These
 * entries wait for a question: a prompt that only plays (STREAM FILE, SAY) gets none of them.
 *
 * <p>Keys during a prompt ({@link Builder#keyDuring}): the caller presses an entry while a given sound plays,
 * {@code keyDelay} into it or halfway through, whichever is earlier. With that key among the escape digits the
 * sound stops there ({@code 200 result=<ASCII> endpos=<where>}) and the rest of the entry answers the next
 * input command, the first of them {@code interKeyDelay} after the cut; without escape digits, or with a first
 * key that is not one, the whole entry is lost, as Asterisk drops keys it was not listening for.
 *
 * <p>Hang-up: after the server's {@code hangUpAfterCommands}-th command is answered (0 = never); or during
 * the {@code hangUpAtInput}-th input command, at the moment the caller would have pressed a key (0 = never);
 * or in a queue after waiting {@code queuePatience} without an agent (null = waits until the queue's
 * timeout).
 *
 * @param script         the AGI URL's path after the port, query included ({@code hotline?x=y})
 * @param request        the AGI URL as the dialplan wrote it (agi_request); null: built from the address
 *                       dialled, {@code agi://HOST:PORT/script}
 * @param channel        null: generated, like {@code PJSIP/trunk-0000001a}; the part before {@code /} is agi_type
 * @param uniqueId       null: generated like Asterisk's {@code 1795387708.7}
 * @param threadId       0: generated
 * @param callerId       null: Asterisk says {@code unknown}; likewise callerName, dialled, redirectedFrom
 * @param systemName     what {@code ${SYSTEMNAME}} gives; null: the emulator's own (distinct per emulator,
 *                       so two emulators never make the same unique id), "" the box has none
 * @param keysDuring     entries pressed while a sound plays, each used once, in order of the list
 * @param variables      channel variables set before the AGI starts ({@code AGISIGHUP}, {@code
 *                       AGIEXITONHANGUP}, {@code AGIEXECFULL} are read as Asterisk reads them)
 * @param messageLength  how long the caller speaks when RECORD FILE records; 0 = no audio at all
 * @param answered       the channel is already up when the AGI starts (else ANSWER brings it up)
 */
public record CallScript(String script, String request, List<String> args, String channel, String uniqueId,
                         long threadId, String callerId, String callerName, String dialled, String redirectedFrom,
                         String language, String context, String extension, int priority, String accountCode,
                         String systemName, Map<String, String> variables, List<String> keys,
                         List<KeyDuring> keysDuring, int hangUpAfterCommands, int hangUpAtInput, Duration queuePatience,
                         Duration messageLength, boolean answered, Sounds sounds, TimeModel timing) {

    public CallScript {
        args = List.copyOf(args);
        keys = List.copyOf(keys);
        keysDuring = List.copyOf(keysDuring);
        variables = Map.copyOf(variables);
        if (hangUpAfterCommands < 0 || hangUpAtInput < 0) {
            throw new IllegalArgumentException("hang-up points must be zero (never) or positive");
        }
        if (messageLength == null || messageLength.isNegative()) {
            throw new IllegalArgumentException("messageLength must be zero or more, was " + messageLength);
        }
        if (queuePatience != null && queuePatience.isNegative()) {
            throw new IllegalArgumentException("queuePatience must be zero or more, was " + queuePatience);
        }
    }

    /**
     * An entry pressed while {@code sound} plays: its name ({@code hotline/hotline-welcome}), the part after its
     * last {@code /} or {@code -} ({@code welcome}), or {@code say} for the next SAY NUMBER / SAY DIGITS.
     */
    public record KeyDuring(String sound, String entry) {
        public KeyDuring {
            if (sound == null || sound.isEmpty() || entry == null || entry.isEmpty()) {
                throw new IllegalArgumentException("a key during a prompt needs the sound and the keys");
            }
        }

        boolean during(String played) {
            return played.equals(sound) || played.endsWith("/" + sound) || played.endsWith("-" + sound)
                    || (sound.equals("say") && played.equals("say"));
        }
    }

    /** A caller whose call runs {@code AGI(agi://server/script)}. */
    public static Builder to(String script) {
        return new Builder(script);
    }

    public Builder toBuilder() {
        Builder b = new Builder(script);
        b.request = request;
        b.args = args; b.channel = channel; b.uniqueId = uniqueId; b.threadId = threadId;
        b.callerId = callerId; b.callerName = callerName; b.dialled = dialled; b.redirectedFrom = redirectedFrom;
        b.language = language; b.context = context; b.extension = extension; b.priority = priority;
        b.accountCode = accountCode; b.systemName = systemName; b.variables = new LinkedHashMap<>(variables);
        b.keys = keys; b.keysDuring = new java.util.ArrayList<>(keysDuring); b.hangUpAfterCommands = hangUpAfterCommands; b.hangUpAtInput = hangUpAtInput;
        b.queuePatience = queuePatience; b.messageLength = messageLength; b.answered = answered;
        b.sounds = sounds; b.timing = timing;
        return b;
    }

    /** Fills what Asterisk would have made up itself on a box without a system name. */
    CallScript withIdentity(long callNumber, long epochSecond) {
        return withIdentity(callNumber, epochSecond, "");
    }

    /**
     * Fills what Asterisk would have made up itself: channel name, unique id, thread id, and the box's system name
     * when the script names none. As on Asterisk (channel.c), a box with a system name prefixes its unique ids
     * with it ({@code emu-4711-3f2a-1795387708.1}), so boxes that count from 1 in the same second differ.
     */
    CallScript withIdentity(long callNumber, long epochSecond, String boxName) {
        if (channel != null && uniqueId != null && threadId != 0 && systemName != null) {
            return this;
        }
        Builder b = toBuilder();
        if (systemName == null) {
            b.systemName = boxName;
        }
        if (channel == null) {
            b.channel = String.format("PJSIP/trunk-%08x", callNumber);
        }
        if (uniqueId == null) {
            b.uniqueId = (b.systemName.isEmpty() ? "" : b.systemName + "-") + epochSecond + "." + callNumber;
        }
        if (threadId == 0) {
            b.threadId = 139_767_300_000_000L + (callNumber % 100_000) * 512_000L;
        }
        return b.build();
    }

    public static final class Builder {
        private final String script;
        private String request;
        private List<String> args = List.of();
        private String channel;
        private String uniqueId;
        private long threadId;
        private String callerId;
        private String callerName;
        private String dialled;
        private String redirectedFrom;
        private String language = "zh";
        private String context = "hotline";
        private String extension;
        private int priority = 1;
        private String accountCode = "";
        private String systemName;
        private Map<String, String> variables = new LinkedHashMap<>();
        private List<String> keys = List.of();
        private List<KeyDuring> keysDuring = new java.util.ArrayList<>();
        private int hangUpAfterCommands;
        private int hangUpAtInput;
        private Duration queuePatience;
        private Duration messageLength = Duration.ZERO;
        private boolean answered;
        private Sounds sounds = Sounds.all();
        private TimeModel timing = TimeModel.realistic();

        private Builder(String script) {
            this.script = script == null ? "" : script;
        }

        public Builder request(String agiUrl) { request = agiUrl; return this; }
        public Builder args(String... values) { args = List.of(values); return this; }
        public Builder channel(String name) { channel = name; return this; }
        public Builder uniqueId(String id) { uniqueId = id; return this; }
        public Builder threadId(long id) { threadId = id; return this; }
        public Builder callerId(String number) { callerId = number; return this; }
        public Builder callerName(String name) { callerName = name; return this; }
        public Builder dialled(String number) { dialled = number; return this; }
        public Builder redirectedFrom(String number) { redirectedFrom = number; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder context(String value) { context = value; return this; }
        public Builder extension(String value) { extension = value; return this; }
        public Builder priority(int value) { priority = value; return this; }
        public Builder accountCode(String value) { accountCode = value; return this; }
        public Builder systemName(String value) { systemName = value; return this; }
        public Builder variable(String name, String value) { variables.put(name, value); return this; }
        public Builder keys(String... entries) { keys = List.of(entries); return this; }
        public Builder keys(List<String> entries) { keys = List.copyOf(entries); return this; }
        public Builder keyDuring(String sound, String entry) { keysDuring.add(new KeyDuring(sound, entry)); return this; }
        public Builder hangUpAfterCommands(int commands) { hangUpAfterCommands = commands; return this; }
        public Builder hangUpAtInput(int inputCommand) { hangUpAtInput = inputCommand; return this; }
        public Builder queuePatience(Duration patience) { queuePatience = patience; return this; }
        public Builder messageLength(Duration length) { messageLength = length; return this; }
        public Builder answered(boolean up) { answered = up; return this; }
        public Builder sounds(Sounds value) { sounds = value; return this; }
        public Builder timing(TimeModel value) { timing = value; return this; }

        public CallScript build() {
            String exten = extension != null ? extension : dialled != null ? dialled : "s";
            return new CallScript(script, request, args, channel, uniqueId, threadId, callerId, callerName, dialled,
                    redirectedFrom, language, context, exten, priority, accountCode, systemName, variables, keys,
                    keysDuring, hangUpAfterCommands, hangUpAtInput, queuePatience, messageLength, answered, sounds, timing);
        }
    }
}
