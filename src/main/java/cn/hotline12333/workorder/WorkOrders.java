package cn.hotline12333.workorder;

import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Work orders (工单): created from a call with a deadline in working days, moved through the status table
 * ({@link Transitions}) by their assignee and managers, each change kept in the order's history and written as a
 * {@link FollowUpRecord} (exactly once, through the call log) for the statistics. Every method blocks on Redis: call
 * it from a worker. Who may do what is decided here, so every door (API, tests) gets the same answer.
 */
public final class WorkOrders {
    private static final Logger log = LoggerFactory.getLogger(WorkOrders.class);
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Duration DUPLICATE_WINDOW = Duration.ofDays(30);
    static final int MAX_DESCRIPTION = 4000;
    private static final int MAX_RETRIES = 5;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern CALL_ID = Pattern.compile("[0-9A-Za-z._/~-]{1,128}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{2,23}");
    static final Pattern ORDER_ID = Pattern.compile("GD[0-9]{8}[0-9]{6,}");

    private final OrderStore store;
    private final OrderTypes types;
    private final Supplier<Deadlines.Calendar> calendar;
    private final Clock clock;
    private final UnaryOperator<String> callerHash;
    private final Consumer<FollowUpRecord> records;

    /**
     * {@code callerHash}: the call records' caller hash of a phone number (null for null); {@code records}: where
     * each change goes ({@code CallLog::submit}).
     */
    public WorkOrders(Redis redis, OrderTypes types, Supplier<Deadlines.Calendar> calendar, Clock clock,
                      UnaryOperator<String> callerHash, Consumer<FollowUpRecord> records) {
        this.store = new OrderStore(redis.jedis(), Duration.ofDays(7));
        this.types = types;
        this.calendar = calendar;
        this.clock = clock;
        this.callerHash = callerHash;
        this.records = records;
    }

    /** The order made (or, for a retried key, found), and whether this request made it. */
    public record Created(WorkOrder order, boolean fresh) {
    }

