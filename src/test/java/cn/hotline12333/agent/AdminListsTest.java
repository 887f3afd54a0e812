package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin's pause reasons and skill groups in a real Redis: checked, versioned, history kept, used at login. */
class AdminListsTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private final PauseReasons pauses = new PauseReasons(REDIS.redis(), Clock.systemUTC());
    private final SkillGroups groups = new SkillGroups(REDIS.redis(), Clock.systemUTC());

    @Test
    void eachSavedReasonListIsANewVersionAndTheOldOnesAreKept() {
        assertThat(pauses.current()).isNull();
        pauses.save(List.of(new PauseReasons.Reason("休息", "小休", Duration.ofMinutes(15))), "admin");
        PauseReasons.Version second = pauses.save(List.of(new PauseReasons.Reason("休息", "小休", Duration.ofMinutes(10)),
                new PauseReasons.Reason("辅导", "业务辅导", Duration.ofMinutes(30))), "admin");

        assertThat(second.version()).isEqualTo(2);
        assertThat(pauses.current().limits()).containsEntry("辅导", Duration.ofMinutes(30))
                .containsEntry("休息", Duration.ofMinutes(10));
        assertThat(pauses.current().reasons().get(1).label()).isEqualTo("业务辅导");
        assertThat(pauses.history(10)).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.limits()).containsOnlyKeys("休息");
        });
    }

    @Test
    void badReasonsAreNamedByTheirField() {
        List<String> problems = PauseReasons.problems(List.of(
                new PauseReasons.Reason("休息", "小休", Duration.ofMinutes(15)),
                new PauseReasons.Reason("休息", "again", Duration.ofMinutes(15)),
                new PauseReasons.Reason("a:b", "x", Duration.ofMinutes(15)),
                new PauseReasons.Reason("桌面离线", "x", Duration.ofMinutes(15)),
                new PauseReasons.Reason("ok", "", Duration.ofSeconds(5)),
                new PauseReasons.Reason("话机离线", "x", Duration.ofMinutes(15))));
        assertThat(problems).containsExactly("reasons[1].code: 休息 appears twice",
                "reasons[2].code: 1 to 16 characters, no control characters, no ',' or ':'",
                "reasons[3].code: 桌面离线 is set by the desk itself",
                "reasons[4].label: 1 to 32 characters, no control characters",
                "reasons[4].limit: from 1 minute to 8 hours",
                "reasons[5].code: 话机离线 is set by the desk itself");
        assertThat(PauseReasons.problems(List.of())).containsExactly("reasons: 1 to 30 reasons");
        assertThatThrownBy(() -> pauses.save(List.of(), "admin")).isInstanceOf(IllegalArgumentException.class);
        assertThat(pauses.current()).isNull();
    }

    @Test
    void skillGroupsAreCheckedAgainstTheFlowsQueuesAndKeptWithHistory() {
        Set<String> known = Set.of("hotline-general", "hotline-pension", "labour-inspection");
        assertThat(SkillGroups.problems(Map.of("pension", List.of("hotline-pensoin")), Map.of("1001", "wages"), known))
                .containsExactly("groups.pension[0]: no queue hotline-pensoin in the flows (" + known + ")",
                        "members.1001: no group wages");
        groups.save(Map.of("pension", List.of("hotline-pension")), Map.of("1001", "pension"), known, "admin");
        groups.save(Map.of("pension", List.of("hotline-pension", "hotline-general")), Map.of("1001", "pension"),
                known, "admin");

        assertThat(groups.current().queuesOf("1001")).containsExactly("hotline-pension", "hotline-general");
        assertThat(groups.current().queuesOf("1002")).isNull();
        assertThat(groups.history(5)).singleElement()
                .satisfies(v -> assertThat(v.queuesOf("1001")).containsExactly("hotline-pension"));
    }

    @Test
    void anAgentLogsIntoItsSkillGroupsQueuesAndOthersIntoTheDefault() {
        FloorFixture f = new FloorFixture();
        AgentDesk desk = new AgentDesk(f.floor, Runnable::run, new DeskRegistry(REDIS.redis()), Runnable::run, () -> { });
        desk.skillGroups = groups;
        groups.save(Map.of("wages", List.of("labour-inspection", "hotline-general")), Map.of("1001", "wages"),
                Set.of(), "admin");

        desk.login("1001", "6001", "tab-a", "here", false).join();
        desk.login("1002", "6002", "tab-b", "there", false).join();

        assertThat(desk.snapshot("1001").join().queues()).containsExactly("labour-inspection", "hotline-general");
        assertThat(desk.snapshot("1002").join().queues()).containsExactly("hotline-general");
    }
}
