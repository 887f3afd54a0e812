package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.TimeModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a JVM of its own, stopped by SIGTERM while a call is up: the JVM's shutdown hooks run at
 * once, and the embedded redis-server must still be there when the call, finishing during the drain, saves its
 * record. Before, embedded-redis's own hook stopped it first and the record went to the journal.
 */
class ShutdownDrainTest {
    @TempDir
    Path dir;

    @Test
    void aCallFinishingDuringTheDrainReachesTheStreamNotTheJournal() throws Exception {
        Path journal = dir.resolve("journal");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("HOTLINE_") || k.startsWith("WEB_")
                || k.startsWith("AGI_"));
        env.putAll(Map.of("AGI_PORT", "0", "AGI_BIND", "127.0.0.1", "WEB_PORT", "0", "WEB_BIND", "127.0.0.1",
                "EMBEDDED_REDIS_PORT", "0", "HOTLINE_JOURNAL", journal.toString(),
                "HOTLINE_LOG_DIR", dir.resolve("logs").toString(), "HOTLINE_CLOCK", "2026-11-23T10:00+08:00",
                "HOTLINE_NODE", "drain-test", "AGI_DRAIN", "30s"));
        env.put("HOTLINE_KB", dir.resolve("no-articles").toString());
        // the shipped analysis files and no articles: indexing the knowledge base is not what this test waits for
        Files.createDirectories(dir.resolve("no-articles").resolve("articles"));
        Files.createDirectories(dir.resolve("no-articles").resolve("analysis"));
        try (Stream<Path> files = Files.list(Path.of("knowledge-base", "analysis"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("no-articles").resolve("analysis").resolve(f.getFileName()));
            }
        }
        pb.redirectErrorStream(true);
        Process server = pb.start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "serve-output");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> line(log, "event=node_started") != null || !server.isAlive());
            assertThat(line(log, "event=node_started")).as(String.join("\n", log)).isNotNull();
            Matcher port = Pattern.compile("agi_port=(\\d+)").matcher(line(log, "event=node_started"));
            assertThat(port.find()).isTrue();

            // an agent call that lasts a few real seconds: answered after 2 s, 1 s of talk
            String uniqueId = "1795500000." + ProcessHandle.current().pid();
            CallScript script = CallScript.to("hotline").dialled("12333").callerId("13912345678").systemName("it")
                    .uniqueId(uniqueId).keys("0").timing(TimeModel.realistic().withDefaultPrompt(Duration.ofMillis(50))
                            .withKeyDelay(Duration.ofMillis(100)).withInterKeyDelay(Duration.ofMillis(50)))
                    .build();
            try (AsteriskEmulator asterisk = new AsteriskEmulator(NodeHarness.agents(
                    QueueBehaviour.agents(1, Duration.ofSeconds(2), Duration.ofSeconds(1))))) {
                CompletableFuture<EmulatedCall> call = asterisk.dial(
                        new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), script);
                await().atMost(Duration.ofSeconds(30)).until(() -> line(log, "event=call_start call=" + uniqueId) != null);
                // SIGTERM, as a service manager stops it: every shutdown hook starts now
                new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).inheritIO().start().waitFor();
                assertThat(call.get(60, TimeUnit.SECONDS).end()).isNotNull();
            }
            assertThat(server.waitFor(90, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);

            assertThat(line(log, "event=agi_draining")).as("the call was up at shutdown:\n" + String.join("\n", log)).isNotNull();
            int recorded = index(log, "event=call_recorded call=it/" + uniqueId);
            assertThat(recorded).as(String.join("\n", log)).isNotNegative();
            assertThat(index(log, "event=embedded_redis_stopped")).isGreaterThan(recorded);
            assertThat(line(log, "calllog_journaled")).isNull();
            assertThat(journalLines(journal)).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    private static String line(List<String> log, String part) {
        return log.stream().filter(l -> l.contains(part)).findFirst().orElse(null);
    }

    private static int index(List<String> log, String part) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static long journalLines(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.readAllLines(f).size();
                } catch (Exception e) {
                    return 0;
                }
            }).sum();
        }
    }
}
