package cn.hotline12333.workorder;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/** One action on one order: checked against the status table and the actor's rights, and its result. */
final class OrderRules {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int MAX_EXTENSION_DAYS = 60;

    private OrderRules() {
    }

    static WorkOrders.Changed apply(WorkOrder o, Request r, Actor actor, OffsetDateTime now, Deadlines.Calendar calendar)
            throws Problem {
        if (r.action() == null) {
            throw Problem.badInput("action", "is required (" + actions() + ")");
        }
        Transitions.Row row = Transitions.find(r.action(), o.status());
        if (row == null) {
            throw Problem.conflict("cannot " + r.action().wireName() + " a work order that is " + o.status().label()
                    + " (" + o.status().wireName() + ")");
        }
        boolean assignee = actor.name().equals(o.assignee());
        if (!actor.manager() && (row.who() == Transitions.Who.MANAGER || !assignee)) {
            throw Problem.forbidden(row.who() == Transitions.Who.MANAGER
                    ? r.action().wireName() + " needs role manager" : "work order " + o.id() + " is another agent's");
        }
        Status to = Transitions.after(row, o.status());
        String newAssignee = o.assignee();
        LocalDate due = o.due();
        String note = null;
        String approvedBy = null;
        int reopened = o.reopened();
        int extensions = o.extensions();
        OffsetDateTime closedAt = o.closedAt();
        String reply = o.reply();
        Integer satisfaction = o.satisfaction();
        switch (r.action()) {
            case ASSIGN, REASSIGN -> {
                newAssignee = Text.required("assignee", r.assignee(), 64, false);
                if (!USER.matcher(newAssignee).matches()) {
                    throw Problem.badInput("assignee", "must be a user name");
                }
                note = Text.check("reason", r.reason(), 500, true);
            }
            case PROGRESS -> note = Text.required("text", r.text(), WorkOrders.MAX_DESCRIPTION, true);
            case REPLY -> {
                reply = Text.required("text", r.text(), WorkOrders.MAX_DESCRIPTION, true);
                note = reply;
            }
            case CLOSE -> {
                if (r.satisfaction() != null && (r.satisfaction() < 1 || r.satisfaction() > 5)) {
                    throw Problem.badInput("satisfaction", "must be 1 to 5");
                }
                satisfaction = r.satisfaction();
                closedAt = now;
                note = Text.check("text", r.text(), 2000, true);
            }
            case RETURN -> {
                newAssignee = null;
                note = Text.check("reason", r.reason(), 500, true);
            }
            case REOPEN -> {
                reopened++;
                closedAt = null;
                satisfaction = null;
                note = Text.required("reason", r.reason(), 500, true);
            }
            case EXTEND -> {
                note = Text.required("reason", r.reason(), 500, true);
                if (r.days() == null || r.days() < 1 || r.days() > MAX_EXTENSION_DAYS) {
                    throw Problem.badInput("days", "must be 1 to " + MAX_EXTENSION_DAYS + " working days");
                }
                try {
                    due = Deadlines.due(calendar, o.due(), r.days());
                } catch (Deadlines.UnknownYear e) {
                    throw Problem.badInput("days", "reach a year without a calendar: " + e.getMessage());
                }
                extensions++;
                approvedBy = actor.name();
            }
            default -> note = Text.check("text", r.text(), 2000, true);
        }
        WorkOrder next = o.next(to, newAssignee, due).with(reopened, extensions, closedAt, reply, satisfaction);
        WorkOrder.Change change = new WorkOrder.Change(next.version(), now, actor.name(), past(r.action()), o.status(),
                to, newAssignee, due, note, approvedBy);
        return new WorkOrders.Changed(next, change);
    }

    /** The history's and the record's word for an action: {@code replied}, {@code reopened}. */
    static String past(Transitions.Action a) {
        return switch (a) {
            case ASSIGN -> "assigned";
            case REASSIGN -> "reassigned";
            case START -> "started";
            case PROGRESS -> "progress";
            case REPLY -> "replied";
            case CLOSE -> "closed";
            case RETURN -> "returned";
            case REOPEN -> "reopened";
            case EXTEND -> "extended";
        };
    }

    private static String actions() {
        StringBuilder b = new StringBuilder();
        for (Transitions.Action a : Transitions.Action.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(a.wireName());
        }
        return b.toString();
    }
}
