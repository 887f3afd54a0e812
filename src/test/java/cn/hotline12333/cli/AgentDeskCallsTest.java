package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskListener;
import cn.hotline12333.agent.DeskResult;
import cn.hotline12333.agent.WrapUp;
import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.QueueBehaviour;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * End to end with both emulators and the embedded Redis: a node (FastAGI, call log, agent desk with its AMI link)
 * takes calls from the FastAGI emulator whose queues ring the members our desk added on the AMI emulator, in
 * ring-all queues. A caller walks the 12333 menu to the pension query and asks for an agent: every rung agent's
 * pop carries that path, topic and result; the winner's AgentConnect leaves one pop; the wrap-up writes the
 * handling record and the state segments exactly once, also when Redis dies during the wrap-up. Deadlines, no
 * sleeps.
 */
class AgentDeskCallsTest {
    private static final String QUEUE = "hotline-general";
    @TempDir
    static Path journal;
    static AmiEmulator ami;
    static NodeHarness harness;
    static AgentDesk desk;
    static DemoCitizens.Citizen citizen;
    /** what the desk told, with System.nanoTime() of the telling */
    static final List<Told> told = new CopyOnWriteArrayList<>();
    private final List<String> agents = new ArrayList<>();
    private AmiWatch watch;

    record Told(String what, String agent, String uniqueId, String callerNumber, String queue, long nanos) {
    }

    @BeforeAll
    static void start() {
        List<AmiSettings.Queue> queues = NodeHarness.QUEUES.stream().map(AmiSettings.Queue::dynamic).toList();
        ami = AmiEmulator.start(AmiSettings.defaults().withQueues(queues).withTimestampEvents(true)
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting")));
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of("AMI_HOST", "127.0.0.1",
                "AMI_PORT", Integer.toString(ami.port()), "AMI_USER", "desk", "AMI_SECRET", "desk-secret",
                "AGENT_QUEUES", QUEUE, "KB_HYBRID", "false"));
        desk = harness.node.agentDesk();
        desk.addListener(new DeskListener() {
            @Override
            public void pop(String agent, Pop pop) {
                told.add(new Told("pop", agent, pop.uniqueId(), pop.callerNumber(), pop.queue(), System.nanoTime()));
            }

            @Override
            public void withdrawn(String agent, String uniqueId) {
                told.add(new Told("withdrawn", agent, uniqueId, null, null, System.nanoTime()));
            }
        });
        citizen = DemoCitizens.asOf(Clock.fixed(OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant(),
                ZoneOffset.ofHours(8))).citizens().get(0);
    }

    @AfterAll
    static void stop() {
        harness.close();
        ami.close();
    }

    @BeforeEach
    void watchAmi() throws Exception {
        told.clear();
        watch = new AmiWatch(ami.port());
    }

    @AfterEach
    void logOut() throws Exception {
        watch.close();
        for (String a : agents) {
            desk.logout(a).join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ami.members(QUEUE).isEmpty());
    }

    private void ready(String... names) {
        int extension = 6000;
        for (String a : names) {
            agents.add(a);
            desk.login(a, Integer.toString(extension + Integer.parseInt(a) % 1000), "tab-" + a, "test", false).join();
            // one at a time, so that the members join the queue in this order
            await().atMost(Duration.ofSeconds(10)).until(() -> state(a) == AgentState.NOT_READY);
        }
        for (String a : names) {
            desk.ready(a).join();
        }
        for (String a : names) {
            await().atMost(Duration.ofSeconds(10)).until(() -> state(a) == AgentState.READY);
        }
    }

    private static AgentState state(String agent) {
        return desk.snapshot(agent).join().state();
    }

