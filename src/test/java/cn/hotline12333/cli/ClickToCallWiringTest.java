package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Click-to-call is off by default, and on without an agent desktop the start stops naming the key. */
class ClickToCallWiringTest {

    @Test
    void offByDefault() {
        assertThat(ClickToCallWiring.start(Settings.of(Map.of()), null)).isNull();
        assertThat(ClickToCallWiring.start(Settings.of(Map.of("CLICK_TO_CALL", "false")), null)).isNull();
    }

    @Test
    void onWithoutTheAgentDesktopStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> ClickToCallWiring.start(Settings.of(Map.of("CLICK_TO_CALL", "true")), null))
                .hasMessageContaining("CLICK_TO_CALL").hasMessageContaining("AMI_HOST");
    }
}
