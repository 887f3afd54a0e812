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
        assertThat(s.integer(SettingKey.AGI_PORT)).isEqualTo(6000);
        assertThat(s.integer(SettingKey.AGI_MAX_CONNECTIONS)).isEqualTo(7);
        assertThat(s.integer(SettingKey.AGI_WORK_THREADS)).isEqualTo(16);
    }

    @Test
    void aKeyInTheFileThatIsNoSettingStopsTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hotline.properties");
        Files.writeString(file, "agi.prot=5000\n");
        assertThatThrownBy(() -> Settings.load(Map.of("HOTLINE_CONFIG", file.toString())))
                .hasMessageContaining("agi.prot is no setting");
    }

    @Test
    void unsetKeysTakeTheirDefaultFromTheTable() {
        Settings s = Settings.of(Map.of());
        assertThat(s.string(SettingKey.HOTLINE_FLOWS)).isEqualTo("ivr-flows");
        assertThat(s.duration(SettingKey.AGI_DRAIN)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.string(SettingKey.REDIS_URL)).isNull();
        assertThat(s.string(SettingKey.HOTLINE_NODE, "box-1")).isEqualTo("box-1");
        assertThat(s.flag(SettingKey.HOTLINE_DEMO_DATA, true)).isTrue();
        // A default lives in one place: a reader may not bring its own for a key that has one in the table.
        assertThatThrownBy(() -> s.string(SettingKey.HOTLINE_FLOWS, "flows")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @SuppressWarnings("deprecation")
    void readsByNameMustNameAKeyOfTheTableAndItsDefault() {
        Settings s = Settings.of(Map.of("AGI_PORT", "5000"));
        assertThat(s.integer("AGI_PORT", 4573)).isEqualTo(5000);
        assertThat(s.duration("AGI_DRAIN", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.string("HOTLINE_NODE", "box-1")).isEqualTo("box-1");
        assertThat(s.string("HOTLINE_FLOWS", null)).isEqualTo("ivr-flows");
        assertThatThrownBy(() -> s.string("HOTLINE_NEW_THING", "x")).hasMessageContaining("not in SettingKey");
        assertThatThrownBy(() -> s.duration("AGI_DRAIN", Duration.ofSeconds(5)))
                .hasMessageContaining("AGI_DRAIN").hasMessageContaining("one default");
        assertThatThrownBy(() -> s.integer("WEB_PORT", 80)).hasMessageContaining("WEB_PORT");
    }

    @Test
    void aMissingConfigFileNamedExplicitlyStopsTheStart() {
        assertThatThrownBy(() -> Settings.load(Map.of("HOTLINE_CONFIG", "/no/such/file.properties")))
                .hasMessageContaining("HOTLINE_CONFIG");
    }

    @Test
    void badValuesNameTheKeyInsteadOfBeingClamped() {
        Settings s = Settings.of(Map.of("AGI_PORT", "45x", "AGI_ENV_TIMEOUT", "ten", "HOTLINE_DEMO_DATA", "maybe",
                "AGI_DRAIN", "-5s"));
        assertThatThrownBy(() -> s.integer(SettingKey.AGI_PORT)).hasMessageContaining("AGI_PORT")
                .hasMessageContaining("45x");
        assertThatThrownBy(() -> s.duration(SettingKey.AGI_ENV_TIMEOUT)).hasMessageContaining("AGI_ENV_TIMEOUT");
        assertThatThrownBy(() -> s.duration(SettingKey.AGI_DRAIN)).hasMessageContaining("AGI_DRAIN=\"-5s\"");
        assertThatThrownBy(() -> s.flag(SettingKey.HOTLINE_DEMO_DATA, true)).hasMessageContaining("HOTLINE_DEMO_DATA");
    }

    @Test
    void durationsReadInTheirUnitsAndZeroIsOne() {
        Settings s = Settings.of(Map.of("AGI_ENV_TIMEOUT", "1500ms", "AGI_DRAIN", "0s", "WEB_SESSION_TTL", "2h"));
        assertThat(s.duration(SettingKey.AGI_ENV_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.duration(SettingKey.AGI_DRAIN)).isZero();
        assertThat(s.duration(SettingKey.WEB_SESSION_TTL)).isEqualTo(Duration.ofHours(2));
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
        assertThat(Settings.of(Map.of("REDIS_SENTINELS", "a:1, b:2 ,c:3")).list(SettingKey.REDIS_SENTINELS))
                .containsExactly("a:1", "b:2", "c:3");
        assertThat(Settings.of(Map.of()).list(SettingKey.REDIS_SENTINELS)).isEmpty();
    }
}