    private static EmulatedCall dial(CallScript script, QueueBehaviour behaviour) throws Exception {
        try (AsteriskEmulator asterisk = new AsteriskEmulator(NodeHarness.agents(behaviour), ami)) {
            return asterisk.dial(new InetSocketAddress("127.0.0.1", harness.node.agiPort()), script)
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static List<Told> told(String what, String uniqueId) {
        return told.stream().filter(t -> t.what.equals(what) && t.uniqueId.equals(uniqueId)).toList();
    }

    private static String pensionKeys() {
        return citizen.id().value().replace('X', '*');
    }

    @Test
    void ringAllPopsEveryAgentWithTheCallersStoryAndLeavesTheWinnersWithin300msOfTheAnswer() throws Exception {
        ready("1001", "1002", "1003");

        EmulatedCall call = dial(caller("1", "1", "1", pensionKeys(), citizen.pin(), "0", "4").build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(3), Duration.ofSeconds(40)));
        String uid = call.uniqueId();

        await().atMost(Duration.ofSeconds(10)).until(() -> told("withdrawn", uid).size() == 2);
        List<Told> pops = told("pop", uid);
        assertThat(pops).extracting(Told::agent).containsExactlyInAnyOrder("1001", "1002", "1003");
        for (Told pop : pops) {
            CallContexts.ScreenPop screen = harness.node.desk().contexts().pop("it", pop.uniqueId, pop.callerNumber,
                    pop.queue);
            assertThat(screen.path()).isEqualTo("主菜单 › 社会保险 › 养老 › 查询本月养老金 › 人工");
            assertThat(screen.topics()).containsExactly("pension");
            assertThat(screen.selfService()).containsExactly("养老金到账查询：成功");
            assertThat(screen.citizenId()).isEqualTo(citizen.id().toString());
            assertThat(screen.queue()).isEqualTo(QUEUE);
        }
        // the member added first answers (AmiMemberPool); the other two lose the pop on its AgentConnect
        assertThat(told("withdrawn", uid)).extracting(Told::agent).containsExactlyInAnyOrder("1002", "1003");
        long answeredAt = watch.first("AgentConnect", uid);
        for (Told w : told("withdrawn", uid)) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(w.nanos - answeredAt)).isLessThanOrEqualTo(300);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(state("1002")).isEqualTo(AgentState.READY);
        assertThat(state("1003")).isEqualTo(AgentState.READY);

        WrapUp form = new WrapUp(uid, "it/" + uid, null, "pension.payment", HandlingRecord.Resolution.ANSWERED,
                "养老金已到账", null, List.of(), "wrap-" + uid);
        assertThat(desk.wrapUp("1001", form).join()).isInstanceOf(DeskResult.class);
        desk.wrapUp("1001", form).join(); // sent twice by an impatient page
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1001") == AgentState.READY);
        await().atMost(Duration.ofSeconds(10)).until(() -> handlings(uid).size() == 1);
        HandlingRecord h = handlings(uid).get(0);
        assertThat(h.agent()).isEqualTo("1001");
        assertThat(h.callId()).isEqualTo("it/" + uid);
        assertThat(h.wrapupCode()).isEqualTo("pension.payment");
        // RINGING and ON_CALL too when they lasted a millisecond or more: at time scale 0 the answer may come in the
        // ringing's millisecond and the hang-up in the answer's (a CI run on a busy box met the second); the
        // segments that are there join end to start, so no time of the agent's is lost either way
        assertSegmentsOnceEach("1001", AgentStateSegment.AgentState.WRAP_UP);
    }

    @Test
    void aCallerWhoHangsUpWhileEveryoneRingsTakesThePopsAway() throws Exception {
        ready("1004", "1005");

        EmulatedCall call = dial(caller("0").queuePatience(Duration.ofSeconds(2)).build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(30), Duration.ofSeconds(40)));
        String uid = call.uniqueId();

