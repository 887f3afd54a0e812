package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue events a call's life in app_queue produces, in order, with app_queue's counts. */
class QueueEventsTest {

    private static final EmulatorSettings SETTINGS = ServerEnd.quietSettings()
            .withQueue("general", QueueBehaviour.agents(1, Duration.ofMillis(1500), Duration.ofMillis(62_000)))
            .withQueue("slow", QueueBehaviour.agents(1, Duration.ofSeconds(10), Duration.ofSeconds(60)))
            .withQueue("nobody", QueueBehaviour.nobodyAnswers())
            .withQueue("full", QueueBehaviour.refusing(QueueBehaviour.Refusal.FULL))
            .withQueue("closing", QueueBehaviour.nobodyAnswers().withLeaveEmptyAfter(Duration.ofSeconds(7)))
            .withQueue("picky", QueueBehaviour.agents(1, Duration.ofSeconds(3), Duration.ofSeconds(60))
                    .withRingNoAnswer(1, Duration.ofSeconds(15)))
            .withQueue("halfpicky", QueueBehaviour.agents(2, Duration.ofSeconds(3), Duration.ofSeconds(60))
                    .withRingNoAnswer(2, Duration.ofSeconds(15)));

    private final List<String> told = new ArrayList<>();
    private final QueueEvents recorder = new QueueEvents() {
        @Override
        public void callerJoined(String queue, String uniqueId, String callerId, int position, long at) {
            told.add("joined " + queue + " " + uniqueId + " " + callerId + " " + position);
        }

        @Override
        public void agentRung(String queue, String uniqueId, String memberName, long at) {
            told.add("rung " + memberName);
        }

        @Override
        public void ringCanceled(String queue, String uniqueId, String memberName, long ringMs, long at) {
            told.add("ring canceled " + memberName + " " + ringMs);
        }

        @Override
        public void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) {
            told.add("ring no answer " + memberName + " " + ringMs);
        }

