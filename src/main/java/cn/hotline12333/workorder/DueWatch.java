package cn.hotline12333.workorder;

import cn.hotline12333.store.Redis;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Tells an order's assignee, on the desktop, that it is due soon (one working day left) or overdue. Every node runs
 * the check on its own schedule; a {@code SET NX} key per order, state and Beijing day makes one node the teller,
 * so the assignee hears it once a day per state however many nodes run. The day and the states come from the work
 * orders' own clock and calendar ({@link WorkOrders#dueState}), so HOTLINE_CLOCK moves them as it moves deadlines.
 */
public final class DueWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DueWatch.class);
    public static final String KIND = "work_order_due";
    private static final Actor WATCH = new Actor("due-watch", true);
    private static final int MOST = 10_000;
    private static final long KEY_SECONDS = Duration.ofDays(2).toSeconds();

    /** Where a notice goes: {@code web.DeskPush::publish} on a node. */
    @FunctionalInterface
    public interface Desks {
        void publish(String agent, String kind, Object body);
    }

    private final Redis redis;
    private final WorkOrders orders;
    private final Desks desks;
    private final ScheduledExecutorService timer;
    private boolean failing;

    DueWatch(Redis redis, WorkOrders orders, Desks desks) {
        this(redis, orders, desks, null);
    }

    private DueWatch(Redis redis, WorkOrders orders, Desks desks, ScheduledExecutorService timer) {
        this.redis = redis;
        this.orders = orders;
        this.desks = desks;
        this.timer = timer;
    }

    /** Checks now and then every {@code every} on a thread of its own until closed. */
    public static DueWatch start(Redis redis, WorkOrders orders, Desks desks, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "work-order-due-watch");
            t.setDaemon(true);
            return t;
        });
        DueWatch watch = new DueWatch(redis, orders, desks, timer);
        timer.scheduleWithFixedDelay(watch::checkQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void checkQuietly() {
        try {
            check();
            if (failing) {
                log.info("event=work_order_due_watch_recovered");
                failing = false;
            }
        } catch (JedisException | Problem e) {
            if (!failing) {
                log.warn("event=work_order_due_watch_failed error=\"{}\"", e.getMessage());
                failing = true;
            }
        } catch (RuntimeException e) {
            log.error("event=work_order_due_watch_bug", e);
        }
    }

    /** One pass over the open orders due soon or overdue; returns how many notices this node sent. */
    int check() throws Problem {
        LocalDate today = orders.acceptedToday();
        String day = today.format(DateTimeFormatter.BASIC_ISO_DATE);
        int sent = 0;
        sent += tell(orders.list(WATCH, new Filter(null, null, null, null, null, false, false, true, MOST)), day);
        sent += tell(orders.list(WATCH, new Filter(null, null, null, null, null, false, true, false, MOST)), day);
        return sent;
    }

    private int tell(List<WorkOrder> found, String day) {
        int sent = 0;
        for (WorkOrder o : found) {
            if (o.assignee() == null) {
                continue; // nobody's desk yet: the pending list is the managers' to watch
            }
            DueState due = orders.dueState(o);
            String state = due.overdue() ? "overdue" : due.dueSoon() ? "due_soon" : null;
            if (state == null) {
                continue;
            }
            // the assignee is in the key too: an order reassigned that day is told to its new assignee as well
            String key = "{wo}:due-told:" + o.id() + ":" + state + ":" + day + ":" + o.assignee();
            if (!"OK".equals(redis.jedis().set(key, o.assignee(), SetParams.setParams().nx().ex(KEY_SECONDS)))) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", o.id());
            body.put("state", state);
            body.put("type", o.type());
            body.put("typeName", o.typeName());
            body.put("status", o.status().wireName());
            body.put("due", o.due().toString());
            body.put("workingDaysLeft", due.workingDaysLeft());
            desks.publish(o.assignee(), KIND, body);
            log.info("event=work_order_due_told order={} state={} assignee={}", o.id(), state, o.assignee());
            sent++;
        }
        return sent;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
