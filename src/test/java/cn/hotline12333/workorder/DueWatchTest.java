package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The due-soon and overdue notices on a driven clock: a wage-arrears order accepted Friday 2025-09-26 is due Monday
 * 2025-10-13; it is due soon on Saturday 10-11, a swapped working day (调休), when only 10-13 is left, not on Friday 10-10
 * (10-11 and 10-13 left), and overdue from Tuesday 10-14. Two
 * nodes checking the same day tell the assignee once.
 */
class DueWatchTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final Actor ANN = new Actor("ann", false);
    private static final Actor BOSS = new Actor("boss", true);

    record Told(String agent, String kind, Map<String, Object> body) {
    }

    private final List<Told> told = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object body) {
        return (Map<String, Object>) body;
    }

    private DueWatch node(Desk desk) {
        return new DueWatch(REDIS.redis(), desk.orders, (agent, kind, body) -> told.add(new Told(agent, kind, cast(body))));
    }

    private String order(Desk desk, String key, String assignee) throws Problem {
        return desk.orders.create(ANN, new Draft(key, "wage_arrears", null, null, null, null, null, "某公司" + key,
                "三个月工资未发", null, null, assignee, true, null)).order().id();
    }

    @Test
    void theAssigneeIsToldOnceADayPerStateWhicheverNodeChecks() throws Exception {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = order(desk, "due-watch-1", "ann");
        order(desk, "due-watch-2", null); // nobody's yet: no desk to tell
        DueWatch a = node(desk);
        DueWatch b = node(desk);

        desk.clock.set("2025-10-10T09:00+08:00"); // Friday: the worked Saturday 10-11 and 10-13 left
        assertThat(a.check()).isZero();

        desk.clock.set("2025-10-11T09:00+08:00");
        assertThat(a.check()).isEqualTo(1);
        assertThat(b.check()).isZero();
        assertThat(a.check()).isZero();
        assertThat(told).singleElement().satisfies(t -> {
            assertThat(t.agent()).isEqualTo("ann");
            assertThat(t.kind()).isEqualTo("work_order_due");
            assertThat(t.body()).containsEntry("id", id).containsEntry("state", "due_soon")
                    .containsEntry("due", "2025-10-13").containsEntry("workingDaysLeft", 1);
        });

        desk.clock.set("2025-10-13T16:00+08:00"); // the due day itself: still due soon, a new day
        assertThat(b.check()).isEqualTo(1);
        desk.clock.set("2025-10-14T09:00+08:00");
        assertThat(b.check()).isEqualTo(1);
        assertThat(a.check()).isZero();
        assertThat(told.get(told.size() - 1).body()).containsEntry("state", "overdue");
        desk.clock.set("2025-10-15T09:00+08:00");
        assertThat(a.check()).isEqualTo(1);
        assertThat(told).hasSize(4);
    }

    @Test
    void aReassignedOrderIsToldToItsNewAssigneeAndAClosedOneToNobody() throws Exception {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = order(desk, "due-watch-3", "ann");
        String closed = order(desk, "due-watch-4", "ann");
        desk.orders.act(ANN, closed, new Request(Transitions.Action.START, null, null, null, null, null, null));
        desk.orders.act(ANN, closed, new Request(Transitions.Action.REPLY, null, null, "已补发", null, null, null));
        desk.orders.act(ANN, closed, new Request(Transitions.Action.CLOSE, null, null, null, null, null, 5));
        DueWatch a = node(desk);
        desk.clock.set("2025-10-14T09:00+08:00");
        assertThat(a.check()).isEqualTo(1);

        desk.orders.act(BOSS, id, new Request(Transitions.Action.REASSIGN, null, "bob", null, "ann 休假", null, null));
        assertThat(a.check()).isEqualTo(1);

        assertThat(told).extracting(Told::agent).containsExactly("ann", "bob");
        assertThat(told).allSatisfy(t -> assertThat(t.body()).containsEntry("id", id));
    }
}
