package cn.hotline12333.config;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Gives logback.xml a setting (its {@code key}) as the commands see it: the environment over the properties file,
 * else the {@link SettingKey} default. Logback starts before any command reads its settings, so it reads them
 * itself; a settings file it cannot read leaves the default here, and the command then stops with the reason.
 */
public final class LogSetting extends PropertyDefinerBase {
    private SettingKey key;

    /** Called by Logback for {@code <key>HOTLINE_LOG_DIR</key>}. */
    public void setKey(String name) {
        this.key = SettingKey.valueOf(name);
    }

    @Override
    public String getPropertyValue() {
        try {
            return Settings.load(System.getenv()).string(key);
        } catch (IllegalArgumentException e) {
            return key.fallback();
        }
    }
}
