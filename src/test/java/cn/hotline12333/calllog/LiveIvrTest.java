package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.store.RedisFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.resps.Tuple;

/** {@code live:ivr}: calls in the IVR now, kept by the call log's writer thread. */
class LiveIvrTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path journalDir;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStartedCallShowsWithItsStartTimeUntilItsRecordIsSubmitted() {
        String callId = run + "/1";
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, CallLogTest.QUICK, Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.callStarted(callId, NOW.minusSeconds(30));

            await().atMost(WAIT).until(() -> REDIS.redis().jedis().zscore(LiveIvr.KEY, callId) != null);
            assertThat(REDIS.redis().jedis().zscore(LiveIvr.KEY, callId))
                    .isEqualTo((double) NOW.minusSeconds(30).toEpochMilli());

            log.submit(FinishedCalls.selfService(callId));
            await().atMost(WAIT).until(() -> REDIS.redis().jedis().zscore(LiveIvr.KEY, callId) == null);
        }
    }

    @Test
    void entriesOlderThanTheMaximumAgeAreSweptAsADeadNodeLeftThem() {
        REDIS.redis().jedis().zadd(LiveIvr.KEY, Map.of(
                "dead-node/1", (double) NOW.minus(Duration.ofHours(7)).toEpochMilli(),
                "live-node/2", (double) NOW.minus(Duration.ofHours(1)).toEpochMilli()));
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, CallLogTest.QUICK, Clock.fixed(NOW, ZoneOffset.UTC))) {
            await().atMost(WAIT).until(() -> REDIS.redis().jedis().zscore(LiveIvr.KEY, "dead-node/1") == null);
        }
        assertThat(REDIS.redis().jedis().zrangeWithScores(LiveIvr.KEY, 0, -1)).extracting(Tuple::getElement)
                .containsExactly("live-node/2");
    }

    @Test
    void aChangeIsAnnouncedOnTheLiveChannel() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                heard.add(channel + " " + message);
            }
        };
        Thread subscriber = new Thread(() -> REDIS.redis().jedis().subscribe(listener, LiveIvr.CHANNEL));
        subscriber.start();
        try (CallLog log = new CallLog(REDIS.redis(), journalDir, CallLogTest.QUICK, Clock.fixed(NOW, ZoneOffset.UTC))) {
            await().atMost(WAIT).until(() -> listener.getSubscribedChannels() == 1);
            log.callStarted(run + "/2", NOW);
            await().atMost(WAIT).until(() -> heard.contains("live live:ivr"));
        } finally {
            listener.unsubscribe();
            subscriber.join(5_000);
        }
    }

    @Test
    void aCallThatStartsAndEndsBetweenTwoFlushesNeverShows() {
        LiveIvr live = new LiveIvr(REDIS.redis().jedis(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(6));
        live.started(run + "/3", NOW.toEpochMilli());
        live.ended(run + "/3");
        live.started(run + "/4", NOW.toEpochMilli());

        live.flush();

        assertThat(REDIS.redis().jedis().zscore(LiveIvr.KEY, run + "/3")).isNull();
        assertThat(REDIS.redis().jedis().zscore(LiveIvr.KEY, run + "/4")).isNotNull();
        live.ended(run + "/4");
        live.flush();
        assertThat(REDIS.redis().jedis().zscore(LiveIvr.KEY, run + "/4")).isNull();
    }
}
