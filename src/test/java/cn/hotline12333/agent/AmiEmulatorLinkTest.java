package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The desk with its real AMI link (Asterisk-Java over TCP) against the AMI emulator: login paused, ready, a
 * dropped link, an Asterisk restart that lost every dynamic member. Deadlines, no sleeps.
 */
class AmiEmulatorLinkTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private AmiEmulator box;
    private AgentDesk desk;
    private final List<Boolean> link = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        boot(AmiSettings.defaults(), "PJSIP/%s", "");
    }

    /** The box (with the desk's user and one dynamic queue) and the desk with these member and state interfaces. */
    private void boot(AmiSettings boxSettings, String iface, String stateIface) {
        if (desk != null) {
            stop();
            link.clear();
        }
        box = AmiEmulator.start(boxSettings
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting"))
                .withQueues(List.of(AmiSettings.Queue.dynamic("hotline-general"))));
        AgentSettings settings = new AgentSettings("127.0.0.1", box.port(), "desk", "desk-secret",
                List.of("hotline-general"), iface, Duration.ofSeconds(60), Map.of(), false,
                Duration.ofSeconds(60), AgentSettings.parsePauses(AgentSettings.DEFAULT_PAUSES, "x"), stateIface);
        desk = AgentDesk.start(REDIS.redis(), settings, s -> { }, h -> { }, Clock.systemUTC(), "node-a");
        desk.addListener(new DeskListener() {
            @Override
            public void linkChanged(boolean up) {
                link.add(up);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> link.contains(true));
    }

    @AfterEach
    void stop() {
        try {
            desk.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        box.close();
    }

    private AgentState state() {
        return desk.snapshot("1001").join().state();
    }

    @Test
    void loginReadyThenARestartThatLostTheMembersIsRepaired() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        assertThat(box.members("hotline-general")).containsEntry("PJSIP/6001", true);

        desk.ready("1001").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.READY);
        assertThat(box.members("hotline-general")).containsEntry("PJSIP/6001", false);

        box.restart(); // persistentmembers = no: the member is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(
                box.members("hotline-general").get("PJSIP/6001")));
        assertThat(state()).isEqualTo(AgentState.READY);
        assertThat(link).containsSubsequence(true, false, true);
    }

    @Test
    void aDroppedLinkComesBackAndAPauseMadeMeanwhileIsRepaired() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        box.dropConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> link.contains(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> link.lastIndexOf(true) > link.indexOf(false));
        assertThat(box.members("hotline-general")).containsEntry("PJSIP/6001", true);
        assertThat(state()).isEqualTo(AgentState.NOT_READY);
    }

    /**
     * A member whose interface names no PJSIP endpoint reads Status 4 (AST_DEVICE_INVALID); app_queue never offers
     * it a call (is_member_available), so the desk shows the phone offline, and so do the supervisor's grid and the
     * wallboard's live key, whatever the pause says.
     */
    @Test
    void anExtensionThatNamesNoEndpointIsShownPhoneOffline() {
        boot(AmiSettings.defaults().withPjsipEndpoints(List.of("6001")), "PJSIP/%s", "");
        desk.login("1001", "6009", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        desk.ready("1001").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.READY);
        assertThat(desk.snapshot("1001").join().phoneOffline()).as("Status 4: invalid interface").isTrue();
        assertThat(desk.agents().join()).singleElement().satisfies(a -> assertThat(a.phoneOffline()).isTrue());
        await().atMost(Duration.ofSeconds(5)).until(() -> String.valueOf(REDIS.redis().jedis()
                .hget("live:agents", "1001")).contains("\"phone\":\"offline\""));

        box.deviceState("PJSIP/6009", "NOT_INUSE"); // the endpoint is created and registers
        await().atMost(Duration.ofSeconds(5)).until(() -> !desk.snapshot("1001").join().phoneOffline());
    }

    /**
     * With a Local/ member interface (the sample dialplan rings agents through [hotline-agents]) the phone's state
     * is the softphone's device, sent as StateInterface: its unregistering shows as phone offline.
     */
    @Test
    void aLocalInterfaceFollowsTheSoftphoneAsItsStateInterface() {
        boot(AmiSettings.defaults(), "Local/%s@hotline-agents/n", "PJSIP/agent%s");
        desk.login("1001", "6001", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        assertThat(box.members("hotline-general")).containsOnlyKeys("Local/6001@hotline-agents/n");

        box.deviceState("PJSIP/agent6001", "UNAVAILABLE");
        await().atMost(Duration.ofSeconds(5)).until(() -> desk.snapshot("1001").join().phoneOffline());
        box.deviceState("PJSIP/agent6001", "NOT_INUSE");
        await().atMost(Duration.ofSeconds(5)).until(() -> !desk.snapshot("1001").join().phoneOffline());
    }

    /** Logged in again at another extension: the membership moves there (add first, then remove), state kept. */
    @Test
    void aLoginAtAnotherExtensionMovesTheMemberAndKeepsTheState() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        desk.ready("1001").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.READY);

        desk.login("1001", "6002", "tab-a", "there", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> Map.of("PJSIP/6002", false)
                .equals(box.members("hotline-general")));
        AgentSnapshot s = desk.snapshot("1001").join();
        assertThat(s.state()).as("the old member's QueueMemberRemoved is not a logout").isEqualTo(AgentState.READY);
        assertThat(s.extension()).isEqualTo("6002");
        assertThat(s.removedByPhoneSystem()).isFalse();
    }

    /**
     * The second login came while the link was down, so neither the add nor the remove reached Asterisk: the
     * reconciliation after the reconnect adds the agent at the new extension and removes the member left at the old.
     */
    @Test
    void theReconciliationRemovesTheMemberLeftAtTheOldExtension() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> state() == AgentState.NOT_READY);
        box.refuseLogins(true);
        box.dropConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> link.contains(false));

        desk.login("1001", "6002", "tab-a", "there", false).join();
        assertThat(box.members("hotline-general")).containsOnlyKeys("PJSIP/6001");
        box.refuseLogins(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Map.of("PJSIP/6002", true)
                .equals(box.members("hotline-general")));
        AgentSnapshot s = desk.snapshot("1001").join();
        assertThat(s.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(s.extension()).isEqualTo("6002");
    }
}
