package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisViewsTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void aViewSurvivesTheRoundTripAndLiveAgentsShowsIt() {
        FloorFixture f = new FloorFixture();
        AgentView v = f.ready("1001", "6001");
        f.fact("1001", Trigger.call(Trigger.Kind.AGENT_CALLED, "u1", "hotline-general").caller("13800000000"));
        f.floor.desk("1001", Trigger.of(Trigger.Kind.LOGOUT));
        try (RedisViews views = new RedisViews(REDIS.redis())) {
            views.save(v);
            assertThat(views.flush()).isTrue();
            AgentView back = views.loadAll().iterator().next();
            assertThat(back.state).isEqualTo(AgentState.RINGING);
            assertThat(back.pendingLogout).isTrue();
            assertThat(back.iface).isEqualTo("PJSIP/6001");
            assertThat(back.call.uniqueId).isEqualTo("u1");
            assertThat(back.call.caller).as("the caller's number stays out of Redis").isNull();
            assertThat(REDIS.redis().jedis().hget("live:agents", "1001"))
                    .contains("\"state\":\"ringing\"", "\"extension\":\"6001\"", "\"phone\":\"ok\"")
                    .doesNotContain("13800000000");
        }
    }

    @Test
    void redisDownMarksTheAgentUnsavedUntilItIsBack() {
        FloorFixture f = new FloorFixture();
        AgentView v = f.ready("1001", "6001");
        try (RedisViews views = new RedisViews(REDIS.redis())) {
            REDIS.redis().jedis().set(RedisViews.LIVE, "not a hash");
            views.save(v);
            assertThat(views.flush()).isFalse();
            assertThat(views.unsaved("1001")).isTrue();
            REDIS.redis().jedis().del(RedisViews.LIVE);
            assertThat(views.flush()).isTrue();
            assertThat(views.unsaved("1001")).isFalse();
        }
    }
}
