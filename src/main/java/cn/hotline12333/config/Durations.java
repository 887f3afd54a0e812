package cn.hotline12333.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every setting and every file: a whole number and a unit, {@code 1500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}. No sign (so never negative), no fraction, no space, at most nine digits (so no overflow).
 * Zero ({@code 0s}) is a duration; a field where zero makes no sense (every timeout of a flow) refuses it itself.
 */
public final class Durations {
    /** How to write one, for messages: "like 1500ms, 5s, 2m or 1h". */
    public static final String EXAMPLES = "1500ms, 5s, 2m or 1h";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /** The duration {@code text} writes, or null when it is not one. */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
