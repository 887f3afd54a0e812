package cn.hotline12333.ivr;

/**
 * What a caller hears at one point of a flow: the Mandarin text (the source of rendered audio, and what
 * `hotline simulate` prints) and the Asterisk sound name played for it, relative to the language's sound
 * directory (for example {@code hotline/welcome} is {@code sounds/zh/hotline/welcome.wav}).
 *
 * @param interruptible a key cuts the prompt short and answers the next question (barge-in, docs/flows.md);
 *                      false only where the flow says the prompt must be heard whole (a legal notice)
 */
public record Prompt(String text, String audio, boolean interruptible) {

    /** Every key a caller can press: the escape digits of an interruptible prompt. */
    public static final String ALL_KEYS = "0123456789*#";

    public Prompt(String text, String audio) {
        this(text, audio, true);
    }

    /** The escape digits to play this prompt with: every key, or none when it must be heard whole. */
    public String escapeKeys() {
        return interruptible ? ALL_KEYS : "";
    }

    /**
     * How long the prompt takes to say at the rendering speed ({@code prompts render}: espeak-ng at 150 words a
     * minute), estimated from its text. The one speaking-time model of the project: the emulator times prompts
     * with it and {@code flows check} holds menus to a budget with it.
     */
    public java.time.Duration spokenLength() {
        return SpeakingTime.of(text);
    }
}
