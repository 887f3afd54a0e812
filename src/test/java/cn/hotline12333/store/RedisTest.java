package cn.hotline12333.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisTest {

    @Test
    void embeddedDefaultIsARealRedisServerProcess() {
        try (Redis redis = Redis.connect(RedisSettings.embedded())) {
            assertThat(redis.embedded()).isNotNull();
            redis.jedis().set("k", "v");
            assertThat(redis.jedis().get("k")).isEqualTo("v");
            // A real server answers INFO with its own version; a map pretending to be Redis would not.
            Object info = redis.jedis().sendCommand(Command.INFO, "server");
            assertThat(new String((byte[]) info, java.nio.charset.StandardCharsets.UTF_8)).contains("redis_version:");
            assertThat(redis.description()).isEqualTo("embedded");
        }
    }

    @Test
    void embeddedServerKeepsOnlySmallHashesPacked() {
        try (Redis redis = Redis.connect(RedisSettings.embedded())) {
            for (int i = 0; i < EmbeddedRedis.HASH_MAX_PACKED_ENTRIES; i++) {
                redis.jedis().hset("small", "f" + i, "1");
            }
            assertThat(redis.jedis().objectEncoding("small")).isIn("ziplist", "listpack");
            redis.jedis().hset("small", "one-more", "1");
            assertThat(redis.jedis().objectEncoding("small")).isEqualTo("hashtable");
        }
    }

    @Test
    void stoppedServerFailsCallsAndRestartedServerServesAgain() {
        try (EmbeddedRedis server = EmbeddedRedis.start(); Redis redis = Redis.connect(server.url())) {
            redis.jedis().set("before", "1");
            server.stop();
            assertThatThrownBy(() -> redis.jedis().get("before")).isInstanceOf(JedisConnectionException.class);
            server.restart();
            redis.jedis().set("after", "2");
            assertThat(redis.jedis().get("after")).isEqualTo("2");
        }
    }

    @Test
    void settingsRefuseBadValuesAndHidePasswords() {
        assertThatThrownBy(() -> new RedisSettings("http://x:1", List.of(), null, 8, 0))
                .hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> new RedisSettings(null, List.of("h:1"), null, 8, 0))
                .hasMessageContaining("master");
        assertThatThrownBy(() -> new RedisSettings(null, List.of(), null, 0, 0))
                .hasMessageContaining("max connections");
        RedisSettings s = new RedisSettings("redis://user:secret@db.example:6380/2", List.of(), null, 8, 0);
        assertThat(s.describe()).doesNotContain("secret").contains("db.example:6380");
        assertThat(s.isEmbedded()).isFalse();
    }

    @Test
    void urlCarriesPasswordAndDatabase() {
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            try (Redis admin = Redis.connect(server.url())) {
                admin.jedis().sendCommand(Command.CONFIG, "SET", "requirepass", "s3cret");
            }
            try (Redis redis = Redis.connect("redis://:s3cret@127.0.0.1:" + server.port() + "/3")) {
                redis.jedis().set("x", "in-db-3");
                assertThat(redis.jedis().get("x")).isEqualTo("in-db-3");
            }
        }
    }
}
