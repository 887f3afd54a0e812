package cn.hotline12333.ivr;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a flow, as loaded from YAML. Immutable data; the engine gives it meaning. Every node knows
 * its id and the line it starts on so that problems can name {@code file:line}.
 *
 * <p>Node ids named by {@code next}, {@code onFail} and the like are ids in the same flow; a
 * {@link GotoNode} is the only way into another flow.
 */
public sealed interface Node {
    String id();

    int line();

    /** Plays a prompt, then goes on. */
    record PlayNode(String id, int line, Prompt prompt, String next) implements Node {
    }

    /**
     * A voice menu. {@code options} maps a key (one of 0-9, *, #) to a node id. Unless a menu maps them
     * itself, {@code 9} repeats the menu, {@code *} goes back to the previous menu and {@code 0} goes to the
     * flow's agent node. After {@code retries} timeouts or invalid keys the call goes to {@code onFail}.
     */
    record MenuNode(String id, int line, Prompt prompt, Map<String, String> options, Duration timeout,
                    int retries, Prompt invalid, String onFail) implements Node {
    }

    /** What kind of digits an input node collects, and how they are validated and masked. */
    enum InputKind { CITIZEN_ID, PHONE, PIN, DIGITS }

    /**
     * Collects digits with GET DATA, validates them by kind and saves them in the call under
     * {@code saveAs}. For {@link InputKind#PIN}, {@code verifies} names the saved citizen id the PIN belongs
     * to; attempts are counted in Redis and a locked account goes to {@code onLocked}.
     */
    record InputNode(String id, int line, Prompt prompt, InputKind kind, int maxDigits, Duration timeout,
                     int retries, Prompt invalid, String saveAs, String verifies, String next, String onFail,
                     String onLocked) implements Node {
    }

    /** One piece of a spoken self-service answer. */
    sealed interface Say {
        record SayPrompt(Prompt prompt) implements Say {
        }

        /** SAY NUMBER of a field of the answer. */
        record SayNumber(String field) implements Say {
        }

        /** SAY DIGITS of a field of the answer. */
        record SayDigits(String field) implements Say {
        }

        /** Plays the prompt chosen by a field's value (a status word, say). */
        record SayChoice(String field, Map<String, Prompt> cases) implements Say {
        }

        /** Speaks {@code say} only when the field has one of {@code values} (the amount of a paid pension). */
        record SayWhen(String field, java.util.Set<String> values, List<Say> say) implements Say {
        }
    }

    /**
     * A self-service query (or action, such as reporting a card lost) against Redis, answered by speaking
     * {@code say}. {@code service} names one of the services {@link SelfService} knows.
     */
    record ServiceNode(String id, int line, String service, String citizen, List<Say> say, String next,
                       String onNotFound, String onError) implements Node {
    }

    /**
     * Puts the caller in an Asterisk queue (EXEC Queue with option c, so the call comes back to us).
     * {@code onAnswered} runs after the agent hangs up (the survey), {@code onTimeout} after nobody answered
     * in time, {@code onUnavailable} when the queue was full, empty or unknown.
     */
    record TransferNode(String id, int line, Prompt prompt, String queue, Duration timeout, String onAnswered,
                        String onTimeout, String onUnavailable) implements Node {
    }

    /**
     * Hands the call back to the dialplan for a number outside our queues (the 12393 referral): sets
     * HOTLINE_TRANSFER and ends the AGI session so the dialplan dials it.
     */
    record ReferNode(String id, int line, Prompt prompt, String target) implements Node {
    }

    /**
     * Records a message (RECORD FILE) into {@code mailbox}, which is where agents pick it up. {@code next}
     * follows a message; {@code onSilence} follows when the caller said nothing on every try (by default the
     * flow's agent node), so nobody is told "your message was recorded" about an empty one. {@code onFailure}
     * follows when Asterisk could not record at all (no beep sound, an unwritable directory): the flow offers a
     * callback there instead of losing the caller (by default the flow's agent node).
     */
    record RecordNode(String id, int line, Prompt prompt, String mailbox, Duration maxLength,
                      Duration silence, String next, String onSilence, String onFailure) implements Node {
    }

    /**
     * Takes a request to be served later: a callback to the caller's number ({@code kind: callback}) or an
     * SMS with a link ({@code kind: sms_link}, the sign-language video service). Confirms the number first.
     */
    record RequestNode(String id, int line, String kind, Prompt prompt, String queue, String next)
            implements Node {
    }

    /** Satisfaction survey: one key 1-5. */
    record SurveyNode(String id, int line, Prompt prompt, Duration timeout, Prompt thanks, String next)
            implements Node {
    }

    /** Working hours: goes to {@code open} or {@code closed} by the named schedule and the holiday calendar. */
    record ScheduleNode(String id, int line, String schedule, String open, String closed) implements Node {
    }

    /** Tags the call with a topic and/or sets channel variables, then goes on. */
    record TagNode(String id, int line, String topic, Map<String, String> variables, String next)
            implements Node {
    }

    /** Continues in another flow, at its start or at a named node. */
    record GotoNode(String id, int line, String flow, String node) implements Node {
    }

    /** Says goodbye (optional prompt) and hangs up. */
    record HangupNode(String id, int line, Prompt prompt) implements Node {
    }
}
