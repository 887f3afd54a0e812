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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One simulated call gives the FastAGI conversation and the AMI events: a FastAGI server sends the caller to
 * the queue, an AMI client logs an agent in (paused), the caller waits, the agent goes ready, the emulated
 * member is rung, answers and hangs up, and the AMI client sees app_queue's events for it.
 */
class AmiWithFastAgiTest {

    private static final String AGENT = "Local/1001@hotline-agents/n";

    @Test
    void aQueuedCallRingsTheMemberTheAmiClientAddedOnceItIsReady() throws Exception {
        try (AmiEmulator ami = AmiEmulator.start(AmiSettings.defaults()
                        .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
             AsteriskEmulator asterisk = new AsteriskEmulator(EmulatorSettings.defaults().withEventLoopThreads(1)
                     .withQueue("hotline-general", QueueBehaviour.agents(1, Duration.ofMillis(200), Duration.ofSeconds(3))),
                     ami);
             ServerSocket fastAgi = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AmiTestClient desk = new AmiTestClient(ami.address())) {
            desk.readLine();
            desk.action("Action", "Login", "Username", "hotline", "Secret", "hotline-secret", "Events", "agent");
            desk.readMessage();
            desk.action("Action", "QueueAdd", "Queue", "hotline-general", "Interface", AGENT, "MemberName", "Agent 1001",
                    "Paused", "true", "Reason", "login");
            assertThat(desk.readMessage()).contains("Message: Added interface to queue");
            assertThat(desk.readMessage()).startsWith("Event: QueueMemberAdded\r\n");

            var call = asterisk.dial((InetSocketAddress) fastAgi.getLocalSocketAddress(),
                    CallScript.to("hotline").callerId("13800138000").timing(TimeModel.instant()).build());
            try (Socket agi = fastAgi.accept()) {
                agi.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(agi.getInputStream(), StandardCharsets.UTF_8));
                String uniqueId = null;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    if (line.startsWith("agi_uniqueid: ")) {
                        uniqueId = line.substring(14);
                    }
                }
                OutputStream out = agi.getOutputStream();
                out.write("EXEC Queue \"hotline-general,c\"\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(desk.readMessage()).startsWith("Event: QueueCallerJoin\r\n")
                        .contains("CallerIDNum: 13800138000\r\n", "Uniqueid: " + uniqueId + "\r\n");

                // paused: nobody rings until the agent is ready
                desk.action("Action", "QueuePause", "ActionID", "ready", "Queue", "hotline-general", "Interface", AGENT,
                        "Paused", "false");
                assertThat(desk.readMessage()).contains("ActionID: ready\r\n", "Interface unpaused successfully");
                assertThat(desk.readMessage()).startsWith("Event: QueueMemberPause\r\n");
                assertThat(desk.readMessage()).startsWith("Event: AgentCalled\r\n").contains("Uniqueid: " + uniqueId + "\r\n")
                        .endsWith("Interface: " + AGENT + "\r\nMemberName: Agent 1001\r\n\r\n");
                assertThat(desk.readMessage()).startsWith("Event: QueueCallerLeave\r\n");
                assertThat(desk.readMessage()).startsWith("Event: AgentConnect\r\n").contains("MemberName: Agent 1001\r\n");
                assertThat(desk.readMessage()).startsWith("Event: AgentComplete\r\n").contains("TalkTime: 3\r\nReason: agent\r\n");
                assertThat(in.readLine()).isEqualTo("200 result=0");
            }
            call.get(5, TimeUnit.SECONDS);
        }
    }
}
