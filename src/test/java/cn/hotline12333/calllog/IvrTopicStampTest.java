package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisFixture;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IvrTopicStampTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    private static HandlingRecord handled(String callId) {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:01:00+08:00");
        return new HandlingRecord(HandlingRecord.VERSION, callId + "/1001/1", 1, callId, "7", "1001", "hotline-general",
                at, at.plusSeconds(5), at.plusSeconds(120), 0, 115_000, 20_000, "pension.payment",
                HandlingRecord.Resolution.ANSWERED, null, List.of(), 0, at.plusSeconds(140));
    }

    @Test
    void aHandlingRecordGoesOnWithTheTopicOfItsCallsContextAndInOrder() throws Exception {
        CallContexts contexts = new CallContexts(REDIS.redis().jedis(), CLOCK);
        contexts.store(CallContextsTest.context("pbx-bj-1/7", "h1"));
        List<HandlingRecord> out = new CopyOnWriteArrayList<>();
        try (IvrTopicStamp stamp = new IvrTopicStamp(contexts, out::add)) {
            stamp.accept(handled("pbx-bj-1/7"));
            stamp.accept(handled("pbx-bj-1/404"));
            stamp.accept(handled(null));
            await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 3);
        }
        assertThat(out).extracting(HandlingRecord::ivrTopic).containsExactly("pension", null, null);
        assertThat(out).extracting(HandlingRecord::callId).containsExactly("pbx-bj-1/7", "pbx-bj-1/404", null);
    }

    @Test
    void withoutRedisTheRecordStillGoesOnWithoutATopic() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<HandlingRecord> out = new CopyOnWriteArrayList<>();
        try (Redis gone = Redis.connect("redis://127.0.0.1:" + port);
             IvrTopicStamp stamp = new IvrTopicStamp(new CallContexts(gone.jedis(), CLOCK), out::add)) {
            stamp.accept(handled("pbx-bj-1/7"));
            await().atMost(Duration.ofSeconds(10)).until(() -> out.size() == 1);
        }
        assertThat(out.get(0).ivrTopic()).isNull();
        assertThat(out.get(0).handlingId()).isEqualTo("pbx-bj-1/7/1001/1");
    }
}
