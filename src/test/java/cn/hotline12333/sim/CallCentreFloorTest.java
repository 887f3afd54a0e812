package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.store.RedisFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.net.URI;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/** The simulated floor against a real Redis: the live keys it keeps and the records it writes. */
class CallCentreFloorTest {

    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_795_446_500_000L;
    private static final String Q = "hotline-general";

    @TempDir
    Path journal;

    private CallCentreFloor floor(CallLog log, long seed) {
        // wrap-ups of 10–60 model seconds last 10–60 ms here
        CallCentreFloor floor = new CallCentreFloor(REDIS.redis().jedis(), log,
                new CallCentreFloor.Plan(Map.of(Q, 2), seed, 0.001, "sim"), () -> T0);
        floor.start();
        return floor;
    }

    private static JsonNode agent(String name) throws Exception {
        String value = REDIS.redis().jedis().hget(LiveFloorKeys.AGENTS, name);
        return value == null ? null : JSON.readTree(value);
    }

    private static List<StreamEntry> stream(String name) {
        return REDIS.redis().jedis().xrange(name, (StreamEntryID) null, null, 1000);
    }

    private static void answeredCall(CallCentreFloor floor, String uniqueId, String agent, long at) {
        floor.callerJoined(Q, uniqueId, "13800138000", 1, at);
        floor.agentRung(Q, uniqueId, agent, at + 2_000);
        floor.agentConnected(Q, uniqueId, agent, "1795446555.2", 5, 3, at + 5_000);
        floor.callCompleted(Q, uniqueId, agent, 5, 120, 1, true, at + 125_000);
    }