    public Created create(Actor actor, Draft d) throws Problem {
        String key = Text.required("idempotencyKey", d.idempotencyKey(), 64, false);
        if (!KEY.matcher(key).matches()) {
            throw Problem.badInput("idempotencyKey", "must be 8 to 64 letters, digits, _ or -");
        }
        OrderType type = types.get(Text.required("type", d.type(), 40, false));
        if (type == null) {
            throw Problem.badInput("type", "is not a known work-order type (" + String.join(", ", types.all().keySet()) + ")");
        }
        String callId = Text.check("callId", d.callId(), 128, false);
        if (callId != null && !CALL_ID.matcher(callId).matches()) {
            throw Problem.badInput("callId", "must be a call id such as pbx-bj-1/1732259050.17");
        }
        String phone = Text.check("callerPhone", d.callerPhone(), 24, false);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw Problem.badInput("callerPhone", "must be a phone number (digits, an optional + and spaces or -)");
        }
        String assignee = Text.check("assignee", d.assignee(), 64, false);
        if (assignee != null && !USER.matcher(assignee).matches()) {
            throw Problem.badInput("assignee", "must be a user name");
        }
        if (assignee != null && !actor.manager() && !assignee.equals(actor.name())) {
            throw Problem.forbidden("an agent may assign a new order only to themselves");
        }
        String name = Text.check("callerName", d.callerName(), 50, false);
        String citizenId = Text.maskedCitizenId("citizenId", d.citizenId());
        String topic = Text.check("topic", d.topic(), 50, false);
        String employer = Text.check("employer", d.employer(), 200, false);
        String description = Text.required("description", d.description(), MAX_DESCRIPTION, true);
        String department = Text.check("department", d.department(), 50, false);
        String notes = Text.check("notes", d.notes(), 2000, true);
        String linkTo = Text.check("linkTo", d.linkTo(), 32, false);
        String hash = phone == null ? null : callerHash.apply(phone.replaceAll("[ -]", ""));
        OffsetDateTime now = now();
        LocalDate accepted = now.atZoneSameInstant(CHINA).toLocalDate();
        LocalDate due;
        try {
            due = Deadlines.due(calendar.get(), accepted, type.workingDays());
        } catch (Deadlines.UnknownYear e) {
            throw Problem.badInput("type", "has a deadline that cannot be counted: " + e.getMessage());
        }
        try {
            // a retry of a creation is answered before anything else: it is no duplicate of itself, also while the
            // first try is still storing the order (the key is then reserved, and the retry stores or finds it)
            String reserved = store.reservedFor(actor.name(), key);
            if (reserved != null) {
                WorkOrder made = store.get(reserved);
                if (made != null) {
                    return new Created(made, false);
                }
            } else if (linkTo != null) {
                return new Created(link(actor, linkTo, hash, callId), false);
            } else if (!d.createAnyway()) {
                List<WorkOrder> dups = duplicates(hash, type.code(), employer, now);
                if (!dups.isEmpty() && store.reservedFor(actor.name(), key) == null) {
                    throw Problem.duplicates(dups);
                }
            }
            OrderStore.Reserved id = store.reserve(actor.name(), key, accepted);
            if (!id.fresh()) {
                WorkOrder earlier = store.get(id.id());
                if (earlier != null) {
                    return new Created(earlier, false);
                }
                // the first try reserved the id and died before storing: this retry stores it
            }
            Status status = assignee == null ? Status.PENDING : Status.ASSIGNED;
            WorkOrder order = new WorkOrder(id.id(), type.code(), type.name(), status,
                    callId == null ? List.of() : List.of(callId), hash, name, phone, citizenId, topic, employer,
                    description, department == null ? type.department() : department, notes, actor.name(), now,
                    accepted, type.workingDays(), due, assignee, 1, 0, 0, null, null, null);
            WorkOrder.Change first = new WorkOrder.Change(1, now, actor.name(), "created", null, status, assignee,
                    due, null, null);
            OrderStore.Outcome out = store.create(order, first);
            if (out == OrderStore.Outcome.EXISTS) {
                return new Created(store.get(order.id()), false);
            }
            record(order, "created", actor.name(), now);
            log.info("event=work_order_created order={} type={} due={} by={}", order.id(), type.code(), due, actor.name());
            return new Created(order, true);
        } catch (JedisException e) {
            log.warn("event=work_order_unavailable action=create error=\"{}\"", e.getMessage());
            throw Problem.unavailable("work orders cannot be saved now (Redis unreachable); retry with the same idempotencyKey");
        }
    }

    private WorkOrder link(Actor actor, String id, String hash, String callId) throws Problem {
        for (int i = 0; i < MAX_RETRIES; i++) {
            WorkOrder order = store.get(id);
            if (order == null) {
                throw Problem.badInput("linkTo", "names no work order");
            }
            if (hash == null || !hash.equals(order.callerHash())) {
                throw Problem.badInput("linkTo", "names an order of another caller");
            }
            WorkOrder next = order.linked(callId);
            OffsetDateTime now = now();
            WorkOrder.Change change = new WorkOrder.Change(next.version(), now, actor.name(), "linked", order.status(),
                    order.status(), order.assignee(), order.due(), callId == null ? null : "call " + callId, null);
            if (store.change(order, next, change) == OrderStore.Outcome.OK) {
                record(next, "linked", actor.name(), now);
                return next;
            }
        }
        throw Problem.conflict("the order kept changing; try again");
    }

    /** Orders of the same caller, type and employer created within 30 days: offered for linking. */
    List<WorkOrder> duplicates(String hash, String type, String employer, OffsetDateTime now) {
        if (hash == null) {
            return List.of();
        }
        long from = now.minus(DUPLICATE_WINDOW).toInstant().toEpochMilli();
        List<String> ids = store.ids("caller:" + hash, from, Double.POSITIVE_INFINITY, true, 0, 50);
        String want = normalise(employer);
        return store.get(ids).stream().filter(o -> o.type().equals(type) && normalise(o.employer()).equals(want))
                .toList();
    }

    private static String normalise(String employer) {
        return employer == null ? "" : employer.replaceAll("[\\s\\p{Punct}（）]", "").toLowerCase(Locale.ROOT);
    }

    /** The order if {@code actor} may see it: a manager any, an agent those assigned to or created by them. */
    public WorkOrder get(Actor actor, String id) throws Problem {
        WorkOrder o = find(id);
        if (!actor.manager() && !actor.name().equals(o.assignee()) && !actor.name().equals(o.createdBy())) {
            throw Problem.forbidden("work order " + id + " is another agent's");
        }
        return o;
    }

    public List<WorkOrder.Change> history(Actor actor, String id) throws Problem {
        get(actor, id);
        return store.history(id, 1000);
    }

    /** The caller's phone in full, for the order's assignee only; every reveal is logged. */
    public String revealPhone(Actor actor, String id) throws Problem {
        WorkOrder o = find(id);
        if (!actor.name().equals(o.assignee())) {
            throw Problem.forbidden("only the order's assignee sees the caller's full number");
        }
        log.info("event=reveal user={} order={} field=caller_phone", actor.name(), id);
        return o.callerPhone();
    }

    private WorkOrder find(String id) throws Problem {
        if (id == null || !ORDER_ID.matcher(id).matches()) {
            throw Problem.badInput("id", "must be a work-order id such as GD20251013000001");
        }
        WorkOrder o = store.get(id);
        if (o == null) {
            throw Problem.notFound("work order " + id);
        }
        return o;
    }

    /** Takes {@code r} on the order, if the status table and the actor's rights allow it. */
    public WorkOrder act(Actor actor, String id, Request r) throws Problem {
        for (int i = 0; i < MAX_RETRIES; i++) {
            WorkOrder before = get(actor, id);
            if (r.version() != null && r.version() != before.version()) {
                throw Problem.conflict("work order " + id + " changed meanwhile (version " + before.version()
                        + ", not " + r.version() + "); reload it");
            }
            Changed c = OrderRules.apply(before, r, actor, now(), calendar.get());
            OrderStore.Outcome out = store.change(before, c.order(), c.change());
            if (out == OrderStore.Outcome.OK) {
                record(c.order(), c.change().action(), actor.name(), c.change().at());
                log.info("event=work_order_changed order={} action={} status={} by={}", id, c.change().action(),
                        c.order().status().wireName(), actor.name());
                return c.order();
            }
            if (r.version() != null) {
                throw Problem.conflict("work order " + id + " changed meanwhile; reload it");
            }
        }
        throw Problem.conflict("work order " + id + " kept changing; try again");
    }

    record Changed(WorkOrder order, WorkOrder.Change change) {
    }

    public List<WorkOrder> list(Actor actor, Filter f) throws Problem {
        return new OrderSearch(store, calendar.get(), callerHash).find(actor, f, today());
    }

    /** How an order stands against its deadline today. */
    public DueState dueState(WorkOrder o) {
        return DueState.of(o, today(), calendar.get());
    }

    public OrderTypes types() {
        return types;
    }

    /** Today in Beijing on this node's clock: the acceptance day of an order created now. */
    public LocalDate acceptedToday() {
        return today();
    }

    /** The due day of an order of {@code type} created now, shown before it is made; the same count create uses. */
    public LocalDate dueIfCreatedNow(OrderType type) throws Deadlines.UnknownYear {
        return Deadlines.due(calendar.get(), today(), type.workingDays());
    }

    LocalDate today() {
        return now().atZoneSameInstant(CHINA).toLocalDate();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(CHINA));
    }

    private void record(WorkOrder o, String action, String actor, OffsetDateTime at) {
        records.accept(new FollowUpRecord(FollowUpRecord.VERSION, FollowUpRecord.WORK_ORDER, o.id(), o.version(),
                action, actor, at, o.status().wireName(), o.type(), o.assignee(), o.callIds().isEmpty() ? null
                : o.callIds().get(0), o.callerHash(), o.acceptedOn(), o.due(), o.closedAt(), o.reopened(), 0, null));
    }

    /** A phone number as everyone but the assignee sees it. */
    public static String maskPhone(String phone) {
        return Text.maskPhone(phone);
    }
}