        await().atMost(Duration.ofSeconds(10)).until(() -> told("withdrawn", uid).size() == 2);
        assertThat(told("pop", uid)).extracting(Told::agent).containsExactlyInAnyOrder("1004", "1005");
        assertThat(told("withdrawn", uid)).extracting(Told::agent).containsExactlyInAnyOrder("1004", "1005");
        assertThat(watch.count("AgentConnect", uid)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1004") == AgentState.READY
                && state("1005") == AgentState.READY);
        assertThat(handlings(uid)).isEmpty();
    }

    @Test
    void aWrapUpWhileRedisIsDownIsJournaledAndLandsOnceWhenItIsBack() throws Exception {
        ready("1006");
        EmulatedCall call = dial(caller("0", "4").build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(2), Duration.ofSeconds(40)));
        String uid = call.uniqueId();
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1006") == AgentState.WRAP_UP);

        harness.node.redis().embedded().stop();
        try {
            WrapUp form = new WrapUp(uid, "it/" + uid, null, "general.other", HandlingRecord.Resolution.ANSWERED,
                    null, null, List.of(), "wrap-" + uid);
            desk.wrapUp("1006", form).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> journalLines() >= 1);
            AgentSnapshot s = desk.snapshot("1006").join();
            assertThat(s.state()).isIn(AgentState.WRAP_UP, AgentState.READY); // READY once Asterisk confirms
        } finally {
            harness.node.redis().embedded().restart();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> handlings(uid).size() == 1 && journalLines() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1006") == AgentState.READY);
        assertThat(handlings(uid)).singleElement().satisfies(h -> assertThat(h.wrapupCode()).isEqualTo("general.other"));
        // the embedded redis-server comes back empty: what was written before the stop went with it; the
        // wrap-up's segment, written during the outage, is replayed from the journal, once
        assertSegmentsOnceEach("1006", AgentStateSegment.AgentState.WRAP_UP);
    }

    /** AMI's AgentRingNoAnswer before another member answers: the answering agent's handling record counts it. */
    @Test
    void aRingThatRanOutBeforeTheAnswerIsCountedInTheHandlingRecord() throws Exception {
        ready("1008", "1009");
        String missed = "PJSIP/6008";
        String answers = "PJSIP/6009";
        assertThat(ami.members(QUEUE)).containsKeys(missed, answers);
        String uid = "1795400777.1";
        cn.hotline12333.sim.AmiCaller c = ami.callerJoins(QUEUE, cn.hotline12333.sim.AmiChannel.caller(
                "PJSIP/trunk-" + uid, "13912345678", "hotline", "12333", 1, uid, uid));
        c.ring(missed, cn.hotline12333.sim.AmiChannel.memberLeg(missed + "-00000a01", "13912345678", "hotline-agents",
                "12333", "1795400777.2001", uid));
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1008") == AgentState.RINGING);
        c.ringNoAnswer(missed, 15_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1008") != AgentState.RINGING);
        c.ring(answers, cn.hotline12333.sim.AmiChannel.memberLeg(answers + "-00000a02", "13912345678",
                "hotline-agents", "12333", "1795400777.2002", uid));
        c.connect(answers, 17, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1009") == AgentState.ON_CALL);
        c.complete("agent", 17, 60);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("1009") == AgentState.WRAP_UP);
        desk.wrapUp("1009", new WrapUp(uid, "it/" + uid, null, "general.other", HandlingRecord.Resolution.ANSWERED,
                null, null, List.of(), "wrap-" + uid)).join();
        await().atMost(Duration.ofSeconds(15)).until(() -> handlings(uid).size() == 1);
        assertThat(handlings(uid)).singleElement().satisfies(h -> {
            assertThat(h.agent()).contains("1009");
            assertThat(h.ringNoAnswer()).isEqualTo(1);
        });
    }

    private static List<HandlingRecord> handlings(String uniqueId) {
        List<HandlingRecord> out = new ArrayList<>();
        for (var e : harness.node.redis().jedis().xrange(HandlingRecord.STREAM, (StreamEntryID) null, null, 100_000)) {
            for (String json : e.getFields().values()) {
                if (json.startsWith("{")) {
                    HandlingRecord h = cn.hotline12333.calllog.CallRecords.parseHandling(json);
                    if (uniqueId.equals(h.uniqueId())) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    /** Every segment of the agent in the stream once, each starting where the one before ended, with the given states among them. */
    private static void assertSegmentsOnceEach(String agent, AgentStateSegment.AgentState... states) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, Integer> byId = new HashMap<>();
            List<AgentStateSegment.AgentState> seen = new ArrayList<>();
            List<AgentStateSegment> segments = new ArrayList<>();
            for (var e : harness.node.redis().jedis().xrange(AgentStateSegment.STREAM, (StreamEntryID) null, null,
                    100_000)) {
                for (String json : e.getFields().values()) {
                    if (json.startsWith("{")) {
                        AgentStateSegment s = cn.hotline12333.calllog.CallRecords.parseAgentState(json);
                        if (agent.equals(s.agent())) {
                            byId.merge(s.segmentId(), 1, Integer::sum);
                            seen.add(s.state());
                            segments.add(s);
                        }
                    }
                }
            }
            assertThat(seen).contains(states);
            assertThat(byId.values()).allMatch(n -> n == 1);
            segments.sort(java.util.Comparator.comparing(AgentStateSegment::from));
            for (int i = 1; i < segments.size(); i++) {
                assertThat(segments.get(i).from()).isEqualTo(segments.get(i - 1).to());
            }
        });
    }

    private static long journalLines() throws Exception {
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

    /** A plain AMI client beside the desk, noting when each agent-class event for a caller was read. */
    static final class AmiWatch implements AutoCloseable {
        private final Socket socket;
        private final List<String[]> seen = new CopyOnWriteArrayList<>();

        AmiWatch(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("Action: Login\r\nUsername: hotline\r\nSecret: hotline-secret\r\n"
                    + "Events: agent\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(this::read, "ami-watch");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String event = null;
                String uid = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("Event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("Uniqueid: ") && uid == null) {
                        uid = line.substring(10);
                    } else if (line.isEmpty()) {
                        if (event != null) {
                            seen.add(new String[] {event, uid, Long.toString(System.nanoTime())});
                        }
                        event = null;
                        uid = null;
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        long first(String event, String uid) {
            await().atMost(Duration.ofSeconds(5)).until(() -> count(event, uid) > 0);
            return seen.stream().filter(s -> s[0].equals(event) && uid.equals(s[1])).mapToLong(s -> Long.parseLong(s[2]))
                    .min().orElseThrow();
        }

        long count(String event, String uid) {
            return seen.stream().filter(s -> s[0].equals(event) && uid.equals(s[1])).count();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
