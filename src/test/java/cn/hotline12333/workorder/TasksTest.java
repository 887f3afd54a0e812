package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TasksTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final Actor ANN = new Actor("ann", false);
    private static final Actor BOB = new Actor("bob", false);
    private final List<FollowUpRecord> records = new CopyOnWriteArrayList<>();

    @TempDir
    Path journal;

    static CallRecord call(String id, Outcome outcome) {
        OffsetDateTime at = OffsetDateTime.parse("2025-09-26T19:00+08:00");
        return CallRecord.builder().version(2).callId("pbx-bj-1/" + id).asteriskSystem("pbx-bj-1").uniqueId(id)
                .serverNode("node-a").flow("hotline").flowVersion("1").callerNumber("13800138000")
                .callerHash("9c1f0a5e27b84d3c6e0f1a2b3c4d5e6f").dialledNumber("12333").channel("PJSIP/trunk-1")
                .startedAt(at).endedAt(at.plusMinutes(2)).durationMs(120_000).topics(List.of("wage"))
                .inputs(List.of(new CallRecord.Input("callback_number", "phone", "13900139000", true)))
                .outcome(outcome).hungUpBy(CallRecord.HungUpBy.IVR).queue("hotline-general").build();
    }

    private Tasks tasks(Redis redis, Duration lease) {
        return new Tasks(redis, new Tasks.Settings(lease, 3), Clock.systemUTC(), records::add);
    }

    @Test
    void callbackAndMessageCallsMakeOneTaskEachAndOtherCallsNone() throws Problem {
        Tasks tasks = tasks(REDIS.redis(), Duration.ofMinutes(15));
        assertThat(tasks.offer(call("1.1", Outcome.CALLBACK_REQUESTED))).isTrue();
        assertThat(tasks.offer(call("1.1", Outcome.CALLBACK_REQUESTED))).isFalse();
        assertThat(tasks.offer(call("1.2", Outcome.MESSAGE_LEFT))).isTrue();
        assertThat(tasks.offer(call("1.3", Outcome.AGENT_ANSWERED))).isFalse();

        assertThat(tasks.list(ANN, null, false, 10)).extracting(v -> v.task().id())
                .containsExactly("cb-pbx-bj-1~1.1", "msg-pbx-bj-1~1.2");
        Tasks.View cb = tasks.get("cb-pbx-bj-1~1.1");
        assertThat(cb.task().number()).isEqualTo("13900139000"); // the number the caller keyed
        assertThat(REDIS.redis().jedis().hgetAll("live:pending")).isEqualTo(Map.of("callback", "1", "message", "1"));
        assertThat(records).extracting(FollowUpRecord::recordId).containsExactly("cb-pbx-bj-1~1.1#1", "msg-pbx-bj-1~1.2#1");
    }

    @Test
    void twoHundredAgentsOnTwoNodesRacingForAThousandTasksClaimEachExactlyOnce() throws Exception {
        try (Redis other = Redis.connect(REDIS.server().url())) {
            Tasks a = tasks(REDIS.redis(), Duration.ofMinutes(15));
            Tasks b = tasks(other, Duration.ofMinutes(15));
            for (int i = 0; i < 1000; i++) {
                a.offer(call("race." + i, Outcome.CALLBACK_REQUESTED));
            }
            List<String> ids = a.list(ANN, null, false, 1000).stream().map(v -> v.task().id()).toList();
            assertThat(ids).hasSize(1000);
            Map<String, String> winner = new ConcurrentHashMap<>();
            AtomicInteger doubles = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> agents = new ArrayList<>();
                for (int n = 0; n < 200; n++) {
                    Actor agent = new Actor("agent-" + n, false);
                    Tasks node = n % 2 == 0 ? a : b;
                    int offset = n * 5;
                    agents.add(pool.submit(() -> {
                        go.await();
                        // each agent goes for 100 tasks from its own place; every task is wanted by about 20 agents
                        for (int i = 0; i < 100; i++) {
                            String id = ids.get((offset + i) % ids.size());
                            try {
                                node.claim(agent, id);
                                if (winner.putIfAbsent(id, agent.name()) != null) {
                                    doubles.incrementAndGet();
                                }
                            } catch (Problem p) {
                                assertThat(p.kind()).isEqualTo(Problem.Kind.CONFLICT);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : agents) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(doubles).hasValue(0);
            assertThat(winner).hasSize(1000);
            assertThat(records.stream().filter(r -> r.action().equals("claimed")).count()).isEqualTo(1000);
        }
    }

    @Test
    void onlyTheHolderReleasesOrRecordsAResultAndNoAnswerReturnsTheTaskWithItsAttemptCount() throws Problem {
        Tasks tasks = tasks(REDIS.redis(), Duration.ofMinutes(15));
        tasks.offer(call("2.1", Outcome.CALLBACK_REQUESTED));
        String id = "cb-pbx-bj-1~2.1";
        tasks.claim(ANN, id);
        assertThatThrownBy(() -> tasks.claim(BOB, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.CONFLICT));
        assertThatThrownBy(() -> tasks.result(BOB, id, "resolved")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> tasks.release(BOB, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> tasks.revealNumber(BOB, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThat(tasks.revealNumber(ANN, id)).isEqualTo("13900139000");
        assertThatThrownBy(() -> tasks.result(ANN, id, "maybe")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.field()).isEqualTo("result"));

        Tasks.View back = tasks.result(ANN, id, "no_answer");
        assertThat(back.state().open()).isTrue();
        assertThat(back.state().attempts()).isEqualTo(1);
        assertThat(back.state().holder()).isNull();

        tasks.claim(BOB, id);
        Tasks.View done = tasks.result(BOB, id, "resolved");
        assertThat(done.state().open()).isFalse();
        assertThat(done.state().attempts()).isEqualTo(2);
        assertThatThrownBy(() -> tasks.claim(ANN, id)).hasMessageContaining("closed");
        assertThatThrownBy(() -> tasks.result(BOB, id, "resolved")).hasMessageContaining("closed");
        assertThat(tasks.list(ANN, null, false, 10)).isEmpty();
        assertThat(REDIS.redis().jedis().hget("live:pending", "callback")).isEqualTo("0");
        assertThat(records).extracting(FollowUpRecord::action)
                .containsExactly("created", "claimed", "attempted", "claimed", "closed");
    }

    @Test
    void aTaskClosesAfterTheLastAllowedAttempt() throws Problem {
        Tasks tasks = tasks(REDIS.redis(), Duration.ofMinutes(15));
        tasks.offer(call("3.1", Outcome.CALLBACK_REQUESTED));
        String id = "cb-pbx-bj-1~3.1";
        for (int i = 0; i < 3; i++) {
            tasks.claim(ANN, id);
            tasks.result(ANN, id, "no_answer");
        }
        assertThat(tasks.get(id).state().open()).isFalse();
    }

    @Test
    void aLeaseThatRunsOutReturnsTheTaskOnceAndTheLateResultIsRefused() throws Problem {
        Tasks tasks = tasks(REDIS.redis(), Duration.ofSeconds(1));
        tasks.offer(call("4.1", Outcome.MESSAGE_LEFT));
        String id = "msg-pbx-bj-1~4.1";
        tasks.claim(ANN, id);
        // a node that dies holding the claim is this: nobody releases it; the lease key expires in Redis
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.sweepExpired() == 1);
        assertThat(tasks.sweepExpired()).isZero();
        assertThatThrownBy(() -> tasks.result(ANN, id, "resolved")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.CONFLICT));
        assertThat(tasks.claim(BOB, id).state().holder()).isEqualTo("bob");
        assertThat(records).extracting(FollowUpRecord::action).containsExactly("created", "claimed", "lease_expired",
                "claimed");
    }

    @Test
    void aLeaseThatRanOutIsTakenOverByTheNextClaimAndWrittenOnce() throws Problem {
        Tasks tasks = tasks(REDIS.redis(), Duration.ofSeconds(1));
        tasks.offer(call("5.1", Outcome.CALLBACK_REQUESTED));
        String id = "cb-pbx-bj-1~5.1";
        tasks.claim(ANN, id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !REDIS.redis().jedis().exists("{task}:lease:" + id));
        tasks.claim(BOB, id);
        assertThat(tasks.sweepExpired()).isZero();
        assertThat(records).extracting(FollowUpRecord::recordId).containsExactly(id + "#1", id + "#2", id + "#3", id + "#4");
        assertThat(records.get(2).action()).isEqualTo("lease_expired");
    }

    @Test
    void theIntakeMakesTasksFromTheCallsStreamOnceAcrossTwoNodes() {
        try (Redis other = Redis.connect(REDIS.server().url());
             CallLog log = new CallLog(REDIS.redis(), journal)) {
            Tasks a = tasks(REDIS.redis(), Duration.ofMinutes(15));
            Tasks b = tasks(other, Duration.ofMinutes(15));
            try (TaskIntake one = TaskIntake.start(REDIS.redis(), a, "node-a", 1000);
                 TaskIntake two = TaskIntake.start(other, b, "node-b", 1000)) {
                for (int i = 0; i < 50; i++) {
                    log.submit(call("6." + i, i % 2 == 0 ? Outcome.CALLBACK_REQUESTED : Outcome.SELF_SERVICE));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> a.list(ANN, null, false, 100).size() == 25);
            }
            assertThat(records.stream().filter(r -> r.action().equals("created")).count()).isEqualTo(25);
        }
    }
}
