package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkOrdersTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final Actor ANN = new Actor("ann", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor BOSS = new Actor("boss", true);

    private static Draft mine(String key, String employer) {
        Draft d = Desk.draft(key, "wage_arrears", "13800138000", employer);
        return new Draft(d.idempotencyKey(), d.type(), d.callId(), d.callerName(), d.callerPhone(), d.citizenId(),
                d.topic(), d.employer(), d.description(), d.department(), d.notes(), "ann", false, null);
    }

    @Test
    void aWageArrearsComplaintAcceptedOnFriday20250926IsDueMonday20251013() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        WorkOrders.Created c = desk.orders.create(ANN, mine("key-000001", "某建筑公司"));

        assertThat(c.fresh()).isTrue();
        WorkOrder o = c.order();
        assertThat(o.id()).isEqualTo("GD20250926000001");
        assertThat(o.due()).isEqualTo("2025-10-13");
        assertThat(o.acceptedOn()).isEqualTo("2025-09-26");
        assertThat(o.status()).isEqualTo(Status.ASSIGNED);
        assertThat(o.citizenId()).isEqualTo("1101**********0010");
        assertThat(o.department()).isEqualTo("劳动保障监察");
        assertThat(desk.records).singleElement().satisfies(r -> {
            assertThat(r.recordId()).isEqualTo("GD20250926000001#1");
            assertThat(r.action()).isEqualTo("created");
            assertThat(r.due()).isEqualTo("2025-10-13");
        });
        assertThat(desk.orders.history(ANN, o.id())).singleElement()
                .satisfies(h -> assertThat(h.action()).isEqualTo("created"));
    }

    @Test
    void aRetriedCreationMakesOneOrderWhicheverOfTwoNodesGetsIt() throws Exception {
        try (Redis other = Redis.connect(REDIS.server().url())) {
            Desk a = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
            Desk b = new Desk(other, "2025-09-26T10:00+08:00");
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<WorkOrders.Created>> tries = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    Desk desk = i % 2 == 0 ? a : b;
                    tries.add(pool.submit(() -> desk.orders.create(ANN, mine("retry-key-1", "某公司"))));
                }
                Set<String> ids = new HashSet<>();
                int fresh = 0;
                for (Future<WorkOrders.Created> f : tries) {
                    ids.add(f.get().order().id());
                    fresh += f.get().fresh() ? 1 : 0;
                }
                assertThat(ids).containsExactly("GD20250926000001");
                assertThat(fresh).isEqualTo(1);
                assertThat(REDIS.redis().jedis().zcard("{wo}:all")).isEqualTo(1);
                assertThat(a.records.size() + b.records.size()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void idsAreUniqueAcrossNodesAndRunPerDay() throws Exception {
        try (Redis other = Redis.connect(REDIS.server().url())) {
            Desk a = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
            Desk b = new Desk(other, "2025-09-26T10:00+08:00");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<String>> work = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Desk desk = i % 2 == 0 ? a : b;
                    String key = "unique-key-" + i;
                    work.add(() -> desk.orders.create(ANN, Desk.draft(key, "card_problem", null, null)).order().id());
                }
                Set<String> ids = new HashSet<>();
                for (Future<String> f : pool.invokeAll(work)) {
                    ids.add(f.get());
                }
                assertThat(ids).hasSize(200).allMatch(id -> id.startsWith("GD20250926"))
                        .contains("GD20250926000001", "GD20250926000200");
            } finally {
                pool.shutdownNow();
            }
            a.clock.set("2025-09-27T09:00+08:00");
            assertThat(a.orders.create(ANN, Desk.draft("next-day-1", "card_problem", null, null)).order().id())
                    .isEqualTo("GD20250927000001");
        }
    }

    @Test
    void aPossibleDuplicateIsOfferedForLinkingUnlessTheClientCreatesAnyway() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        WorkOrder first = desk.orders.create(ANN, mine("dup-key-001", "某建筑公司")).order();
        desk.clock.set("2025-10-20T10:00+08:00");

        assertThatThrownBy(() -> desk.orders.create(BOB, Desk.draft("dup-key-002", "wage_arrears", "138-0013-8000",
                "某建筑 公司"))).isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.DUPLICATES);
                    assertThat(p.duplicates()).extracting(WorkOrder::id).containsExactly(first.id());
                });
        Draft link = new Draft("dup-key-003", "wage_arrears", "pbx-bj-1/1760000000.5", null, "13800138000", null, null,
                "某建筑公司", "又来电催办", null, null, null, false, first.id());
        WorkOrder linked = desk.orders.create(BOB, link).order();
        assertThat(linked.id()).isEqualTo(first.id());
        assertThat(linked.callIds()).hasSize(2).contains("pbx-bj-1/1760000000.5");
        assertThat(desk.orders.history(ANN, first.id())).extracting(WorkOrder.Change::action)
                .containsExactly("created", "linked");

        Draft anyway = new Draft("dup-key-004", "wage_arrears", null, null, "13800138000", null, null, "某建筑公司",
                "另一个问题", null, null, null, true, null);
        assertThat(desk.orders.create(BOB, anyway).order().id()).isNotEqualTo(first.id());
        // a different type is no duplicate, nor the same one more than 30 days later
        assertThat(desk.orders.create(BOB, Desk.draft("dup-key-005", "card_problem", "13800138000", "某建筑公司")).fresh())
                .isTrue();
        desk.clock.set("2025-11-21T10:00+08:00");
        assertThat(desk.orders.create(BOB, Desk.draft("dup-key-006", "wage_arrears", "13800138000", "某建筑公司")).fresh())
                .isTrue();
    }

    @Test
    void badInputNamesTheField() {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        assertField(desk, Desk.draft("bad-key-001", "lost_dog", null, null), "type");
        assertField(desk, Desk.draft("short", "card_problem", null, null), "idempotencyKey");
        assertField(desk, Desk.draft("bad-key-002", "card_problem", null, "某公司\u0007"), "employer");
        assertField(desk, Desk.draft("bad-key-003", "card_problem", "138abc", null), "callerPhone");
        Draft d = Desk.draft("bad-key-004", "card_problem", null, null);
        assertField(desk, new Draft(d.idempotencyKey(), d.type(), d.callId(), d.callerName(), d.callerPhone(),
                d.citizenId(), d.topic(), d.employer(), "x".repeat(WorkOrders.MAX_DESCRIPTION + 1), null, null, null,
                false, null), "description");
        assertField(desk, new Draft(d.idempotencyKey(), d.type(), d.callId(), d.callerName(), d.callerPhone(),
                d.citizenId(), d.topic(), d.employer(), "工资\uFFFD未发", null, null, null, false, null), "description");
        assertField(desk, new Draft(d.idempotencyKey(), d.type(), d.callId(), d.callerName(), d.callerPhone(),
                "11010519550308", d.topic(), d.employer(), "欠薪", null, null, null, false, null), "citizenId");
    }

    private static void assertField(Desk desk, Draft d, String field) {
        assertThatThrownBy(() -> desk.orders.create(ANN, d)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_INPUT);
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.getMessage()).contains("'" + field + "'");
        });
    }

    @Test
    void aDeadlineInAYearWithoutCalendarIsRefusedNamingTheYear() {
        Desk desk = new Desk(REDIS.redis(), "2026-12-28T10:00+08:00");
        assertThatThrownBy(() -> desk.orders.create(ANN, Desk.draft("late-key-01", "wage_arrears", null, null)))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_INPUT);
                    assertThat(p.getMessage()).contains("no holiday calendar for 2027").contains("cn-2027.yaml");
                });
    }

    @Test
    void anAgentSeesAndActsOnTheirOwnOrdersOnlyAndAManagerOnAll() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = desk.orders.create(ANN, mine("own-key-001", "某公司")).order().id();
        Request start = new Request(Transitions.Action.START, null, null, null, null, null, null);

        assertThatThrownBy(() -> desk.orders.get(BOB, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> desk.orders.act(BOB, id, start)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> desk.orders.history(BOB, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> desk.orders.revealPhone(BOSS, id)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThat(desk.orders.revealPhone(ANN, id)).isEqualTo("13800138000");

        desk.orders.act(ANN, id, start);
        desk.orders.act(BOSS, id, new Request(Transitions.Action.REASSIGN, null, "bob", null, "ann 休假", null, null));
        assertThat(desk.orders.get(BOB, id).assignee()).isEqualTo("bob");
        assertThat(desk.orders.list(BOB, new Filter(null, null, null, null, null, true, false, false, 100)))
                .extracting(WorkOrder::id).containsExactly(id);
        assertThat(desk.orders.list(ANN, new Filter(null, null, null, null, null, true, false, false, 100))).isEmpty();
        assertThatThrownBy(() -> desk.orders.list(ANN, new Filter(null, null, "bob", null, null, false, false, false, 10)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN));
        assertThat(desk.orders.history(BOSS, id)).extracting(WorkOrder.Change::action)
                .containsExactly("created", "started", "reassigned");
        assertThat(desk.records).extracting(FollowUpRecord::recordId)
                .containsExactly(id + "#1", id + "#2", id + "#3");
    }

    @Test
    void everyRevealOfTheFullNumberIsLoggedWithoutTheNumber() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = desk.orders.create(ANN, mine("reveal-key-1", "某公司")).order().id();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WorkOrders.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(lines);
        try {
            desk.orders.revealPhone(ANN, id);
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
        assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly("event=reveal user=ann order=" + id + " field=caller_phone");
    }

    @Test
    void aStaleVersionIsAConflictAndTwoManagersClosingAtOnceCloseOnce() throws Exception {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = desk.orders.create(ANN, mine("race-key-01", "某公司")).order().id();
        desk.orders.act(ANN, id, new Request(Transitions.Action.START, null, null, null, null, null, null));
        desk.orders.act(ANN, id, new Request(Transitions.Action.REPLY, null, null, "已责令补发", null, null, null));
        int version = desk.orders.get(BOSS, id).version();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> closes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                closes.add(() -> {
                    try {
                        desk.orders.act(BOSS, id, new Request(Transitions.Action.CLOSE, version, null, null, null, null, 5));
                        return true;
                    } catch (Problem p) {
                        assertThat(p.kind()).isEqualTo(Problem.Kind.CONFLICT);
                        return false;
                    }
                });
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(closes)) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(desk.orders.history(BOSS, id)).filteredOn(c -> c.action().equals("closed")).hasSize(1);
    }

    @Test
    void dueSoonAndOverdueFollowTheWorkingDayCalendar() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String id = desk.orders.create(ANN, mine("due-key-001", "某公司")).order().id();
        Filter dueSoon = new Filter(null, null, null, null, null, true, true, false, 100);
        Filter overdue = new Filter(null, null, null, null, null, true, false, true, 100);

        desk.clock.set("2025-10-10T09:00+08:00"); // Friday; Saturday 10-11 is a working day, so two are left
        assertThat(desk.orders.dueState(desk.orders.get(ANN, id)).workingDaysLeft()).isEqualTo(2);
        assertThat(desk.orders.list(ANN, dueSoon)).isEmpty();
        desk.clock.set("2025-10-11T09:00+08:00"); // the worked Saturday: Monday is the last day
        assertThat(desk.orders.list(ANN, dueSoon)).extracting(WorkOrder::id).containsExactly(id);
        assertThat(desk.orders.list(ANN, overdue)).isEmpty();
        desk.clock.set("2025-10-13T23:59+08:00");
        assertThat(desk.orders.dueState(desk.orders.get(ANN, id))).isEqualTo(new DueState(0, true, false));
        desk.clock.set("2025-10-14T00:01+08:00");
        assertThat(desk.orders.list(ANN, overdue)).extracting(WorkOrder::id).containsExactly(id);
        assertThat(desk.orders.list(BOSS, new Filter(null, null, null, null, null, false, false, true, 100)))
                .extracting(WorkOrder::id).containsExactly(id);
    }

    @Test
    void searchesFilterByStatusTypeAndCaller() throws Problem {
        Desk desk = new Desk(REDIS.redis(), "2025-09-26T10:00+08:00");
        String wage = desk.orders.create(ANN, mine("search-key-1", "甲公司")).order().id();
        String card = desk.orders.create(ANN, Desk.draft("search-key-2", "card_problem", "13900139000", null)).order().id();
        assertThat(desk.orders.list(BOSS, new Filter(Status.PENDING, null, null, null, null, false, false, false, 10)))
                .extracting(WorkOrder::id).containsExactly(card);
        assertThat(desk.orders.list(BOSS, new Filter(null, "wage_arrears", null, null, null, false, false, false, 10)))
                .extracting(WorkOrder::id).containsExactly(wage);
        assertThat(desk.orders.list(BOSS, new Filter(null, null, null, null, "139 0013 9000", false, false, false, 10)))
                .extracting(WorkOrder::id).containsExactly(card);
    }
}
