package cn.hotline12333.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long things take for the emulated caller, in model time, and how model time maps to real time.
 * Every reply is decided in model time (so a test at scale 0 gets the same replies as a call at scale 1)
 * and then delivered after {@code modelMs * scale} real milliseconds on the call's event loop, never by a
 * sleeping thread. Scale 0 delivers everything at once.
 *
 * @param scale         real milliseconds per model millisecond; 0 = instant, 1 = real time
 * @param defaultPrompt playback length of a sound not named in {@code prompts}
 * @param prompts       playback length per sound name (Asterisk's core {@code beep} is 0.5 s: transcript
 *                      basic.txt answers {@code endpos=4000} at 8000 samples a second)
 * @param digitSound    length of each {@code digits/N} sound that SAY DIGITS / SAY NUMBER plays
 * @param keyDelay      from the start of an input command until the caller presses the first key of an
 *                      entry (or hangs up, when the script says so); during a prompt it interrupts it
 * @param interKeyDelay between the keys of one entry
 */
public record TimeModel(double scale, Duration defaultPrompt, Map<String, Duration> prompts,
                        Duration digitSound, Duration keyDelay, Duration interKeyDelay) {

    public TimeModel {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, was " + scale);
        }
        prompts = Map.copyOf(prompts);
        for (Duration d : prompts.values()) {
            requireNonNegative(d, "prompt length");
        }
        requireNonNegative(defaultPrompt, "defaultPrompt");
        requireNonNegative(digitSound, "digitSound");
        requireNonNegative(keyDelay, "keyDelay");
        requireNonNegative(interKeyDelay, "interKeyDelay");
    }

    /**
     * Real time: prompts of 3 s (the beep 0.5 s, the type-ahead silence 0.2 s, as rendered), a key 2 s into each
     * input command, 0.3 s between keys.
     */
    public static TimeModel realistic() {
        return new TimeModel(1.0, Duration.ofSeconds(3), Map.of("beep", Duration.ofMillis(500),
                        "hotline/silence", Duration.ofMillis(200)),
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(300));
    }

    /** The same model delivered at once: for tests. */
    public static TimeModel instant() {
        return realistic().withScale(0);
    }

    public TimeModel withScale(double newScale) {
        return new TimeModel(newScale, defaultPrompt, prompts, digitSound, keyDelay, interKeyDelay);
    }

    public TimeModel withPrompt(String sound, Duration length) {
        Map<String, Duration> more = new HashMap<>(prompts);
        more.put(sound, length);
        return new TimeModel(scale, defaultPrompt, more, digitSound, keyDelay, interKeyDelay);
    }

    public TimeModel withDefaultPrompt(Duration length) {
        return new TimeModel(scale, length, prompts, digitSound, keyDelay, interKeyDelay);
    }

    public TimeModel withKeyDelay(Duration delay) {
        return new TimeModel(scale, defaultPrompt, prompts, digitSound, delay, interKeyDelay);
    }

    public TimeModel withInterKeyDelay(Duration delay) {
        return new TimeModel(scale, defaultPrompt, prompts, digitSound, keyDelay, delay);
    }

    long promptMs(String sound) {
        Duration d = prompts.get(sound);
        if (d == null) {
            d = sound.startsWith("digits/") ? digitSound : defaultPrompt;
        }
        return d.toMillis();
    }

    long keyDelayMs() {
        return keyDelay.toMillis();
    }

    long interKeyMs() {
        return interKeyDelay.toMillis();
    }

    long realNanos(long modelMs) {
        return (long) (modelMs * scale * 1_000_000.0);
    }

    private static void requireNonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or more, was " + d);
        }
    }
}
