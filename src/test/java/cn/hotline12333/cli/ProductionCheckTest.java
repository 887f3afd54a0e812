package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CitizenSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve against an external Redis refuses the demo's users and secrets, naming each key; the embedded demo runs. */
class ProductionCheckTest {
    private static final String ID_KEY = "a-production-id-key-of-at-least-32-chars";
    private static final String PEPPER = "a-production-pin-pepper-of-at-least-32-chars";

    @TempDir
    Path dir;

    private Settings external(Map<String, String> extra) {
        // nothing listens on port 1: the check must refuse before any connection is tried
        Map<String, String> s = new HashMap<>(Map.of("REDIS_URL", "redis://127.0.0.1:1", "AGI_PORT", "0",
                "WEB_PORT", "0", "HOTLINE_JOURNAL", dir.resolve("journal").toString()));
        s.putAll(extra);
        return Settings.of(s);
    }

    private Path usersFile(String password) throws Exception {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n  - name: agent\n    password_hash: \""
                + BCrypt.withDefaults().hashToString(4, password.toCharArray()) + "\"\n    role: agent\n");
        return file;
    }

    @Test
    void externalRedisWithEveryDemoDefaultIsRefusedNamingEachKey() {
        assertThatThrownBy(() -> HotlineNode.start(external(Map.of()), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDIS_URL is set")
                .hasMessageContaining("HOTLINE_USERS is unset")
                .hasMessageContaining("HOTLINE_ID_KEY is unset")
                .hasMessageContaining("HOTLINE_PIN_PEPPER is unset")
                .hasMessageContaining("HOTLINE_CALLER_HASH_KEY is unset")
                .hasMessageContaining("HOTLINE_DEMO=true");
    }

    @Test
    void theBuiltInDemoValuesAndDemoPasswordsCountAsUnset() throws Exception {
        Settings s = external(Map.of("HOTLINE_ID_KEY", CitizenSecrets.DEMO_ID_KEY, "HOTLINE_PIN_PEPPER", PEPPER,
                "HOTLINE_CALLER_HASH_KEY", cn.hotline12333.ivr.CallerHash.DEMO_KEY,
                "HOTLINE_USERS", usersFile("agent-12333").toString(), "HOTLINE_DEMO_DATA", "true"));
        assertThatThrownBy(() -> HotlineNode.start(s, Clock.systemUTC()))
                .hasMessageContaining("HOTLINE_ID_KEY is the built-in demo value")
                .hasMessageContaining("HOTLINE_USERS: user agent has the demo password")
                .hasMessageContaining("HOTLINE_DEMO_DATA is true")
                .hasMessageContaining("HOTLINE_CALLER_HASH_KEY is the built-in demo value")
                .message().doesNotContain("HOTLINE_PIN_PEPPER").doesNotContain(PEPPER);
    }

    @Test
    void sentinelsCountAsExternalToo() {
        Settings s = Settings.of(Map.of("REDIS_SENTINELS", "127.0.0.1:1", "REDIS_MASTER", "hotline"));
        assertThatThrownBy(() -> HotlineNode.start(s, Clock.systemUTC()))
                .hasMessageContaining("REDIS_SENTINELS is set").hasMessageContaining("HOTLINE_ID_KEY");
    }

    @Test
    void productionSettingsPassTheCheck() throws Exception {
        Settings s = external(Map.of("HOTLINE_ID_KEY", ID_KEY, "HOTLINE_PIN_PEPPER", PEPPER,
                "HOTLINE_CALLER_HASH_KEY", "a-production-caller-hash-key-of-32-chars",
                "HOTLINE_USERS", usersFile("a-real-long-password").toString()));
        assertThat(ProductionCheck.enforce(s, redis(s), cn.hotline12333.web.Users.load(Path.of(s.string("HOTLINE_USERS", null)))))
                .isEmpty();
    }

    @Test
    void anExplicitDemoFlagOrTheEmbeddedRedisOnlyWarns() {
        Settings demo = external(Map.of("HOTLINE_DEMO", "true"));
        assertThat(ProductionCheck.enforce(demo, redis(demo), cn.hotline12333.web.Users.demo()))
                .anyMatch(p -> p.startsWith("HOTLINE_USERS")).anyMatch(p -> p.startsWith("HOTLINE_PIN_PEPPER"));
        Settings embedded = Settings.of(Map.of());
        assertThat(ProductionCheck.enforce(embedded, redis(embedded), cn.hotline12333.web.Users.demo()))
                .hasSize(5);
    }

    @Test
    void aShortSecretStopsTheStartWhateverTheRedis() {
        assertThatThrownBy(() -> HotlineNode.start(Settings.of(Map.of("HOTLINE_PIN_PEPPER", "short")), Clock.systemUTC()))
                .hasMessageContaining("HOTLINE_PIN_PEPPER must be at least 32 characters");
    }

    private static cn.hotline12333.store.RedisSettings redis(Settings s) {
        return new cn.hotline12333.store.RedisSettings(s.string(cn.hotline12333.config.SettingKey.REDIS_URL),
                s.list(cn.hotline12333.config.SettingKey.REDIS_SENTINELS),
                s.string(cn.hotline12333.config.SettingKey.REDIS_MASTER), 4, 0);
    }
}
