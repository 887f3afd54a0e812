package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.agi.AgiServerSettings;
import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.web.WebSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node started with nothing set runs on the same defaults as the domains' own (which their tests use). */
class SettingDefaultsTest {

    @Test
    void theKeyTableAndTheDomainDefaultsAgree() {
        Settings unset = Settings.of(Map.of());
        assertThat(HotlineNode.agiSettings(unset)).isEqualTo(AgiServerSettings.defaults());
        assertThat(HotlineNode.webSettings(unset)).isEqualTo(WebSettings.defaults());
        assertThat(unset.string(SettingKey.HOTLINE_RECORDINGS)).isEqualTo(Hotline.DEFAULT_RECORDINGS);
    }
}
