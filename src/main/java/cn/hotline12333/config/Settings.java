package cn.hotline12333.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings from the environment and, under it, an optional properties file ({@code hotline.properties}
 * or {@code HOTLINE_CONFIG}). Keys are environment-style ({@code AGI_PORT}); a properties file may also
 * spell them {@code agi.port}. Each domain builds its own settings record from these typed reads at start;
 * a bad value stops the start with a message naming the key, never a silent clamp.
 */
public final class Settings {
    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The environment over the properties file named by HOTLINE_CONFIG (default ./hotline.properties, if present). */
    public static Settings load(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        Path file = Path.of(env.getOrDefault("HOTLINE_CONFIG", "hotline.properties"));
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read settings file " + file + ": " + e.getMessage(), e);
            }
            for (String name : p.stringPropertyNames()) {
                merged.put(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), p.getProperty(name).trim());
            }
        } else if (env.containsKey("HOTLINE_CONFIG")) {
            throw new IllegalArgumentException("HOTLINE_CONFIG names " + file + ", which is not a file");
        }
        env.forEach((k, v) -> merged.put(k, v));
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** These settings with some values replaced (a test node on port 0, a standalone simulation). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    public boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    /** Durations as {@code 1500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
    public Duration duration(String key, Duration fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        Duration d = parseDuration(v.trim());
        if (d == null) {
            throw bad(key, v, "a duration like 1500ms, 10s, 2m or 1h");
        }
        return d;
    }

    public List<String> list(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.trim().split("\\s*,\\s*"));
    }

    /**
     * The hotline's clock: the system clock, or, when HOTLINE_CLOCK is set (e.g.
     * {@code 2026-11-23T10:00+08:00}), a clock that starts at that instant and ticks on from there, so demos
     * and tests do not depend on the time of day.
     */
    public Clock clock(Clock system) {
        String v = values.get("HOTLINE_CLOCK");
        if (v == null || v.isBlank()) {
            return system;
        }
        try {
            OffsetDateTime pinned = OffsetDateTime.parse(v.trim());
            Duration shift = Duration.between(system.instant(), pinned.toInstant());
            return Clock.offset(system.withZone(pinned.getOffset()), shift);
        } catch (DateTimeParseException e) {
            throw bad("HOTLINE_CLOCK", v, "an ISO date-time with offset like 2026-11-23T10:00+08:00");
        }
    }

    static Duration parseDuration(String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> null;
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return new IllegalArgumentException("setting " + key + "=\"" + shown + "\" is not " + expected);
    }
}
