package cn.hotline12333.ivr;

import java.time.Duration;

/**
 * How long a prompt takes to say at the speed {@code prompts render} speaks it: espeak-ng at
 * {@value #WORDS_PER_MINUTE} words a minute speaks each Chinese character as one word, so 400 ms a character,
 * and its pauses at punctuation bring that to about 415 ms (measured with espeak-ng 1.51, voice cmn: a 108
 * character menu renders to 43.1 s, a 22 character one to 9.2 s). The one speaking-time model of the project:
 * the emulator plays every flow prompt this long, and {@code flows check} warns of a menu longer than
 * {@link #MENU_BUDGET}.
 */
public final class SpeakingTime {
    /** espeak-ng's -s: a little slower than its default 175, for callers on a noisy phone line. */
    public static final int WORDS_PER_MINUTE = 150;
    public static final Duration PER_CHARACTER = Duration.ofMillis(415);
    /** Callers forget the first options of a longer menu before it ends. */
    public static final Duration MENU_BUDGET = Duration.ofSeconds(20);

    private SpeakingTime() {
    }

    public static Duration of(String text) {
        return text == null ? Duration.ZERO
                : PER_CHARACTER.multipliedBy(text.codePointCount(0, text.length()));
    }
}
