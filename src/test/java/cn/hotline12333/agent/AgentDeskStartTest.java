package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The desk as a node starts it, with Redis and without an Asterisk to talk to. */
class AgentDeskStartTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void withoutAnAmiLinkALoginIsRefusedWithTheReasonAndTheViewReachesRedis() throws Exception {
        List<AgentStateSegment> segments = new CopyOnWriteArrayList<>();
        List<HandlingRecord> handling = new CopyOnWriteArrayList<>();
        try (AgentDesk desk = AgentDesk.start(REDIS.redis(), AgentSettings.defaults(), segments::add, handling::add,
                Clock.systemUTC(), "node-a")) {
            LoginResult r = desk.login("1001", "6001", "tab-a", "here", false).join();
            assertThat(r).isInstanceOf(LoginResult.LoggedIn.class);
            AgentSnapshot s = desk.snapshot("1001").join();
            assertThat(s.refused()).isEqualTo("AMI link not configured");
            assertThat(s.state()).isEqualTo(AgentState.LOGGED_OUT);
            await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.redis().jedis().hget("agent:views", "1001") != null);
        }
    }
}
