package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    @Test
    void theDefaultsOfTheKeyTable() {
        AgentSettings s = AgentSettings.from(Settings.of(Map.of()));
        assertThat(s.amiHost()).isNull();
        assertThat(s.amiPort()).isEqualTo(5038);
        assertThat(s.queues()).containsExactly("hotline-general");
        assertThat(s.wrapupLimitMs("hotline-general")).isEqualTo(60_000);
        assertThat(s.heartbeatLimit()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.pauseLimits()).containsEntry("休息", Duration.ofMinutes(15)).containsKeys("用餐", "培训", "会议");
        assertThat(s.wrapupExpiryNotReady()).isFalse();
    }

    @Test
    void perQueueWrapUpLimitsAndExpiryToNotReady() {
        AgentSettings s = AgentSettings.from(Settings.of(Map.of("AGENT_WRAPUP_LIMITS", "hotline-pension:90s",
                "AGENT_WRAPUP_EXPIRY", "not_ready")));
        assertThat(s.wrapupLimitMs("hotline-pension")).isEqualTo(90_000);
        assertThat(s.wrapupLimitMs("hotline-card")).isEqualTo(60_000);
        assertThat(s.wrapupExpiryNotReady()).isTrue();
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> AgentSettings.from(Settings.of(Map.of("AGENT_PAUSE_REASONS", "休息:soon"))))
                .hasMessageContaining("AGENT_PAUSE_REASONS");
        assertThatThrownBy(() -> AgentSettings.from(Settings.of(Map.of("AGENT_WRAPUP_EXPIRY", "later"))))
                .hasMessageContaining("AGENT_WRAPUP_EXPIRY");
        assertThatThrownBy(() -> AgentSettings.from(Settings.of(Map.of("AGENT_INTERFACE", "PJSIP/1001"))))
                .hasMessageContaining("AGENT_INTERFACE");
    }

    @Test
    void theStateInterfaceIsTheDeviceBehindALocalInterfaceOrElseTheInterface() {
        AgentSettings local = AgentSettings.from(Settings.of(Map.of("AGENT_INTERFACE", "Local/%s@hotline-agents/n",
                "AGENT_STATE_INTERFACE", "PJSIP/agent%s")));
        assertThat(local.interfaceOf("1001")).isEqualTo("Local/1001@hotline-agents/n");
        assertThat(local.stateInterfaceOf("1001")).isEqualTo("PJSIP/agent1001");
        assertThat(AgentSettings.from(Settings.of(Map.of())).stateInterfaceOf("1001")).isEqualTo("PJSIP/1001");
        assertThatThrownBy(() -> AgentSettings.from(Settings.of(Map.of("AGENT_STATE_INTERFACE", "PJSIP/agent"))))
                .hasMessageContaining("AGENT_STATE_INTERFACE");
    }

    @Test
    void theSecretStaysOutOfToString() {
        AgentSettings s = AgentSettings.from(Settings.of(Map.of("AMI_HOST", "pbx", "AMI_USER", "desk",
                "AMI_SECRET", "s3cret-value")));
        assertThat(s.toString()).doesNotContain("s3cret-value");
    }
}
