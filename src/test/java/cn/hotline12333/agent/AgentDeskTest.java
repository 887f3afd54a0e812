package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.agent.LoginResult.Conflict;
import cn.hotline12333.agent.LoginResult.LoggedIn;
import cn.hotline12333.store.RedisFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logins against a real Redis: one desktop per agent, one agent per extension, take-over, release. */
class AgentDeskTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private final FloorFixture f = new FloorFixture();
    private final List<String> closed = new ArrayList<>();
    private final AgentDesk desk = desk();

    private AgentDesk desk() {
        AgentDesk d = new AgentDesk(f.floor, Runnable::run, new DeskRegistry(REDIS.redis()), Runnable::run, () -> { });
        d.addListener(new DeskListener() {
            @Override
            public void closed(String agent, String deskId, String why) {
                closed.add(agent + " " + deskId + " " + why);
            }
        });
        return d;
    }

    @Test
    void aSecondDesktopOfTheSameAgentConflictsSayingWhereAndSince() {
        assertThat(desk.login("1001", "6001", "tab-a", "10.0.0.5 Chrome", false).join()).isInstanceOf(LoggedIn.class);
        LoginResult second = desk.login("1001", "6001", "tab-b", "10.0.0.9 Firefox", false).join();
        assertThat(second).isInstanceOfSatisfying(Conflict.class, c -> {
            assertThat(c.open().desk()).isEqualTo("tab-a");
            assertThat(c.open().where()).isEqualTo("10.0.0.5 Chrome");
            assertThat(c.open().since()).isPositive();
        });
        assertThat(f.sent).containsExactly("1001 ADD_PAUSED 未就绪");
    }

    @Test
    void theSameDesktopMayLogInAgain() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        assertThat(desk.login("1001", "6001", "tab-a", "here", false).join()).isInstanceOf(LoggedIn.class);
    }

    @Test
    void anExtensionHeldByAnotherAgentConflicts() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        LoginResult r = desk.login("1002", "6001", "tab-c", "there", false).join();
        assertThat(r).isInstanceOfSatisfying(Conflict.class, c -> {
            assertThat(c.holder()).isEqualTo("1001");
            assertThat(c.open().desk()).isEqualTo("tab-a");
        });
    }

    @Test
    void takeOverClosesTheOtherDesktopAndSaysWhy() {
        desk.login("1001", "6001", "tab-a", "10.0.0.5", false).join();
        LoginResult r = desk.login("1001", "6001", "tab-b", "10.0.0.9", true).join();
        assertThat(r).isInstanceOfSatisfying(LoggedIn.class, l -> assertThat(l.replaced().desk()).isEqualTo("tab-a"));
        assertThat(closed).containsExactly("1001 tab-a taken over by 10.0.0.9");
        assertThat(desk.login("1001", "6001", "tab-a", "10.0.0.5", false).join()).isInstanceOf(Conflict.class);
    }

    @Test
    void takingOverAnotherAgentsExtensionLogsThatAgentOut() {
        f.ready("1001", "6001");
        new DeskRegistry(REDIS.redis()).bind("1001", "6001", "tab-a", "here", false, 1);
        desk.login("1002", "6001", "tab-c", "there", true).join();
        assertThat(f.sent).contains("1001 REMOVE");
        assertThat(closed).containsExactly("1001 null extension 6001 taken over by 1002");
    }

    @Test
    void theDeskIsFreedOnceAsteriskConfirmsTheLogout() {
        desk.login("1001", "6001", "tab-a", "here", false).join();
        f.fact("1001", Trigger.withReason(Trigger.Kind.MEMBER_ADDED, ""));
        desk.logout("1001").join();
        assertThat(new DeskRegistry(REDIS.redis()).desktop("1001")).isNotNull();
        f.fact("1001", Trigger.of(Trigger.Kind.MEMBER_REMOVED));
        assertThat(new DeskRegistry(REDIS.redis()).desktop("1001")).isNull();
        assertThat(desk.login("1002", "6001", "tab-z", "x", false).join()).isInstanceOf(LoggedIn.class);
    }

    @Test
    void badInputIsRefusedAsAValue() {
        assertThat(desk.login("1001", "60a1", "t", "w", false).join())
                .isEqualTo(new LoginResult.Refused("extension: 2 to 10 digits"));
        assertThat(desk.login("10 01", "6001", "t", "w", false).join()).isInstanceOf(LoginResult.Refused.class);
    }
}
