package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgiServerSettingsTest {

    private static AgiServerSettings with(String bind, int port, Duration env, Duration reply, int maxConnections) {
        return new AgiServerSettings(bind, port, 4096, 200, env, reply, maxConnections, 16, 10000);
    }

    @Test
    void defaultsAreValid() {
        assertThatCode(AgiServerSettings::defaults).doesNotThrowAnyException();
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> with(" ", 4573, s, s, 1)).hasMessageContaining("bind address");
        assertThatThrownBy(() -> with("0.0.0.0", 65536, s, s, 1)).hasMessageContaining("port");
        assertThatThrownBy(() -> with("0.0.0.0", 4573, Duration.ZERO, s, 1)).hasMessageContaining("environment timeout");
        assertThatThrownBy(() -> with("0.0.0.0", 4573, s, null, 1)).hasMessageContaining("reply timeout");
        assertThatThrownBy(() -> with("0.0.0.0", 4573, s, s, 0)).hasMessageContaining("connection");
    }
}
