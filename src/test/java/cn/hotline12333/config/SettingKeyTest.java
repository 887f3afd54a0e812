package cn.hotline12333.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's configuration table and {@link SettingKey} list the same keys with the same defaults and readers. */
class SettingKeyTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (.*?) \\| (.*) \\| (.*?) \\|$");

    @Test
    void readmeListsEveryKeyWithItsDefaultAndReaders() throws IOException {
        Map<String, String> readme = new LinkedHashMap<>();
        String section = Files.readString(Path.of("README.md")).split("## Configuration", 2)[1].split("\n## ", 2)[0];
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                readme.put(m.group(1), m.group(1) + " | " + m.group(2) + " | " + m.group(4));
            }
        }
        Map<String, String> code = Arrays.stream(SettingKey.values()).collect(Collectors.toMap(SettingKey::name,
                k -> k.name() + " | " + shown(k) + " | " + k.readBy(), (a, b) -> a, LinkedHashMap::new));
        // On failure, the expected rows say what to write in README (or in SettingKey).
        assertThat(readme).as("README rows (key | default | read by)").isEqualTo(code);
    }

    @Test
    void everyDefaultIsAValidValue() {
        Settings unset = Settings.of(Map.of());
        for (SettingKey key : SettingKey.values()) {
            if (key.fallback() != null && key.fallback().matches("\\d+")) {
                assertThat(unset.integer(key)).as(key.name()).isNotNegative();
            } else if (key.fallback() != null && key.fallback().matches("\\d+(ms|s|m|h)")) {
                assertThat(unset.duration(key)).as(key.name()).isPositive();
            }
        }
    }

    /** A value in backticks; words (for a default worked out at start) as they are. */
    private static String shown(SettingKey key) {
        return key.fallback() != null ? "`" + key.fallback() + "`" : key.shown();
    }
}
