package cn.hotline12333.workorder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A search of work orders: the narrowest index answers first (an assignee's open orders, the open orders by due
 * day, a caller's, a status's, or all by creation), then the other filters are applied to the orders read, page by
 * page, until the limit is reached. An agent sees only the orders assigned to them.
 */
final class OrderSearch {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_PAGES = 20;

    private final OrderStore store;
    private final Deadlines.Calendar calendar;
    private final UnaryOperator<String> callerHash;

    OrderSearch(OrderStore store, Deadlines.Calendar calendar, UnaryOperator<String> callerHash) {
        this.store = store;
        this.calendar = calendar;
        this.callerHash = callerHash;
    }

    List<WorkOrder> find(Actor actor, Filter f, LocalDate today) throws Problem {
        String assignee = f.assignee();
        if (f.mine() || !actor.manager()) {
            if (assignee != null && !assignee.equals(actor.name())) {
                throw Problem.forbidden("an agent sees only their own work orders (assignee=" + actor.name() + ")");
            }
            assignee = actor.name();
        }
        String hash = null;
        if (f.caller() != null) {
            hash = HASH.matcher(f.caller()).matches() ? f.caller() : callerHash.apply(f.caller().replaceAll("[ -]", ""));
        }
        String index;
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        boolean newestFirst = false;
        boolean openOnly = assignee != null && (f.status() == null || f.status().open());
        if (openOnly) {
            index = "assignee:" + assignee;
        } else if (f.overdue() || f.dueSoon() || f.due() != null) {
            index = "open";
        } else if (hash != null) {
            index = "caller:" + hash;
            newestFirst = true;
        } else if (f.status() != null) {
            index = "status:" + f.status().wireName();
            newestFirst = true;
        } else {
            index = "all";
            newestFirst = true;
        }
        if (index.startsWith("assignee:") || index.equals("open")) {
            if (f.overdue()) {
                max = today.minusDays(1).toEpochDay();
            }
            if (f.dueSoon()) {
                min = today.toEpochDay();
                max = Math.min(max, DueState.dueSoonUntil(today, calendar).toEpochDay());
            }
            if (f.due() != null) {
                max = Math.min(max, f.due().toEpochDay());
            }
        }
        Predicate<WorkOrder> keep = keep(f, assignee, hash, today);
        List<WorkOrder> found = new ArrayList<>();
        int page = Math.max(50, f.limit() * 2);
        for (int p = 0; p < MAX_PAGES && found.size() < f.limit(); p++) {
            List<String> ids = store.ids(index, min, max, newestFirst, p * page, page);
            for (WorkOrder o : store.get(ids)) {
                if (keep.test(o) && found.size() < f.limit()) {
                    found.add(o);
                }
            }
            if (ids.size() < page) {
                break;
            }
        }
        return found;
    }

    private Predicate<WorkOrder> keep(Filter f, String assignee, String hash, LocalDate today) {
        return o -> (f.status() == null || o.status() == f.status())
                && (f.type() == null || o.type().equals(f.type()))
                && (assignee == null || assignee.equals(o.assignee()))
                && (hash == null || hash.equals(o.callerHash()))
                && (f.due() == null || o.status().open() && !o.due().isAfter(f.due()))
                && (!f.overdue() || DueState.of(o, today, calendar).overdue())
                && (!f.dueSoon() || DueState.of(o, today, calendar).dueSoon());
    }
}
