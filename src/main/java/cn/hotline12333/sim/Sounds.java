package cn.hotline12333.sim;

import java.util.Set;

/**
 * Which sound files exist on the emulated Asterisk box. A missing prompt is not an error Asterisk reports
 * as such: STREAM FILE answers {@code 200 result=-1 endpos=0} and GET DATA {@code 200 result=-1} at once
 * (transcript basic.txt), and SAY DIGITS with no {@code digits/N} sounds plays nothing and answers 0.
 *
 * @param names          the sound names listed
 * @param listedAreMissing true: every sound exists except those listed; false: only those listed exist
 */
public record Sounds(Set<String> names, boolean listedAreMissing) {

    public Sounds {
        names = Set.copyOf(names);
    }

    /** Every sound name exists, {@code beep} and {@code digits/N} included. */
    public static Sounds all() {
        return new Sounds(Set.of(), true);
    }

    public static Sounds allExcept(String... missing) {
        return new Sounds(Set.of(missing), true);
    }

    /** Exactly these sounds exist; name {@code beep} too if RECORD FILE should beep. */
    public static Sounds only(String... present) {
        return new Sounds(Set.of(present), false);
    }

    boolean exists(String sound) {
        return names.contains(sound) != listedAreMissing;
    }
}
