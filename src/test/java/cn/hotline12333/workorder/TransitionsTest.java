package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status table, row by row: each allowed move lands where the table says; everything else is refused. */
class TransitionsTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2025-09-29T10:00+08:00");
    private static final Actor MANAGER = new Actor("boss", true);
    private static final Actor ASSIGNEE = new Actor("ann", false);
    private static final Actor OTHER_AGENT = new Actor("bob", false);

    private static WorkOrder in(Status s) {
        return new WorkOrder("GD20250926000001", "wage_arrears", "欠薪投诉", s, List.of(), null, null, "13800138000",
                null, null, "某公司", "欠薪", null, null, "ann", NOW.minusDays(3), LocalDate.of(2025, 9, 26), 7,
                LocalDate.of(2025, 10, 13), s == Status.PENDING ? null : "ann", 4, 0, 0,
                s == Status.CLOSED ? NOW.minusDays(1) : null, null, null);
    }

    private static Request ask(Transitions.Action a) {
        return new Request(a, null, "carl", "已联系用人单位", "单位地址有误", 3, 5);
    }

    @Test
    void everyRowMovesTheOrderWhereTheTableSays() throws Problem {
        int checked = 0;
        for (Transitions.Row row : Transitions.TABLE) {
            for (Status from : row.from()) {
                WorkOrder before = in(from);
                WorkOrders.Changed c = OrderRules.apply(before, ask(row.action()), MANAGER, NOW, Desk.CALENDAR);
                Status expected = row.to() == null ? from : row.to();
                assertThat(c.order().status()).as(row.action() + " from " + from).isEqualTo(expected);
                assertThat(c.order().version()).isEqualTo(before.version() + 1);
                assertThat(c.change().from()).isEqualTo(from);
                assertThat(c.change().to()).isEqualTo(expected);
                assertThat(c.change().actor()).isEqualTo("boss");
                if (from != Status.PENDING) {
                    boolean agentMay = row.who() == Transitions.Who.ASSIGNEE_OR_MANAGER;
                    if (agentMay) {
                        assertThat(OrderRules.apply(before, ask(row.action()), ASSIGNEE, NOW, Desk.CALENDAR).order()
                                .status()).isEqualTo(expected);
                    } else {
                        assertThatThrownBy(() -> OrderRules.apply(before, ask(row.action()), ASSIGNEE, NOW, Desk.CALENDAR))
                                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
                    }
                    assertThatThrownBy(() -> OrderRules.apply(before, ask(row.action()), OTHER_AGENT, NOW, Desk.CALENDAR))
                            .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    @Test
    void everyMoveOutsideTheTableIsAConflictEvenForAManager() {
        int refused = 0;
        for (Transitions.Action a : Transitions.Action.values()) {
            for (Status s : Status.values()) {
                if (Transitions.find(a, s) != null) {
                    continue;
                }
                assertThatThrownBy(() -> OrderRules.apply(in(s), ask(a), MANAGER, NOW, Desk.CALENDAR))
                        .as(a + " from " + s)
                        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.CONFLICT));
                refused++;
            }
        }
        assertThat(refused).isEqualTo(Transitions.Action.values().length * Status.values().length - 16);
    }

    @Test
    void returnClearsTheAssigneeReopenCountsAndForgetsTheCloseAndExtendMovesTheDueDateByWorkingDays() throws Problem {
        assertThat(OrderRules.apply(in(Status.IN_PROGRESS), ask(Transitions.Action.RETURN), MANAGER, NOW, Desk.CALENDAR)
                .order().assignee()).isNull();
        WorkOrder reopened = OrderRules.apply(in(Status.CLOSED), ask(Transitions.Action.REOPEN), MANAGER, NOW,
                Desk.CALENDAR).order();
        assertThat(reopened.reopened()).isEqualTo(1);
        assertThat(reopened.closedAt()).isNull();
        WorkOrders.Changed extended = OrderRules.apply(in(Status.IN_PROGRESS), ask(Transitions.Action.EXTEND), MANAGER,
                NOW, Desk.CALENDAR);
        // 2025-10-13 (Mon) + 3 working days
        assertThat(extended.order().due()).isEqualTo("2025-10-16");
        assertThat(extended.change().approvedBy()).isEqualTo("boss");
        assertThat(extended.change().note()).isEqualTo("单位地址有误");
    }

    @Test
    void anExtensionWithoutReasonOrDaysIsBadInputNamingTheField() {
        assertThatThrownBy(() -> OrderRules.apply(in(Status.IN_PROGRESS),
                new Request(Transitions.Action.EXTEND, null, null, null, null, 3, null), MANAGER, NOW, Desk.CALENDAR))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> OrderRules.apply(in(Status.IN_PROGRESS),
                new Request(Transitions.Action.EXTEND, null, null, null, "等待单位答复", null, null), MANAGER, NOW,
                Desk.CALENDAR)).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("days"));
        assertThatThrownBy(() -> OrderRules.apply(in(Status.IN_PROGRESS),
                new Request(Transitions.Action.REPLY, null, null, "  ", null, null, null), ASSIGNEE, NOW, Desk.CALENDAR))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("text"));
    }
}
