package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A ringall queue as app_queue runs it (apps/app_queue.c, branch 22): ring_one rings every free member of the best
 * penalty at once, in the order try_calling built its call attempts (each put at the head: the member added last
 * rings first); the winner's answer cancels the other rings with no queue event for them (hangupcalls), then
 * QueueCallerLeave and AgentConnect; a queue timeout ends every ring with AgentRingNoAnswer (rna() per ringing
 * leg) before QueueCallerAbandon; a caller hanging up ends them with no member event at all.
 */
class AmiRingAllTest {

    private static final List<String> AGENTS = List.of("Local/1001@hotline-agents/n", "Local/1002@hotline-agents/n",
            "Local/1003@hotline-agents/n");

    private static AmiTestClient loggedIn(AmiEmulator ami) throws Exception {
        AmiTestClient desk = new AmiTestClient(ami.address());
        desk.readLine();
        desk.action("Action", "Login", "Username", "hotline", "Secret", "hotline-secret", "Events", "agent");
        desk.readMessage();
        return desk;
    }

    private static void add(AmiTestClient desk, String iface, String name, int penalty) throws Exception {
        desk.action("Action", "QueueAdd", "Queue", "hotline-general", "Interface", iface, "MemberName", name,
                "Penalty", Integer.toString(penalty), "Paused", "false");
        assertThat(desk.readMessage()).contains("Message: Added interface to queue");
        assertThat(desk.readMessage()).startsWith("Event: QueueMemberAdded\r\n");
    }

    private static String event(String message) {
        return message.substring("Event: ".length(), message.indexOf("\r\n"));
    }

    private static String field(String message, String name) {
        int at = message.indexOf("\r\n" + name + ": ");
        return message.substring(at + name.length() + 4, message.indexOf("\r\n", at + 2));
    }

    @Test
    void ringAllRingsEveryFreeMemberOfTheBestPenaltyAndTheWinnerAloneIsTold() throws Exception {
        try (AmiEmulator ami = AmiEmulator.start(AmiSettings.defaults()
                .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
             AmiTestClient desk = loggedIn(ami)) {
            for (int i = 0; i < 3; i++) {
                add(desk, AGENTS.get(i), "Agent 100" + (i + 1), 0);
            }
            add(desk, "Local/1009@hotline-agents/n", "Agent 1009", 5); // a worse penalty waits for the next round
            AmiCaller call = ami.callerJoins("hotline-general", AmiChannel.caller("PJSIP/trunk-00000001",
                    "13800138000", "hotline", "12333", 5, "1795446600.1", "1795446600.1"));
            assertThat(call.ringAll()).containsExactly(AGENTS.get(2), AGENTS.get(1), AGENTS.get(0));
            call.connect(AGENTS.get(1));

            List<String> seen = new ArrayList<>();
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String m = desk.readMessage();
                seen.add(event(m));
                if (m.contains("\r\nMemberName: ")) {
                    members.add(field(m, "MemberName"));
                }
            }
            assertThat(seen).containsExactly("QueueCallerJoin", "AgentCalled", "AgentCalled", "AgentCalled",
                    "QueueCallerLeave", "AgentConnect");
            assertThat(members).containsExactly("Agent 1003", "Agent 1002", "Agent 1001", "Agent 1002");
            desk.action("Action", "Ping");
            assertThat(desk.readMessage()).startsWith("Response: Success\r\nPing: Pong\r\n"); // nothing for the losers
        }
    }

    /** One FastAGI call into a ringall queue of three free members: three AgentCalled, then the first added answers. */
    @Test
    void aQueuedCallInARingAllQueueRingsAllThreeMembersAndOneAnswers() throws Exception {
        List<String> seen = run(CallScript.to("hotline").callerId("13800138000").timing(TimeModel.instant()).build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(2), Duration.ofSeconds(3)), "hotline-general,c");
        assertThat(seen).containsExactly("QueueCallerJoin", "AgentCalled Agent 1003", "AgentCalled Agent 1002",
                "AgentCalled Agent 1001", "QueueCallerLeave", "AgentConnect Agent 1001", "AgentComplete Agent 1001");
    }

    @Test
    void aQueueTimeoutWhileAllRingEndsEachRingWithRingNoAnswerBeforeTheAbandon() throws Exception {
        List<String> seen = run(CallScript.to("hotline").callerId("13800138000").timing(TimeModel.instant()).build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(30), Duration.ofSeconds(3)), "hotline-general,c,,,20");
        assertThat(seen).containsExactly("QueueCallerJoin", "AgentCalled Agent 1003", "AgentCalled Agent 1002",
                "AgentCalled Agent 1001", "AgentRingNoAnswer Agent 1003", "AgentRingNoAnswer Agent 1002",
                "AgentRingNoAnswer Agent 1001", "QueueCallerAbandon", "QueueCallerLeave");
    }

    @Test
    void aCallerHangingUpWhileAllRingGetsNoMemberEvents() throws Exception {
        List<String> seen = run(CallScript.to("hotline").callerId("13800138000").timing(TimeModel.instant())
                        .queuePatience(Duration.ofSeconds(5)).build(),
                QueueBehaviour.agents(1, Duration.ofSeconds(30), Duration.ofSeconds(3)), "hotline-general,c");
        assertThat(seen).containsExactly("QueueCallerJoin", "AgentCalled Agent 1003", "AgentCalled Agent 1002",
                "AgentCalled Agent 1001", "QueueCallerAbandon", "QueueCallerLeave");
    }

    /** Three members added and free, one call sent to Queue(args); the AMI events up to the queue's end. */
    private static List<String> run(CallScript script, QueueBehaviour behaviour, String queueArgs) throws Exception {
        List<String> seen = new ArrayList<>();
        try (AmiEmulator ami = AmiEmulator.start(AmiSettings.defaults()
                        .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
             AsteriskEmulator asterisk = new AsteriskEmulator(EmulatorSettings.defaults().withEventLoopThreads(1)
                     .withQueue("hotline-general", behaviour), ami);
             ServerSocket fastAgi = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AmiTestClient desk = loggedIn(ami)) {
            for (int i = 0; i < 3; i++) {
                add(desk, AGENTS.get(i), "Agent 100" + (i + 1), 0);
            }
            var call = asterisk.dial((InetSocketAddress) fastAgi.getLocalSocketAddress(), script);
            try (Socket agi = fastAgi.accept()) {
                agi.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(agi.getInputStream(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    // the environment block
                }
                OutputStream out = agi.getOutputStream();
                out.write(("EXEC Queue \"" + queueArgs + "\"\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (String m = desk.readMessage(); ; m = desk.readMessage()) {
                    String name = event(m);
                    seen.add(m.contains("\r\nMemberName: ") ? name + " " + field(m, "MemberName") : name);
                    if (name.equals("AgentComplete") || name.equals("QueueCallerLeave") && seen.contains("QueueCallerAbandon")) {
                        break;
                    }
                }
                in.readLine();
            }
            call.get(5, TimeUnit.SECONDS);
        }
        return seen;
    }
}
