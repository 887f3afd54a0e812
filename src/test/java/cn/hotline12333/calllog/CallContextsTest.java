package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallContextsTest extends OwnRedis {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CallContexts.class);

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(null);
    }

    static CallContext context(String callId, String callerHash) {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:00:05+08:00");
        return new CallContext(CallContext.VERSION, callId, "pbx-bj-1", callId.substring(callId.indexOf('/') + 1),
                callerHash, "138****5678", "hotline", List.of("主菜单", "社会保险", "养老", "查询本月养老金", "人工"),
                List.of("pension"), List.of(new CallContext.Service("pension_payment", true, "养老金到账查询：成功")),
                "1101**********0010", "hotline-general", at, at.plusSeconds(40));
    }

    private List<String> lines(String event) {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(l -> l.startsWith("event=" + event + " ")).toList();
    }

    @Test
    void aStoredContextIsReadBackWithItsExpiryAndPopsForAgentCalled() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());
        CallContext c = context("pbx-bj-1/1732259050.17", "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f");

        assertThat(contexts.store(c)).isTrue();

        assertThat(contexts.read(c.callId()).context()).isEqualTo(c);
        long ttl = redis.jedis().pttl("callctx:pbx-bj-1/1732259050.17");
        assertThat(ttl).isGreaterThan(Duration.ofHours(5).toMillis()).isLessThanOrEqualTo(CallContexts.TTL.toMillis());
        // AMI's AgentCalled names only the Uniqueid: it finds the call id, with the same expiry
        assertThat(contexts.callIdOf("1732259050.17")).isEqualTo("pbx-bj-1/1732259050.17");
        assertThat(redis.jedis().pttl("callctx:uid:1732259050.17")).isPositive();
        assertThat(contexts.callIdOf("1.1")).isNull();
        CallContexts.ScreenPop pop = contexts.pop("pbx-bj-1", "1732259050.17", "13812345678", "hotline-general");
        assertThat(pop.fromIvr()).isTrue();
        assertThat(pop.path()).isEqualTo("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
        assertThat(pop.selfService()).containsExactly("养老金到账查询：成功");
        assertThat(pop.citizenId()).isEqualTo("1101**********0010");
        assertThat(pop.callerNumber()).isEqualTo("13812345678");
    }

    @Test
    void aCallQueuedWithoutContextPopsNumberAndQueueWithNoIvrInformation() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());

        CallContexts.ScreenPop pop = contexts.pop("pbx-bj-1", "1732259050.99", "13812345678", "hotline-pension");

        assertThat(pop.fromIvr()).isFalse();
        assertThat(pop.path()).isEqualTo("无IVR信息");
        assertThat(pop.queue()).isEqualTo("hotline-pension");
        assertThat(pop.callerNumber()).isEqualTo("13812345678");
        assertThat(pop.topics()).isEmpty();
    }

    @Test
    void anOfferIsNotedOnTheCallAndLetsTheAgentReadThatCallersHistory() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());
        CallContext c = context("pbx-bj-1/1732259050.17", "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f");
        contexts.store(c);

        contexts.offered(c.callId(), "agent");

        CallContexts.Found found = contexts.read(c.callId());
        assertThat(found.offeredTo("agent")).isTrue();
        assertThat(found.offeredTo("agent2")).isFalse();
        assertThat(contexts.rang("agent", c.callerHash())).isTrue();
        assertThat(contexts.rang("agent2", c.callerHash())).isFalse();
        assertThat(contexts.rang("agent", "00000000000000000000000000000000")).isFalse();
        // an offer of a call without context: noted, with an expiry, and no caller to read
        contexts.offered("pbx-bj-1/1.2", "agent");
        assertThat(contexts.read("pbx-bj-1/1.2").context()).isNull();
        assertThat(contexts.read("pbx-bj-1/1.2").offeredTo("agent")).isTrue();
        assertThat(redis.jedis().pttl("callctx:pbx-bj-1/1.2")).isPositive();
    }

    @Test
    void anOfferInOneRoundTripFindsTheCallNotesTheOfferAndPopsItsContext() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());
        CallContext c = context("pbx-bj-1/1732259050.17", "9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f");
        contexts.store(c);

        CallContexts.ScreenPop pop = contexts.offer("asterisk@other", "1732259050.17", "13812345678",
                "hotline-general", "agent");

        // the call id is the stored one, not the fallback's
        assertThat(pop.callId()).isEqualTo("pbx-bj-1/1732259050.17");
        assertThat(pop).isEqualTo(contexts.pop("pbx-bj-1", "1732259050.17", "13812345678", "hotline-general"));
        assertThat(contexts.read(c.callId()).offeredTo("agent")).isTrue();
        assertThat(contexts.rang("agent", c.callerHash())).isTrue();
        assertThat(contexts.rang("agent2", c.callerHash())).isFalse();
        assertThat(redis.jedis().pttl("callctx:pbx-bj-1/1732259050.17"))
                .isGreaterThan(Duration.ofHours(5).toMillis());
    }

    @Test
    void anOfferOfACallWithoutContextPopsNoIvrUnderTheFallbackIdAndStillExpires() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());

        CallContexts.ScreenPop pop = contexts.offer("asterisk@pbx", "1.2", "13812345678", "hotline-pension", "agent");

        assertThat(pop.callId()).isEqualTo("asterisk@pbx/1.2");
        assertThat(pop.fromIvr()).isFalse();
        assertThat(pop.path()).isEqualTo(CallContext.NO_IVR);
        assertThat(pop.queue()).isEqualTo("hotline-pension");
        assertThat(contexts.read("asterisk@pbx/1.2").offeredTo("agent")).isTrue();
        assertThat(redis.jedis().pttl("callctx:asterisk@pbx/1.2")).isPositive();
        assertThat(redis.jedis().exists("callctx:rang:agent")).isFalse();
    }

    @Test
    void withRedisDownStoringNeverThrowsLogsOnceAndResumesWhenRedisIsBack() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC(), Duration.ZERO);
        embedded.stop();
        try {
            assertThat(contexts.store(context("pbx-bj-1/1.1", null))).isFalse();
            assertThat(contexts.store(context("pbx-bj-1/1.2", null))).isFalse();
            assertThat(lines("call_context_not_stored")).hasSize(1);
            assertThat(contexts.pop("pbx-bj-1", "1.1", "13812345678", "q").path()).isEqualTo(CallContext.NO_IVR);
        } finally {
            embedded.restart();
        }
        // a pooled connection broken by the restart may fail once more; then it is stored, and said so once
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> contexts.store(context("pbx-bj-1/1.3", null)));
        assertThat(lines("call_context_stored_again")).hasSize(1);
        assertThat(contexts.read("pbx-bj-1/1.3").context()).isNotNull();
    }

    @Test
    void afterAFailureRedisIsLeftAloneForAWhileSoQueuedCallersAreNotHeldUp() {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC(), Duration.ofHours(1));
        embedded.stop();
        try {
            assertThat(contexts.store(context("pbx-bj-1/1.1", null))).isFalse();
        } finally {
            embedded.restart();
        }
        // Redis answers again, but the quiet time is not over: skipped without a round trip
        assertThat(contexts.store(context("pbx-bj-1/1.2", null))).isFalse();
        assertThat(lines("call_context_not_stored")).hasSize(1);
    }
}
