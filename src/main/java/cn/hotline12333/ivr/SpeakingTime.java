package cn.hotline12333.ivr;

import java.time.Duration;

/**
 * How long Mandarin text takes to say: an unhurried announcement speaks about 4.3 characters a second, so 230 ms
 * a character, punctuation included (the voice pauses there). The emulator plays every flow prompt this long and
 * {@code flows check} warns of a menu longer than {@link #MENU_BUDGET}.
 */
public final class SpeakingTime {
    public static final Duration PER_CHARACTER = Duration.ofMillis(230);
    /** Callers forget the first options of a longer menu before it ends. */
    public static final Duration MENU_BUDGET = Duration.ofSeconds(20);

    private SpeakingTime() {
    }

    public static Duration of(String text) {
        return text == null ? Duration.ZERO
                : PER_CHARACTER.multipliedBy(text.codePointCount(0, text.length()));
    }
}
