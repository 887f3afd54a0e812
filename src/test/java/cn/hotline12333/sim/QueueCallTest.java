package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** EXEC Queue against the emulated agent pool, and the channel variables app_queue leaves behind. */
class QueueCallTest {

    private static final String OUTCOME = "GET FULL VARIABLE ${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}";
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";

    private static final EmulatorSettings SETTINGS = ServerEnd.quietSettings()
            .withQueue("general", QueueBehaviour.agents(1, Duration.ofMillis(1500), Duration.ofMillis(2502)))
            .withQueue("slow", QueueBehaviour.agents(1, Duration.ofSeconds(10), Duration.ofSeconds(60)))
            .withQueue("nobody", QueueBehaviour.nobodyAnswers())
            .withQueue("full", QueueBehaviour.refusing(QueueBehaviour.Refusal.FULL))
            .withQueue("closing", QueueBehaviour.nobodyAnswers().withLeaveEmptyAfter(Duration.ofSeconds(7)));

    private static ServerEnd call(CallScript.Builder script) {
        return new ServerEnd(script.timing(TimeModel.instant()).build(), SETTINGS);
    }

    private static CallScript.Builder caller() {
        return CallScript.to("hotline");
    }

    @Test
    void anAgentAnswersTalksAndHangsUpAndWithOptionCTheCallComesBack() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"general,c,,,30\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (CONTINUE:1000:2502)\n");
        assertThat(server.ask("GET VARIABLE ANSWEREDTIME")).isEqualTo("200 result=1 (2)\n");
        assertThat(server.ask("GET VARIABLE ABANDONED")).isEqualTo("200 result=0\n");
        assertThat(server.ask("GET DATA beep 1000 1")).isEqualTo("200 result= (timeout)\n");
        Map<String, String> variables = server.hangUpServerSide().variables();
        // the channel's age when the agent left: 1.5 s ringing + 2.502 s talking (no time before, frozen clock)
        assertThat(variables).containsEntry("QUEUEWAIT", "1").containsEntry("QUEUEPOSITION", "1")
                .containsEntry("DIALEDTIME", "4").containsEntry("DIALEDTIME_MS", "4002");
    }

    @Test
    void theAnsweringAgentIsNamedOnTheCallersChannelAsWithSetinterfacevar() {
        ServerEnd server = call(caller());
        assertThat(server.ask("GET VARIABLE MEMBERNAME")).isEqualTo("200 result=0\n");
        assertThat(server.ask("EXEC Queue \"general,c,,,30\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME + ":${MEMBERNAME}")).isEqualTo("200 result=1 (CONTINUE:1000:2502:general-agent-1)\n");
        assertThat(server.ask("GET VARIABLE MEMBERINTERFACE")).isEqualTo("200 result=1 (PJSIP/general-agent-1)\n");
    }

    @Test
    void aCallerNobodyAnsweredHasNoMemberName() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"nobody,c,,,4\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME + ":${MEMBERNAME}")).isEqualTo("200 result=1 (TIMEOUT:4000:0:)\n");
    }

    @Test
    void withoutOptionCTheCallerIsHungUpWhenTheAgentLeaves() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"general,,,,30\"")).isEqualTo("200 result=-1\n");
        assertThat(server.ask("GET VARIABLE QUEUESTATUS")).isEqualTo("HANGUP\n200 result=0\n");
        assertThat(server.ask("ANSWER")).isEqualTo(DEAD);
    }

    @Test
    void nobodyAnswersTheQueueTimesOut() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"nobody,c,,,4\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (TIMEOUT:4000:0)\n");
        assertThat(server.ask("GET VARIABLE ABANDONED")).isEqualTo("200 result=1 (TRUE)\n");
    }

    @Test
    void theTimeoutWinsOverAnAgentWhoseRingingWouldEndLater() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"slow,c,,,8\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (TIMEOUT:8000:0)\n");
    }

    @Test
    void aCallerWhoGivesUpLeavesQueueStatusUnsetAndIsHungUp() {
        ServerEnd server = call(caller().queuePatience(Duration.ofMillis(3500)));
        assertThat(server.ask("EXEC Queue \"nobody,c,,,20\"")).isEqualTo("200 result=-1\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("HANGUP\n200 result=1 (:3000:0)\n");
        assertThat(server.ask("GET VARIABLE ABANDONED")).isEqualTo("200 result=1 (TRUE)\n");
        assertThat(server.ask("HANGUP")).isEqualTo(DEAD);
    }

    @Test
    void aQueueThatDoesNotExistAnswersZeroAtOnceWithUnknown() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"hotline-empty,c,,,3\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (UNKNOWN::)\n");
        assertThat(server.ask("GET VARIABLE QUEUEWAIT_MS")).isEqualTo("200 result=1 ()\n");
    }

    @Test
    void aFullQueueRefusesAtTheDoor() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"full,c\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (FULL::)\n");
    }

    @Test
    void aQueueWithNoAgentsLeftPutsTheCallerOut() {
        ServerEnd server = call(caller());
        assertThat(server.ask("EXEC Queue \"closing,c,,,30\"")).isEqualTo("200 result=0\n");
        assertThat(server.ask(OUTCOME)).isEqualTo("200 result=1 (LEAVEEMPTY:7000:0)\n");
    }

    @Test
    void queueWithoutArgumentsFails() {
        assertThat(call(caller()).ask("EXEC Queue")).isEqualTo("200 result=-1\n");
    }

    @Test
    void aSecondCallerWaitsForTheOnlyAgent() {
        Map<String, AgentPool> pools = ServerEnd.pools(SETTINGS);
        AtomicLong clock = new AtomicLong();
        CallScript script = caller().timing(TimeModel.realistic()).build();
        ServerEnd first = new ServerEnd(script, SETTINGS, pools, clock);
        ServerEnd second = new ServerEnd(script, SETTINGS, pools, clock);
        assertThat(first.ask("EXEC Queue \"general,c,,,60\"")).isEmpty();
        assertThat(second.ask("EXEC Queue \"general,c,,,60\"")).isEmpty();
        assertThat(pools.get("general").waitingCallers()).isEqualTo(1);

        advanceBoth(first, second, Duration.ofMillis(1500 + 2502));
        assertThat(first.received()).isEqualTo("200 result=0\n");
        second.channel.runPendingTasks(); // the freed agent's offer, posted to the second call's loop
        advanceBoth(first, second, Duration.ofMillis(1500 + 2502));
        assertThat(second.received()).isEqualTo("200 result=0\n");
        assertThat(second.ask(OUTCOME)).isEqualTo("200 result=1 (CONTINUE:5000:2502)\n");
        assertThat(pools.get("general").freeAgents()).isEqualTo(1);
    }

    @Test
    void aWaitingCallerWhoseServerHangsUpLeavesTheLine() {
        Map<String, AgentPool> pools = ServerEnd.pools(SETTINGS);
        ServerEnd talking = new ServerEnd(caller().timing(TimeModel.realistic()).build(), SETTINGS, pools);
        ServerEnd waiting = new ServerEnd(caller().timing(TimeModel.realistic()).build(), SETTINGS, pools);
        talking.ask("EXEC Queue \"general,c\"");
        waiting.ask("EXEC Queue \"general,c\"");
        assertThat(pools.get("general").waitingCallers()).isEqualTo(1);
        waiting.hangUpServerSide();
        assertThat(pools.get("general").waitingCallers()).isZero();
    }

    private static void advanceBoth(ServerEnd first, ServerEnd second, Duration time) {
        first.advance(time);
        second.channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        second.channel.runPendingTasks();
    }
}
