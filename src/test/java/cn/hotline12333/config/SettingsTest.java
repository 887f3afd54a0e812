package cn.hotline12333.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void environmentOverridesTheFileAndDottedKeysAreAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hotline.properties");
        Files.writeString(file, "agi.port=5000\nagi.max.connections=7\n");
        Settings s = Settings.load(Map.of("HOTLINE_CONFIG", file.toString(), "AGI_PORT", "6000"));
        assertThat(s.integer("AGI_PORT", 4573)).isEqualTo(6000);
        assertThat(s.integer("AGI_MAX_CONNECTIONS", 1)).isEqualTo(7);
        assertThat(s.integer("MISSING", 42)).isEqualTo(42);
    }

    @Test
    void aMissingConfigFileNamedExplicitlyStopsTheStart() {
        assertThatThrownBy(() -> Settings.load(Map.of("HOTLINE_CONFIG", "/no/such/file.properties")))
                .hasMessageContaining("HOTLINE_CONFIG");
    }

    @Test
    void badValuesNameTheKeyInsteadOfBeingClamped() {
        Settings s = Settings.of(Map.of("AGI_PORT", "45x", "AGI_ENV_TIMEOUT", "ten", "DEMO", "maybe"));
        assertThatThrownBy(() -> s.integer("AGI_PORT", 1)).hasMessageContaining("AGI_PORT").hasMessageContaining("45x");
        assertThatThrownBy(() -> s.duration("AGI_ENV_TIMEOUT", Duration.ZERO)).hasMessageContaining("AGI_ENV_TIMEOUT");
        assertThatThrownBy(() -> s.flag("DEMO", true)).hasMessageContaining("DEMO");
    }

    @Test
    void durationsReadInTheirUnits() {
        Settings s = Settings.of(Map.of("A", "1500ms", "B", "10s", "C", "2m", "D", "1h"));
        assertThat(s.duration("A", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.duration("B", null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.duration("C", null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.duration("D", null)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void pinnedClockStartsAtThePinnedInstantAndTicksOn() {
        Clock system = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        Settings s = Settings.of(Map.of("HOTLINE_CLOCK", "2026-11-23T10:00+08:00"));
        Clock clock = s.clock(system);
        Instant pinned = OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant();
        assertThat(clock.instant()).isEqualTo(pinned);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.ofHours(8));
        // It ticks with the underlying clock: ten seconds later on the system, ten seconds after the pin.
        Clock later = s.clock(system);
        Clock moved = Clock.offset(later, Duration.ofSeconds(10));
        assertThat(Duration.between(pinned, moved.instant())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Settings.of(Map.of()).clock(system)).isSameAs(system);
    }

    @Test
    void listsSplitOnCommas() {
        assertThat(Settings.of(Map.of("S", "a:1, b:2 ,c:3")).list("S")).containsExactly("a:1", "b:2", "c:3");
        assertThat(Settings.of(Map.of()).list("S")).isEmpty();
    }
}
