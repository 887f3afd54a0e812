package cn.hotline12333.cli;

import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.config.Settings;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.TimeModel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.StreamEntryID;

/**
 * A real server node (FastAGI on a free port, embedded redis-server, the shipped flows) and the Asterisk
 * emulator dialling it: what the integration tests drive. Calls run at emulator time scale 0.
 */
final class NodeHarness implements AutoCloseable {
    /**
     * The Asterisk queues the shipped flows transfer to, each with agents in the emulator. A request queue that is
     * only a task pool (hotline-accessibility, see ShippedQueuesTest) is no Asterisk queue and is not here.
     */
    static final List<String> QUEUES = List.of("hotline-general", "hotline-pension", "labour-inspection");

    final HotlineNode node;

    NodeHarness(String clock, Path journal, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("AGI_PORT", "0", "AGI_BIND", "127.0.0.1",
                "EMBEDDED_REDIS_PORT", "0", "HOTLINE_FLOWS", "ivr-flows", "HOTLINE_JOURNAL", journal.toString(),
                "HOTLINE_CLOCK", clock, "HOTLINE_NODE", "test-node", "WEB_PORT", "0", "WEB_BIND", "127.0.0.1"));
        // the consumers read at once, as before the warm-up existed (StatsWarmUpTest covers it)
        s.put("STATS_WARM_UP", "0s");
        s.putAll(extra);
        node = HotlineNode.start(Settings.of(s), Clock.systemUTC());
    }

    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    /** A caller with a uniqueid of its own: one Asterisk box never repeats one, and records are keyed by it. */
    /**
     * A users file of two agents ({@code agent}, {@code agent2}) and a manager, each with the password
     * {@code <name>-12333} (bcrypt cost 4 keeps the sign-ins quick), for {@code HOTLINE_USERS}.
     */
    static Path twoAgentsAndAManager(Path dir) throws java.io.IOException {
        StringBuilder users = new StringBuilder("users:\n");
        for (String[] u : new String[][] {{"agent", "agent"}, {"agent2", "agent"}, {"manager", "manager"}}) {
            users.append("  - name: ").append(u[0]).append("\n    password_hash: ")
                    .append(BCrypt.withDefaults().hashToString(4, (u[0] + "-12333").toCharArray()))
                    .append("\n    role: ").append(u[1]).append('\n');
        }
        return java.nio.file.Files.writeString(dir.resolve("users.yaml"), users, java.nio.charset.StandardCharsets.UTF_8);
    }

    static CallScript.Builder caller(String... keys) {
        return CallScript.to("hotline").dialled("12333").callerId("13912345678").systemName("it")
                .uniqueId("1795400000." + CALLS.incrementAndGet())
                .keys(keys).timing(TimeModel.instant());
    }

    static EmulatorSettings agents(QueueBehaviour behaviour) {
        EmulatorSettings settings = EmulatorSettings.defaults().withEventLoopThreads(1);
        for (String q : QUEUES) {
            settings = settings.withQueue(q, behaviour);
        }
        return settings;
    }

    static EmulatorSettings agentsAnswer() {
        return agents(QueueBehaviour.agents(2, Duration.ofSeconds(4), Duration.ofSeconds(90)));
    }

    EmulatedCall dial(CallScript script, EmulatorSettings settings) throws Exception {
        try (AsteriskEmulator asterisk = new AsteriskEmulator(settings)) {
            return asterisk.dial(new InetSocketAddress("127.0.0.1", node.agiPort()), script).get(30, TimeUnit.SECONDS);
        }
    }

    /** The record the server wrote for this call, waited for with a deadline (it is written as the call ends). */
    CallRecord record(EmulatedCall call) {
        String callId = "it/" + call.uniqueId();
        AtomicReference<String> json = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            json.set(find(callId));
            return json.get() != null;
        });
        return CallRecords.parse(json.get());
    }

    /** How many records the stream holds for this call id (the "exactly one" check). */
    long count(String callId) {
        return node.redis().jedis().xrange(CallRecords.STREAM, (StreamEntryID) null, null, 100_000).stream()
                .filter(e -> callId.equals(e.getFields().get(CallRecords.ID_FIELD))).count();
    }

    String find(String callId) {
        return SimulateCommand.recordOf(node.redis(), callId);
    }

    @Override
    public void close() {
        node.close();
    }
}