    @Test
    void agentsStartReadyAndFollowTheCallWhileTheQueueKeyHoldsTheWaitingCaller() throws Exception {
        try (CallLog log = new CallLog(REDIS.redis(), journal); CallCentreFloor floor = floor(log, 7)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent(Q + "-agent-2") != null);
            JsonNode ready = agent(Q + "-agent-1");
            assertThat(ready.get("state").asText()).isEqualTo("ready");
            assertThat(ready.get("since").asLong()).isEqualTo(T0);
            assertThat(ready.get("queues").get(0).asText()).isEqualTo(Q);
            assertThat(ready.get("reason").isNull()).isTrue();
            assertThat(ready.get("phone").asText()).isEqualTo("ok");

            floor.callerJoined(Q, "1795446554.1", "13800138000", 1, T0 + 1_000);
            floor.agentRung(Q, "1795446554.1", Q + "-agent-1", T0 + 2_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> "ringing".equals(agent(Q + "-agent-1").get("state").asText()));
            assertThat(REDIS.redis().jedis().zscore(LiveFloorKeys.queueKey(Q), "1795446554.1")).isEqualTo(T0 + 1_000.0);

            floor.agentConnected(Q, "1795446554.1", Q + "-agent-1", "1795446555.2", 1, 1, T0 + 3_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> "on_call".equals(agent(Q + "-agent-1").get("state").asText()));
            assertThat(REDIS.redis().jedis().exists(LiveFloorKeys.queueKey(Q))).as("emptied set deleted").isFalse();

            floor.callerJoined(Q, "1795446562.5", null, 1, T0 + 4_000);
            floor.callerAbandoned(Q, "1795446562.5", 1, 1, 5, T0 + 9_000);
            floor.callerJoined(Q, "1795446571.9", null, 1, T0 + 4_000);
            floor.callerTimedOut(Q, "1795446571.9", 1, 1, 20, T0 + 24_000);
            floor.taskOpened("callback");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "1".equals(REDIS.redis().jedis().hget(LiveFloorKeys.PENDING, "callback")));
            assertThat(REDIS.redis().jedis().exists(LiveFloorKeys.queueKey(Q))).isFalse();
        }
    }

    @Test
    void eachAnsweredCallLeavesOneHandlingRecordWhenItsWrapUpEndsAndTheStretchesAsSegments() throws Exception {
        try (CallLog log = new CallLog(REDIS.redis(), journal); CallCentreFloor floor = floor(log, 7)) {
            answeredCall(floor, "1795446554.1", Q + "-agent-1", T0 + 10_000);
            answeredCall(floor, "1795446554.3", Q + "-agent-2", T0 + 11_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream(HandlingRecord.STREAM).size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> !"wrap_up".equals(agent(Q + "-agent-1").get("state").asText()));
        }
        List<StreamEntry> handling = stream(HandlingRecord.STREAM);
        assertThat(handling).extracting(e -> e.getFields().get("id")).containsExactlyInAnyOrder(
                "sim/1795446554.1/hotline-general-agent-1/1#1", "sim/1795446554.3/hotline-general-agent-2/1#1");
        JsonNode first = JSON.readTree(handling.stream().filter(e -> e.getFields().get("id").contains("agent-1"))
                .findFirst().orElseThrow().getFields().get("json"));
        assertThat(first.get("call_id").asText()).isEqualTo("sim/1795446554.1");
        assertThat(first.get("talk_ms").asLong()).isEqualTo(120_000);
        assertThat(first.get("wrapup_ms").asLong()).isBetween(10L, 61L); // 10–60 model s at scale 0.001
        assertThat(first.get("wrapup_code").asText()).isNotBlank();

        List<String> agentOne = stream(AgentStateSegment.STREAM).stream().map(e -> e.getFields().get("json"))
                .filter(j -> j.contains("hotline-general-agent-1\""))
                .map(j -> {
                    try {
                        return JSON.readTree(j).get("state").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(agentOne).startsWith("ready", "ringing", "on_call", "wrap_up");
    }

    @Test
    void ringsThatRanOutBeforeTheAnswerAreCountedInTheAnsweringAgentsHandlingRecord() throws Exception {
        try (CallLog log = new CallLog(REDIS.redis(), journal); CallCentreFloor floor = floor(log, 7)) {
            String caller = "1795446554.1";
            floor.callerJoined("hotline-pension", caller, "13800138000", 1, T0);
            floor.callerTimedOut("hotline-pension", caller, 1, 1, 90, T0 + 90_000); // the overflow to general
            floor.callerJoined(Q, caller, "13800138000", 1, T0 + 91_000);
            floor.agentRung(Q, caller, Q + "-agent-2", T0 + 92_000);
            floor.ringNoAnswer(Q, caller, Q + "-agent-2", 15_000, T0 + 107_000);
            floor.agentRung(Q, caller, Q + "-agent-1", T0 + 107_000);
            floor.ringNoAnswer(Q, caller, Q + "-agent-1", 15_000, T0 + 122_000);
            answeredCall(floor, caller, Q + "-agent-2", T0 + 122_000);
            // another caller whose ring ran out and who then hung up: nothing carried over to anyone
            floor.callerJoined(Q, "1795446554.9", null, 1, T0 + 200_000);
            floor.agentRung(Q, "1795446554.9", Q + "-agent-1", T0 + 200_000);
            floor.ringNoAnswer(Q, "1795446554.9", Q + "-agent-1", 15_000, T0 + 215_000);
            floor.callerAbandoned(Q, "1795446554.9", 1, 1, 16, T0 + 216_000);
            answeredCall(floor, "1795446554.3", Q + "-agent-1", T0 + 300_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream(HandlingRecord.STREAM).size() == 2);
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (StreamEntry e : stream(HandlingRecord.STREAM)) {
            JsonNode r = JSON.readTree(e.getFields().get("json"));
            counts.put(r.get("call_id").asText() + " " + r.get("agent").asText(), r.get("ring_no_answer").asInt());
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("sim/1795446554.1 " + Q + "-agent-2", 2,
                "sim/1795446554.3 " + Q + "-agent-1", 0));
    }

    @Test
    void wrapUpsMostlyNameTheIvrTopicAndSometimesAnother() {
        java.util.SplittableRandom draws = new java.util.SplittableRandom(11);
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            String code = CallCentreFloor.wrapupCode("wage_arrears", draws);
            assertThat(CallCentreFloor.WRAPUP_CODES).contains(code);
            same += code.startsWith("wage_arrears.") ? 1 : 0;
        }
        // 88 % routed right, plus the misrouted draws that land on the same topic by chance (12 % of 1/14)
        assertThat(same).isBetween(8_700, 9_100);
        assertThat(CallCentreFloor.wrapupCode(null, new java.util.SplittableRandom(3))).isIn(CallCentreFloor.WRAPUP_CODES);
    }

    @Test
    void oneSeedGivesOneFloor() throws Exception {
        List<String> first = wrapUps(42);
        REDIS.redis().jedis().flushAll();
        assertThat(wrapUps(42)).isEqualTo(first);
    }

    @Test
    void everyChangeIsNoticedOnTheLiveChannelByTheKeysName() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                notices.add(message);
            }
        };
        try (UnifiedJedis subscriber = new UnifiedJedis(URI.create(REDIS.server().url()))) {
            Thread listening = new Thread(() -> subscriber.subscribe(listener, LiveFloorKeys.CHANNEL));
            listening.setDaemon(true);
            listening.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::isSubscribed);
            try (CallLog log = new CallLog(REDIS.redis(), journal); CallCentreFloor floor = floor(log, 7)) {
                floor.callerJoined(Q, "1795446554.1", "13800138000", 1, T0 + 1_000);
                floor.agentRung(Q, "1795446554.1", Q + "-agent-1", T0 + 2_000);
                floor.taskOpened("message");
                await().atMost(Duration.ofSeconds(10)).until(() -> notices.contains(LiveFloorKeys.PENDING));
            }
            listener.unsubscribe();
            listening.join(10_000);
        }
        assertThat(notices).contains(LiveFloorKeys.AGENTS, LiveFloorKeys.queueKey(Q), LiveFloorKeys.PENDING);
        assertThat(notices.stream().filter(LiveFloorKeys.AGENTS::equals).count()).as("2 ready, 1 ringing")
                .isGreaterThanOrEqualTo(3);
    }

    private List<String> wrapUps(long seed) throws Exception {
        try (CallLog log = new CallLog(REDIS.redis(), journal.resolve("s" + seed + System.nanoTime()));
             CallCentreFloor floor = floor(log, seed)) {
            for (int call = 0; call < 6; call++) {
                answeredCall(floor, "1795446600." + call, Q + "-agent-" + (1 + call % 2), T0 + call * 1_000_000L);
                int done = call + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> stream(HandlingRecord.STREAM).size() == done);
            }
        }
        return stream(HandlingRecord.STREAM).stream().map(e -> {
            try {
                JsonNode r = JSON.readTree(e.getFields().get("json"));
                return r.get("handling_id").asText() + " " + r.get("wrapup_code").asText() + " "
                        + r.get("resolution").asText();
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }).sorted().toList();
    }
}
