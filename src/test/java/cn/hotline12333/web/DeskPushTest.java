package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisFixture;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeskPushTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private final ExecutorService io = Executors.newSingleThreadExecutor(); // one publisher, as DeskPush's own: notices keep their order

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private static void awaitSubscribed(Redis store, int nodes) {
        await().atMost(Duration.ofSeconds(5)).until(() ->
                ((java.util.List<?>) store.jedis().sendCommand(redis.clients.jedis.Protocol.Command.PUBSUB, "NUMSUB", DeskPush.CHANNEL)).get(1).equals((long) nodes));
    }

    @Test
    void aNoticePublishedOnOneNodeReachesTheAgentsDesktopOnAnother() throws Exception {
        try (DeskPush nodeA = new DeskPush(REDIS.redis(), io); DeskPush nodeB = new DeskPush(REDIS.redis(), io)) {
            awaitSubscribed(REDIS.redis(), 2);
            List<DeskPush.Notice> wang = new CopyOnWriteArrayList<>();
            List<DeskPush.Notice> li = new CopyOnWriteArrayList<>();
            nodeB.subscribe("wang", wang::add);
            nodeB.subscribe("li", li::add);

            nodeA.publish("wang", "work_order_due", Map.of("id", "GD20251013000001"));
            nodeA.publish(DeskPush.EVERYONE, "broadcast", Map.of("text", "10点开会"));

            await().atMost(Duration.ofSeconds(5)).until(() -> wang.size() == 2 && li.size() == 1);
            assertThat(wang.get(0).kind()).isEqualTo("work_order_due");
            assertThat(wang.get(0).body().path("id").asText()).isEqualTo("GD20251013000001");
            assertThat(li.get(0).kind()).isEqualTo("broadcast");
            assertThat(li.get(0).body().path("text").asText()).isEqualTo("10点开会");
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        try (DeskPush node = new DeskPush(REDIS.redis(), io)) {
            awaitSubscribed(REDIS.redis(), 1);
            List<DeskPush.Notice> heard = new CopyOnWriteArrayList<>();
            AutoCloseable handle = node.subscribe("wang", heard::add);
            node.publish("wang", "broadcast", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
            handle.close();
            List<DeskPush.Notice> other = new CopyOnWriteArrayList<>();
            node.subscribe("li", other::add);
            node.publish(DeskPush.EVERYONE, "broadcast", Map.of("n", 2));
            await().atMost(Duration.ofSeconds(5)).until(() -> other.size() == 1);
            assertThat(heard).hasSize(1);
        }
    }

    @Test
    void withoutRedisTheNoticeStillReachesThisNodesDesktops() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Redis gone = Redis.connect("redis://127.0.0.1:" + port); DeskPush node = new DeskPush(gone, io)) {
            List<DeskPush.Notice> heard = new CopyOnWriteArrayList<>();
            node.subscribe("wang", heard::add);
            node.publish("wang", "broadcast", Map.of("text", "数据服务不可用时也能收到"));
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
            assertThat(heard.get(0).body().path("text").asText()).isEqualTo("数据服务不可用时也能收到");
        }
    }

    @Test
    void anUnreadableMessageOnTheChannelIsIgnored() throws Exception {
        try (DeskPush node = new DeskPush(REDIS.redis(), io)) {
            awaitSubscribed(REDIS.redis(), 1);
            List<DeskPush.Notice> heard = new CopyOnWriteArrayList<>();
            node.subscribe("wang", heard::add);
            REDIS.redis().jedis().publish(DeskPush.CHANNEL, "{not json");
            node.publish("wang", "broadcast", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        }
    }
}
