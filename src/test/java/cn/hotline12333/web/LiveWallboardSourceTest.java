package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.stats.Kpi;
import cn.hotline12333.store.RedisFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiveWallboardSourceTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @Test
    void theLiveKeysBecomeCountsPerQueueAndInTotal() {
        var jedis = REDIS.redis().jedis();
        jedis.zadd("live:ivr", 1000, "it/1");
        jedis.zadd("live:ivr", 2000, "it/2");
        jedis.zadd("live:queue:hotline-pension", 5000, "1795400000.7");
        jedis.zadd("live:queue:hotline-pension", 4000, "1795400000.6");
        jedis.zadd("live:queue:labour-inspection", 3000, "1795400000.5");
        jedis.hset("live:agents", Map.of(
                "Agent 1001", "{\"state\":\"ready\",\"queues\":[\"hotline-pension\"],\"phone\":\"ok\"}",
                "Agent 1002", "{\"state\":\"not_ready\",\"reason\":\"用餐\",\"queues\":[\"hotline-pension\",\"hotline-general\",\"x.y\"]}",
                "Agent 1003", "{\"state\":\"ready\",\"queues\":[\"hotline-general\"],\"phone\":\"offline\"}",
                "Agent 1004", "{\"state\":\"logged_out\",\"queues\":[]}",
                "Agent 1005", "not json"));
        jedis.hset("live:pending", Map.of("callback", "4"));
        Kpi sl = Kpi.of(8, 10, true);

        Map<String, Object> f = new LiveWallboardSource(REDIS.redis(),
                () -> List.of("hotline-general", "hotline-pension", "labour-inspection"),
                () -> Map.of("total.today.sl", sl)).figures();

        assertThat(f).containsEntry("total.ivr", 2L)
                .containsEntry("q.hotline-pension.waiting", 2L)
                .containsEntry("q.hotline-pension.longestSince", 4000L)
                .containsEntry("q.hotline-general.waiting", 0L)
                .doesNotContainKey("q.hotline-general.longestSince")
                .containsEntry("total.waiting", 3L)
                .containsEntry("total.longestSince", 3000L)
                .containsEntry("total.agents.ready", 1L)
                .containsEntry("total.agents.offline", 1L)
                .containsEntry("total.agents.not_ready", 1L)
                .containsEntry("q.hotline-pension.agents.ready", 1L)
                .containsEntry("q.hotline-general.agents.not_ready", 1L)
                .containsEntry("q.hotline-general.agents.offline", 1L)
                .containsEntry("total.notReady.用餐", 1L)
                .containsEntry("total.pending.callback", 4L)
                .containsEntry("total.pending.message", 0L)
                .containsEntry("total.today.sl", sl)
                .doesNotContainKey("q.x.y.agents.not_ready");
    }
}
