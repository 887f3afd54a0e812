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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads settings from the environment and, under it, an optional properties file ({@code hotline.properties}
 * or {@code HOTLINE_CONFIG}). Every key is a {@link SettingKey}, whose default applies when it is unset; a
 * properties file may spell keys {@code agi.port}, and a key in it that is no setting stops the start (a typo
 * would otherwise fall back to the default unnoticed). Each domain builds its own settings record from these
 * typed reads at start; a bad value stops the start with a message naming the key, never a silent clamp.
 */
public final class Settings {
    private static final Set<String> KNOWN = Arrays.stream(SettingKey.values()).map(SettingKey::name)
            .collect(Collectors.toUnmodifiableSet());
    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The environment over the properties file named by HOTLINE_CONFIG (default ./hotline.properties, if present). */
    public static Settings load(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        String named = env.get(SettingKey.HOTLINE_CONFIG.name());
        Path file = Path.of(named != null ? named : SettingKey.HOTLINE_CONFIG.fallback());
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read settings file " + file + ": " + e.getMessage(), e);
            }
            for (String name : p.stringPropertyNames()) {
                String key = name.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
                if (!KNOWN.contains(key)) {
                    throw new IllegalArgumentException("settings file " + file + ": " + name
                            + " is no setting (README, Configuration, lists them)");
                }
                merged.put(key, p.getProperty(name).trim());
            }
        } else if (named != null) {
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

    /** The value, or the key's default (null when it has none). */
    public String string(SettingKey key) {
        String v = values.get(key.name());
        return v == null || v.isBlank() ? key.fallback() : v.trim();
    }

    /** For a key whose default the reader works out (the host name): the value, or {@code computed}. */
    public String string(SettingKey key, String computed) {
        String v = string(withoutDefault(key));
        return v == null ? computed : v;
    }

    public int integer(SettingKey key) {
        String v = required(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    /** For a key whose default the reader works out (demo data: yes when Redis is embedded). */
    public boolean flag(SettingKey key, boolean computed) {
        String v = string(withoutDefault(key));
        if (v == null) {
            return computed;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    /** In the syntax of {@link Durations}. */
    public Duration duration(SettingKey key) {
        String v = required(key);
        Duration d = Durations.parse(v);
        if (d == null) {
            throw bad(key, v, "a duration like " + Durations.EXAMPLES);
        }
        return d;
    }

    /** Comma-separated values; empty when unset. */
    public List<String> list(SettingKey key) {
        String v = string(key);
        return v == null ? List.of() : List.of(v.split("\\s*,\\s*"));
    }

    // Reads by name, as code written before SettingKey did them. The name must be a SettingKey and the reader's
    // default the table's, so an old-style read cannot bring in a key README does not list or a second default.
    // Kept so that branches started before the table merge and run; convert them to the SettingKey reads.

    /** @deprecated read {@link #string(SettingKey)} or {@link #string(SettingKey, String)} */
    @Deprecated
    public String string(String key, String fallback) {
        SettingKey k = known(key, fallback);
        return k.fallback() != null ? string(k) : string(k, fallback);
    }

    /** @deprecated read {@link #integer(SettingKey)} */
    @Deprecated
    public int integer(String key, int fallback) {
        SettingKey k = known(key, Integer.toString(fallback));
        return k.fallback() != null || string(k) != null ? integer(k) : fallback;
    }

    /** @deprecated read {@link #duration(SettingKey)} */
    @Deprecated
    public Duration duration(String key, Duration fallback) {
        SettingKey k = SettingKey.valueOf(checkedName(key));
        if (k.fallback() != null && fallback != null && !fallback.equals(Durations.parse(k.fallback()))) {
            throw secondDefault(k, fallback.toString());
        }
        return k.fallback() != null || string(k) != null ? duration(k) : fallback;
    }

    /** @deprecated read {@link #flag(SettingKey, boolean)} */
    @Deprecated
    public boolean flag(String key, boolean fallback) {
        return flag(SettingKey.valueOf(checkedName(key)), fallback);
    }

    /** @deprecated read {@link #list(SettingKey)} */
    @Deprecated
    public List<String> list(String key) {
        return list(SettingKey.valueOf(checkedName(key)));
    }

    private static SettingKey known(String key, String fallback) {
        SettingKey k = SettingKey.valueOf(checkedName(key));
        if (k.fallback() != null && fallback != null && !k.fallback().equals(fallback)) {
            throw secondDefault(k, fallback);
        }
        return k;
    }

    private static String checkedName(String key) {
        if (!KNOWN.contains(key)) {
            throw new IllegalStateException("setting " + key + " is not in SettingKey: add it there and to README's "
                    + "configuration table");
        }
        return key;
    }

    private static IllegalStateException secondDefault(SettingKey key, String fallback) {
        return new IllegalStateException(key + ": the reader's default " + fallback + " is not the table's "
                + key.fallback() + " (SettingKey holds the one default)");
    }

    /**
     * The hotline's clock: the system clock, or, when HOTLINE_CLOCK is set (e.g.
     * {@code 2026-11-23T10:00+08:00}), a clock that starts at that instant and ticks on from there, so demos
     * and tests do not depend on the time of day.
     */
    public Clock clock(Clock system) {
        String v = values.get(SettingKey.HOTLINE_CLOCK.name());
        if (v == null || v.isBlank()) {
            return system;
        }
        try {
            OffsetDateTime pinned = OffsetDateTime.parse(v.trim());
            Duration shift = Duration.between(system.instant(), pinned.toInstant());
            return Clock.offset(system.withZone(pinned.getOffset()), shift);
        } catch (DateTimeParseException e) {
            throw bad(SettingKey.HOTLINE_CLOCK, v, "an ISO date-time with offset like 2026-11-23T10:00+08:00");
        }
    }

    private String required(SettingKey key) {
        String v = string(key);
        if (v == null) {
            throw new IllegalStateException(key + " has no default in SettingKey; its reader must supply one");
        }
        return v;
    }

    private static SettingKey withoutDefault(SettingKey key) {
        if (key.fallback() != null) {
            throw new IllegalStateException(key + " has its default in SettingKey; read it without one");
        }
        return key;
    }

    private static IllegalArgumentException bad(SettingKey key, String value, String expected) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return new IllegalArgumentException("setting " + key + "=\"" + shown + "\" is not " + expected);
    }
}