        @Override
        public void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                                   long holdSeconds, long ringSeconds, long at) {
            assertThat(memberUniqueId).matches("\\d+\\.\\d+").isNotEqualTo(uniqueId);
            told.add("connected " + memberName + " hold " + holdSeconds + " ring " + ringSeconds);
        }

        @Override
        public void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds,
                                  long talkSeconds, int originalPosition, boolean byAgent, long at) {
            told.add("completed " + memberName + " " + holdSeconds + "|" + talkSeconds + "|" + originalPosition
                    + (byAgent ? " by agent" : " by caller"));
        }

        @Override
        public void callerAbandoned(String queue, String uniqueId, int position, int originalPosition,
                                    long waitSeconds, long at) {
            told.add("abandoned " + position + "|" + originalPosition + "|" + waitSeconds);
        }

        @Override
        public void callerTimedOut(String queue, String uniqueId, int position, int originalPosition,
                                   long waitSeconds, long at) {
            told.add("timed out " + position + "|" + originalPosition + "|" + waitSeconds);
        }

        @Override
        public void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition,
                                    long waitSeconds, long at) {
            told.add("left empty " + position + "|" + originalPosition + "|" + waitSeconds);
        }
    };

    private Map<String, AgentPool> pools() {
        Map<String, AgentPool> pools = new HashMap<>();
        SETTINGS.queues().forEach((name, behaviour) -> pools.put(name, new AgentPool(name, behaviour, recorder)));
        return pools;
    }

    private ServerEnd call(CallScript.Builder script) {
        return new ServerEnd(script.timing(TimeModel.instant()).callerId("13800138000").build(), SETTINGS, pools());
    }

    @Test
    void anAnsweredCallJoinsRingsConnectsAndTheAgentCompletesIt() {
        ServerEnd server = call(CallScript.to("hotline"));
        assertThat(server.ask("EXEC Queue \"general,c,,,30\"")).isEqualTo("200 result=0\n");
        assertThat(told).containsExactly("joined general 1795387708.7 13800138000 1", "rung general-agent-1",
                "connected general-agent-1 hold 1 ring 1", "completed general-agent-1 1|62|1 by agent");
    }

    @Test
    void aCallerWhoHangsUpWhileTheAgentRingsIsAbandonedAfterTheRingIsCanceled() {
        ServerEnd server = call(CallScript.to("hotline").queuePatience(Duration.ofSeconds(6)));
        server.ask("EXEC Queue \"slow,c,,,30\"");
        assertThat(told).containsExactly("joined slow 1795387708.7 13800138000 1", "rung slow-agent-1",
                "ring canceled slow-agent-1 6000", "abandoned 1|1|6");
    }

    @Test
    void aTimeoutWhileTheAgentRingsCutsTheRingAsNoAnswer() {
        ServerEnd server = call(CallScript.to("hotline"));
        server.ask("EXEC Queue \"slow,c,,,4\"");
        assertThat(told).containsExactly("joined slow 1795387708.7 13800138000 1", "rung slow-agent-1",
                "ring no answer slow-agent-1 4000", "timed out 1|1|4");
    }

    @Test
    void aRingThatRunsOutRingsTheNextFreeAgentForTheSameCaller() {
        Map<String, AgentPool> pools = pools();
        ServerEnd first = new ServerEnd(CallScript.to("hotline").timing(TimeModel.instant()).callerId("13800138000")
                .build(), SETTINGS, pools);
        assertThat(first.ask("EXEC Queue \"halfpicky,c,,,120\"")).isEqualTo("200 result=0\n");
        told.clear();
        ServerEnd second = new ServerEnd(CallScript.to("hotline").timing(TimeModel.instant()).callerId("13800138001")
                .build(), SETTINGS, pools);
        // the queue's second ring is not picked up: 15 s of ringing, then the other agent, who answers 3 s later
        assertThat(second.ask("EXEC Queue \"halfpicky,c,,,120\"")).isEqualTo("200 result=0\n");
        assertThat(told).containsExactly("joined halfpicky 1795387708.7 13800138001 1", "rung halfpicky-agent-2",
                "ring no answer halfpicky-agent-2 15000", "rung halfpicky-agent-1", "connected halfpicky-agent-1 hold 18 ring 3",
                "completed halfpicky-agent-1 18|60|1 by agent");
        assertThat(second.ask("GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${MEMBERNAME}"))
                .isEqualTo("200 result=1 (CONTINUE:18000:halfpicky-agent-1)\n");
    }

    @Test
    void agentsWhoNeverPickUpLeaveTheCallerToTheTimeout() {
        ServerEnd server = call(CallScript.to("hotline"));
        server.ask("EXEC Queue \"picky,c,,,20\"");
        // the agent who let it ring is away for another 15 s: the caller waits out the timeout
        assertThat(told).containsExactly("joined picky 1795387708.7 13800138000 1", "rung picky-agent-1",
                "ring no answer picky-agent-1 15000", "timed out 1|1|20");
    }

    @Test
    void aCallerNobodyAnswersTimesOut() {
        ServerEnd server = call(CallScript.to("hotline"));
        server.ask("EXEC Queue \"nobody,c,,,20\"");
        assertThat(told).containsExactly("joined nobody 1795387708.7 13800138000 1", "timed out 1|1|20");
    }

    @Test
    void anEmptiedQueuePutsTheCallerOut() {
        ServerEnd server = call(CallScript.to("hotline"));
        server.ask("EXEC Queue \"closing,c,,,30\"");
        assertThat(told).containsExactly("joined closing 1795387708.7 13800138000 1", "left empty 1|1|7");
    }

    @Test
    void aRefusedCallerIsNotTold() {
        ServerEnd server = call(CallScript.to("hotline"));
        assertThat(server.ask("EXEC Queue \"full,c,,,30\"")).isEqualTo("200 result=0\n");
        assertThat(told).isEmpty();
    }

    @Test
    void theSecondCallerJoinsAtPositionTwoAndIsAbandonedFromThere() {
        Map<String, AgentPool> pools = pools();
        ServerEnd first = new ServerEnd(CallScript.to("hotline").timing(TimeModel.instant()).build(), SETTINGS, pools);
        first.send("EXEC Queue \"nobody,c\"");
        ServerEnd second = new ServerEnd(CallScript.to("hotline").uniqueId("1795387709.8")
                .queuePatience(Duration.ofSeconds(3)).timing(TimeModel.instant()).build(), SETTINGS, pools);
        second.ask("EXEC Queue \"nobody,c,,,300\"");
        assertThat(told).containsExactly("joined nobody 1795387708.7 null 1", "joined nobody 1795387709.8 null 2",
                "abandoned 2|2|3");
    }
}
