package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AMI emulator's behaviour beyond the recordings: event masks, the faults, restart, the API calls drive. */
class AmiEmulatorTest {

    private static final String AGENT = "Local/1001@hotline-agents/n";
    private final AtomicLong clock = new AtomicLong(1_795_446_600_000_000L);
    private AmiEmulator box;

    @BeforeEach
    void start() {
        box = AmiEmulator.start(AmiSettings.defaults().withClock(clock::get).withAuthFailureDelay(Duration.ofMillis(10))
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting"))
                .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"),
                        AmiSettings.Queue.dynamic("hotline-pension"))));
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private AmiTestClient login(String events) throws Exception {
        AmiTestClient c = new AmiTestClient(box.address());
        assertThat(c.readLine()).isEqualTo("Asterisk Call Manager/11.0.0\r\n");
        if (events == null) {
            c.action("Action", "Login", "ActionID", "l", "Username", "desk", "Secret", "desk-secret");
        } else {
            c.action("Action", "Login", "ActionID", "l", "Username", "desk", "Secret", "desk-secret", "Events", events);
        }
        assertThat(c.readMessage()).contains("Message: Authentication accepted\r\n");
        return c;
    }

    private void addMember(AmiTestClient c, boolean paused) throws Exception {
        c.action("Action", "QueueAdd", "ActionID", "add", "Queue", "hotline-general", "Interface", AGENT,
                "MemberName", "Agent 1001", "StateInterface", "PJSIP/agent1001", "Paused", paused ? "true" : "false",
                "Reason", paused ? "login" : "");
        assertThat(c.readUntil("Response:")).startsWith("Response: Success\r\nActionID: add\r\n");
    }

    @Test
    void theEventMaskOfTheLoginDecidesWhichClassesArrive() throws Exception {
        try (AmiTestClient c = login("agent")) {
            addMember(c, true);
            // DeviceStateChange (call class) is not sent; the ping answer comes after the member event
            assertThat(c.readMessage()).startsWith("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\n")
                    .contains("MemberName: Agent 1001\r\n", "Paused: 1\r\n", "PausedReason: login\r\n");
            c.action("Action", "Ping");
            assertThat(c.readMessage()).startsWith("Response: Success\r\nPing: Pong\r\n");
        }
    }

    @Test
    void actionsOutsideTheUsersWriteClassesAreRefused() throws Exception {
        try (AmiTestClient c = login("off")) {
            c.action("Action", "Originate", "ActionID", "o", "Channel", "Local/1@x");
            assertThat(c.readMessage()).isEqualTo("Response: Error\r\nActionID: o\r\nMessage: Permission denied\r\n\r\n");
        }
    }

    @Test
    void queueStatusListsMembersWithNameAndLocationAndCallersAsEntries() throws Exception {
        try (AmiTestClient c = login("off")) {
            addMember(c, false);
            box.callerJoins("hotline-general", AmiChannel.caller("PJSIP/trunk-00000001", "13800138000", "hotline",
                    "12333", 5, "1795446600.1", "1795446600.1"));
            clock.addAndGet(7_000_000);
            c.action("Action", "QueueStatus", "ActionID", "st", "Queue", "hotline-general");
            assertThat(c.readMessage()).isEqualTo("Response: Success\r\nActionID: st\r\nEventList: start\r\n"
                    + "Message: Queue status will follow\r\n\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueParams\r\nQueue: hotline-general\r\n").contains("Calls: 1\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueMember\r\nQueue: hotline-general\r\nName: Agent 1001\r\n"
                    + "Location: " + AGENT + "\r\n").doesNotContain("Ringinuse").endsWith("ActionID: st\r\n\r\n");
            assertThat(c.readMessage()).isEqualTo("Event: QueueEntry\r\nQueue: hotline-general\r\nPosition: 1\r\n"
                    + "Channel: PJSIP/trunk-00000001\r\nUniqueid: 1795446600.1\r\nCallerIDNum: 13800138000\r\n"
                    + "CallerIDName: unknown\r\nConnectedLineNum: unknown\r\nConnectedLineName: unknown\r\nWait: 7\r\n"
                    + "Priority: 0\r\nActionID: st\r\n\r\n");
            assertThat(c.readMessage()).isEqualTo("Event: QueueStatusComplete\r\nActionID: st\r\nEventList: Complete\r\n"
                    + "ListItems: 3\r\n\r\n");
            c.action("Action", "CoreShowChannels", "ActionID", "ch");
            assertThat(c.readMessage()).contains("Message: Channels will follow\r\n");
            assertThat(c.readMessage()).startsWith("Event: CoreShowChannel\r\nActionID: ch\r\nChannel: PJSIP/trunk-00000001\r\n")
                    .contains("Application: Queue\r\nApplicationData: hotline-general\r\nDuration: 00:00:07\r\n");
            assertThat(c.readMessage()).contains("Event: CoreShowChannelsComplete\r\n", "ListItems: 1\r\n");
        }
    }

    @Test
    void pauseWithoutQueueAppliesToEveryQueueAndUnknownInterfacesAreNotFound() throws Exception {
        try (AmiTestClient c = login("agent")) {
            addMember(c, false);
            c.readUntil("Event: QueueMemberAdded");
            c.action("Action", "QueueAdd", "Queue", "hotline-pension", "Interface", AGENT, "MemberName", "Agent 1001");
            c.readUntil("Event: QueueMemberAdded");
            c.action("Action", "QueuePause", "ActionID", "p", "Interface", AGENT, "Paused", "true", "Reason", "休息");
            assertThat(c.readMessage()).isEqualTo("Response: Success\r\nActionID: p\r\nMessage: Interface paused successfully\r\n\r\n");
            assertThat(c.readMessage()).contains("Queue: hotline-general\r\n", "Paused: 1\r\n", "PausedReason: 休息\r\n");
            assertThat(c.readMessage()).contains("Queue: hotline-pension\r\n", "Paused: 1\r\n");
            c.action("Action", "QueuePause", "ActionID", "x", "Interface", "Local/9@x/n", "Paused", "false");
            assertThat(c.readMessage()).isEqualTo("Response: Error\r\nActionID: x\r\nMessage: Interface not found\r\n\r\n");
        }
        assertThat(box.members("hotline-pension")).containsEntry(AGENT, true);
    }

    @Test
    void aMemberWhoseInterfaceNamesNoEndpointReadsInvalidAndIsNotAvailable() throws Exception {
        box.close();
        box = AmiEmulator.start(AmiSettings.defaults().withClock(clock::get)
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting"))
                .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general")))
                .withPjsipEndpoints(List.of("agent1001")));
        try (AmiTestClient c = login("agent")) {
            // chan_pjsip_devicestate: no such endpoint → AST_DEVICE_INVALID (4); an online endpoint → NOT_INUSE (1)
            c.action("Action", "QueueAdd", "Queue", "hotline-general", "Interface", "PJSIP/agent1O01",
                    "MemberName", "typo", "Paused", "false");
            assertThat(c.readUntil("Event: QueueMemberAdded")).contains("Interface: PJSIP/agent1O01\r\n",
                    "Status: 4\r\n", "Paused: 0\r\n");
            c.action("Action", "QueueSummary", "ActionID", "s", "Queue", "hotline-general");
            // is_member_available and QueueSummary's LoggedIn leave INVALID out
            assertThat(c.readUntil("Event: QueueSummary\r\n")).contains("LoggedIn: 0\r\n", "Available: 0\r\n");
            c.action("Action", "QueueAdd", "Queue", "hotline-general", "Interface", "PJSIP/agent1001",
                    "MemberName", "1001", "Paused", "false");
            assertThat(c.readUntil("Event: QueueMemberAdded")).contains("Interface: PJSIP/agent1001\r\n",
                    "Status: 1\r\n");
        }
    }

    @Test
    void aCallDrivenThroughTheApiGivesTheQueueEventsInAppQueuesOrder() throws Exception {
        try (AmiTestClient c = login("agent")) {
            addMember(c, false);
            c.readUntil("Event: QueueMemberAdded");
            AmiChannel caller = AmiChannel.caller("PJSIP/trunk-00000002", "13800138000", "hotline", "12333", 5,
                    "1795446600.2", "1795446600.2");
            AmiCaller call = box.callerJoins("hotline-general", caller);
            clock.addAndGet(3_000_000);
            call.ring(AGENT, AmiChannel.memberLeg("Local/1001@hotline-agents-00000003;1", "13800138000",
                    "hotline-agents", "1001", "1795446603.3", "1795446600.2"));
            clock.addAndGet(2_500_000);
            call.connect(AGENT);
            clock.addAndGet(61_000_000);
            call.complete("caller");
            assertThat(c.readMessage()).startsWith("Event: QueueCallerJoin\r\n").contains("Position: 1\r\nCount: 1\r\n");
            assertThat(c.readMessage()).startsWith("Event: AgentCalled\r\n")
                    .contains("DestChannel: Local/1001@hotline-agents-00000003;1\r\n")
                    .endsWith("Queue: hotline-general\r\nInterface: " + AGENT + "\r\nMemberName: Agent 1001\r\n\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueCallerLeave\r\n").contains("Position: 1\r\nCount: 0\r\n");
            assertThat(c.readMessage()).startsWith("Event: AgentConnect\r\n").contains("DestChannelState: 6\r\n")
                    .endsWith("HoldTime: 5\r\nRingTime: 2\r\n\r\n");
            assertThat(c.readMessage()).startsWith("Event: AgentComplete\r\n")
                    .endsWith("HoldTime: 5\r\nTalkTime: 61\r\nReason: caller\r\n\r\n");
        }
    }

    @Test
    void timestampAndSystemNameLinesFollowPrivilegeWhenConfigured() throws Exception {
        box.close();
        box = AmiEmulator.start(AmiSettings.defaults().withClock(clock::get).withTimestampEvents(true)
                .withSystemName("ast1").withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
        try (AmiTestClient c = new AmiTestClient(box.address())) {
            c.readLine();
            c.action("Action", "Login", "Username", "hotline", "Secret", "hotline-secret", "Events", "agent");
            c.readMessage();
            clock.set(1_795_446_710_009_832L);
            box.deviceState("PJSIP/none", "INUSE");
            c.action("Action", "QueueAdd", "Queue", "hotline-general", "Interface", AGENT);
            assertThat(c.readUntil("Event:")).startsWith("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\n"
                    + "Timestamp: 1795446710.009832\r\nSystemName: ast1\r\nQueue: hotline-general\r\n");
        }
    }

    @Test
    void droppedConnectionsReadEndOfFile() throws Exception {
        try (AmiTestClient c = login(null)) {
            assertThat(c.readMessage()).startsWith("Event: FullyBooted\r\n");
            box.dropConnections();
            assertThat(c.readMessage()).isNull();
        }
    }

    @Test
    void aHalfOpenConnectionStaysOpenButAnswersNothing() throws Exception {
        try (AmiTestClient c = login("off")) {
            box.halfOpen();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                c.action("Action", "Ping");
                c.socket.setSoTimeout(200);
                assertThatThrownBy(c::readMessage).isInstanceOf(SocketTimeoutException.class);
            });
            assertThat(c.socket.isClosed()).isFalse();
            try (AmiTestClient fresh = login("off")) {
                fresh.action("Action", "Ping", "ActionID", "p");
                assertThat(fresh.readMessage()).startsWith("Response: Success\r\nActionID: p\r\nPing: Pong\r\n");
            }
        }
    }

    @Test
    void aRestartDropsTheLinkLosesDynamicMembersAndStartsUptimeAgain() throws Exception {
        try (AmiTestClient c = login("off")) {
            addMember(c, false);
            clock.addAndGet(3_600_000_000L);
            box.restart();
            assertThat(c.readMessage()).isNull();
        }
        assertThat(box.members("hotline-general")).isEmpty();
        clock.addAndGet(2_000_000);
        try (AmiTestClient c = login("system")) {
            assertThat(c.readMessage()).isEqualTo("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 2\r\n"
                    + "LastReload: 2\r\nStatus: Fully Booted\r\n\r\n");
        }
    }

    @Test
    void aCrashedBoxRefusesConnectionsUntilItBootsOnTheSamePort() throws Exception {
        int port = box.port();
        box.crash();
        assertThat(nobodyAnswers()).isTrue();
        box.boot();
        assertThat(box.port()).isEqualTo(port);
        login("off").close();
    }

    /**
     * Connecting to the closed port is refused, or, when the kernel happens to give the client that same free
     * port, connects the socket to itself (TCP self-connect): either way no banner comes.
     */
    private boolean nobodyAnswers() {
        try (AmiTestClient c = new AmiTestClient(box.address())) {
            c.socket.setSoTimeout(300);
            return !c.readLine().startsWith("Asterisk");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void refusedLoginsFailAndCloseUntilLoginsAreAllowedAgain() throws Exception {
        box.refuseLogins(true);
        try (AmiTestClient c = new AmiTestClient(box.address())) {
            c.readLine();
            c.action("Action", "Login", "ActionID", "l", "Username", "desk", "Secret", "desk-secret");
            assertThat(c.readMessage()).isEqualTo("Response: Error\r\nActionID: l\r\nMessage: Authentication failed\r\n\r\n");
            assertThat(c.atEof()).isTrue();
        }
        box.refuseLogins(false);
        login("off").close();
    }

    @Test
    void delayedEventsArriveAfterLaterResponses() throws Exception {
        try (AmiTestClient c = login("agent")) {
            box.delayEvents(Duration.ofMillis(300));
            c.action("Action", "QueueAdd", "ActionID", "a", "Queue", "hotline-general", "Interface", AGENT);
            c.action("Action", "Ping", "ActionID", "p");
            assertThat(c.readMessage()).contains("ActionID: a\r\n");
            assertThat(c.readMessage()).contains("ActionID: p\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueMemberAdded\r\n");
        }
    }

    @Test
    void reorderedEventsArriveLastFirst() throws Exception {
        try (AmiTestClient c = login("agent")) {
            addMember(c, false);
            c.readUntil("Event: QueueMemberAdded");
            box.reorderNextEvents(2);
            c.action("Action", "Ping");
            c.readMessage(); // the ping's answer: the reordering is in place once the session has run it
            AmiCaller call = box.callerJoins("hotline-general", AmiChannel.caller("PJSIP/t-1", "1", "hotline", "12333",
                    1, "1.1", "1.1"));
            call.abandon();
            assertThat(c.readMessage()).startsWith("Event: QueueCallerAbandon\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueCallerJoin\r\n");
            assertThat(c.readMessage()).startsWith("Event: QueueCallerLeave\r\n");
        }
    }
}
