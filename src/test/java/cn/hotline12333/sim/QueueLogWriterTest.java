package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue_log the emulator writes, against the one a real Asterisk 22 wrote (transcripts/queue_log-22.txt). */
class QueueLogWriterTest {

    @TempDir
    Path dir;

    private static List<String> realLines() throws Exception {
        return Files.readAllLines(Path.of("src", "test", "resources", "transcripts", "queue_log-22.txt"),
                StandardCharsets.UTF_8);
    }

    @Test
    void theEventsOfTheRealSessionGiveTheRealLines() throws Exception {
        Path file = dir.resolve("queue_log");
        String agent = "Local/agent@agents/n";
        String noanswer = "Local/noanswer@agents/n";
        try (QueueLogWriter log = QueueLogWriter.open(file, 1795446548_000L)) {
            log.callerJoined("hotline-general", "1795446554.1", "unknown", 1, 1795446555_100L);
            log.agentRung("hotline-general", "1795446554.1", agent, 1795446555_100L);
            log.agentConnected("hotline-general", "1795446554.1", agent, "1795446555.2", 0, 0, 1795446555_400L);
            log.callCompleted("hotline-general", "1795446554.1", agent, 0, 2, 1, true, 1795446557_900L);
            log.callerJoined("hotline-noanswer", "1795446562.5", null, 1, 1795446562_000L);
            log.ringCanceled("hotline-noanswer", "1795446562.5", noanswer, 4502, 1795446567_000L);
            log.callerAbandoned("hotline-noanswer", "1795446562.5", 1, 1, 5, 1795446567_000L);
            log.callerJoined("hotline-noanswer", "1795446571.9", "", 1, 1795446571_000L);
            log.ringNoAnswer("hotline-noanswer", "1795446571.9", noanswer, 15000, 1795446586_000L);
            log.ringNoAnswer("hotline-noanswer", "1795446571.9", noanswer, 4000, 1795446591_000L);
            log.callerTimedOut("hotline-noanswer", "1795446571.9", 1, 1, 20, 1795446591_000L);
            log.callCompleted("hotline-dynamic", "1795446608.15", "Agent 1002", 5, 4, 1, false, 1795446617_000L);
        }
        List<String> real = realLines();
        List<String> expected = new java.util.ArrayList<>(real.subList(0, 11));
        expected.add(real.stream().filter(l -> l.contains("COMPLETECALLER")).findFirst().orElseThrow());
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);
    }

    @Test
    void anEmptiedQueueLogsExitEmptyLikeTheOtherExits() throws Exception {
        Path file = dir.resolve("queue_log");
        try (QueueLogWriter log = QueueLogWriter.open(file, 1000)) {
            log.callerLeftEmpty("hotline-general", "1795446554.1", 2, 3, 7, 9_000);
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly("1|NONE|NONE|NONE|QUEUESTART|", "9|1795446554.1|hotline-general|NONE|EXITEMPTY|2|3|7");
    }

    @Test
    void emulatedCallsWriteTheirLinesAndARefusedJoinWritesNone() throws Exception {
        Path file = dir.resolve("logs/queue_log");
        EmulatorSettings settings = ServerEnd.quietSettings()
                .withQueue("hotline-general", QueueBehaviour.agents(1, Duration.ofSeconds(3), Duration.ofSeconds(40)))
                .withQueue("hotline-full", QueueBehaviour.refusing(QueueBehaviour.Refusal.FULL));
        try (QueueLogWriter log = QueueLogWriter.open(file, System.currentTimeMillis())) {
            Map<String, AgentPool> pools = new HashMap<>();
            settings.queues().forEach((name, b) -> pools.put(name, new AgentPool(name, b, log)));
            new ServerEnd(CallScript.to("hotline").callerId("13800138000").timing(TimeModel.instant()).build(),
                    settings, pools).ask("EXEC Queue \"hotline-general,c,,,30\"");
            new ServerEnd(CallScript.to("hotline").uniqueId("1795387709.8").timing(TimeModel.instant()).build(),
                    settings, pools).ask("EXEC Queue \"hotline-full,c,,,30\"");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\d+\\|NONE\\|NONE\\|NONE\\|QUEUESTART\\|");
        assertThat(lines.get(1)).matches("\\d+\\|1795387708\\.7\\|hotline-general\\|NONE\\|ENTERQUEUE\\|\\|13800138000\\|1");
        assertThat(lines.get(2)).matches(
                "\\d+\\|1795387708\\.7\\|hotline-general\\|hotline-general-agent-1\\|CONNECT\\|3\\|\\d+\\.\\d+\\|3");
        assertThat(lines.get(3)).matches(
                "\\d+\\|1795387708\\.7\\|hotline-general\\|hotline-general-agent-1\\|COMPLETEAGENT\\|3\\|40\\|1");
    }
}
