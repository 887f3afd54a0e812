package cn.hotline12333.workorder;

import static cn.hotline12333.workorder.Status.ASSIGNED;
import static cn.hotline12333.workorder.Status.CLOSED;
import static cn.hotline12333.workorder.Status.IN_PROGRESS;
import static cn.hotline12333.workorder.Status.PENDING;
import static cn.hotline12333.workorder.Status.REPLIED;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The work order's status machine as one table: which action may move an order from which status to which, and
 * who may take it. An agent acts only as the order's assignee; a manager may take every action. Anything not in
 * the table is refused (409), so a stale page cannot close an order that was reopened meanwhile.
 *
 * <pre>
 *   待分派 ──assign──▶ 已分派 ──start──▶ 处理中 ──reply──▶ 已答复 ──close──▶ 已办结
 *     ▲                 │ ▲ reassign      │ progress        │                 │
 *     └──── 退回 return ─┴─┴───────────────┴─────────────────┘                 │
 *                                  处理中 ◀──────── 重办 reopen ──────────────┘ (also from 已答复)
 *   extend (延期, with reason) keeps the status of any open order
 * </pre>
 */
public final class Transitions {
    /** Who may take an action: the order's assignee (agent or manager), or only a manager. */
    public enum Who { ASSIGNEE_OR_MANAGER, MANAGER }

    /** What a user may do to a work order. */
    public enum Action {
        ASSIGN, REASSIGN, START, PROGRESS, REPLY, CLOSE, RETURN, REOPEN, EXTEND;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action of that wire name, or null. */
        public static Action parse(String s) {
            for (Action a : values()) {
                if (a.wireName().equals(s)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** One row: {@code action} from any of {@code from} leads to {@code to} (null: the status stays). */
    public record Row(Action action, Set<Status> from, Status to, Who who) {
    }

    public static final List<Row> TABLE = List.of(
            new Row(Action.ASSIGN, EnumSet.of(PENDING), ASSIGNED, Who.MANAGER),
            new Row(Action.REASSIGN, EnumSet.of(ASSIGNED, IN_PROGRESS), ASSIGNED, Who.MANAGER),
            new Row(Action.START, EnumSet.of(ASSIGNED), IN_PROGRESS, Who.ASSIGNEE_OR_MANAGER),
            new Row(Action.PROGRESS, EnumSet.of(IN_PROGRESS), null, Who.ASSIGNEE_OR_MANAGER),
            new Row(Action.REPLY, EnumSet.of(IN_PROGRESS), REPLIED, Who.ASSIGNEE_OR_MANAGER),
            new Row(Action.CLOSE, EnumSet.of(REPLIED), CLOSED, Who.ASSIGNEE_OR_MANAGER),
            new Row(Action.RETURN, EnumSet.of(ASSIGNED, IN_PROGRESS, REPLIED), PENDING, Who.MANAGER),
            new Row(Action.REOPEN, EnumSet.of(REPLIED, CLOSED), IN_PROGRESS, Who.MANAGER),
            new Row(Action.EXTEND, EnumSet.of(PENDING, ASSIGNED, IN_PROGRESS, REPLIED), null, Who.MANAGER));

    private Transitions() {
    }

    /** The row allowing {@code action} from {@code status}, or null when the table has none. */
    public static Row find(Action action, Status status) {
        for (Row r : TABLE) {
            if (r.action() == action && r.from().contains(status)) {
                return r;
            }
        }
        return null;
    }

    /** The status after the row (its own, or the one it keeps). */
    static Status after(Row row, Status before) {
        return row.to() == null ? before : row.to();
    }
}
