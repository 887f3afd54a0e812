package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeskRegistryTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void aLogoutSeenBeforeALoginDoesNotFreeThatLogin() {
        DeskRegistry registry = new DeskRegistry(REDIS.redis());
        registry.bind("1001", "6001", "tab-b", "here", false, 2_000);

        assertThat(registry.release("1001", null, 1_999)).as("logged out before the new login was bound").isFalse();
        assertThat(registry.desktop("1001")).isNotNull();
        assertThat(registry.release("1001", null, 2_000)).isTrue();
        assertThat(registry.desktop("1001")).isNull();
        assertThat(REDIS.redis().jedis().hget(DeskRegistry.EXTENSIONS, "6001")).isNull();
    }

    @Test
    void withoutATimeAnyDeskOfTheAgentIsFreedAndWithADeskOnlyThatOne() {
        DeskRegistry registry = new DeskRegistry(REDIS.redis());
        registry.bind("1002", "6002", "tab-a", "here", false, 5_000);

        assertThat(registry.release("1002", "tab-x")).isFalse();
        assertThat(registry.release("1002", null)).isTrue();
        assertThat(registry.desktop("1002")).isNull();
    }
}
