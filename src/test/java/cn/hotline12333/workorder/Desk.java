package cn.hotline12333.workorder;

import cn.hotline12333.calllog.FollowUpRecord;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.WorkingHours;
import cn.hotline12333.store.Redis;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Work orders for tests: the shipped calendar and types, a clock the test moves, the records kept in a list. */
final class Desk {
    static final OrderTypes TYPES = OrderTypes.fixed(List.of(new OrderType("wage_arrears", "欠薪投诉", 7, "劳动保障监察"),
            new OrderType("policy_referral", "政策咨询转办", 5, null), new OrderType("card_problem", "社保卡问题", 3, null)));
    static final Deadlines.Calendar CALENDAR;

    static {
        try (FlowLibrary flows = FlowLibrary.open(Path.of("ivr-flows"))) {
            WorkingHours hours = flows.current().hours();
            CALENDAR = Deadlines.Calendar.of(hours::isWorkingDay, hours::knowsYear);
        }
    }

    final MovableClock clock;
    final List<FollowUpRecord> records = new CopyOnWriteArrayList<>();
    final WorkOrders orders;

    Desk(Redis redis, String at) {
        this.clock = new MovableClock(OffsetDateTime.parse(at).toInstant());
        this.orders = new WorkOrders(redis, TYPES, () -> CALENDAR, clock, phone -> phone == null ? null
                : String.format("%032x", new java.math.BigInteger(1, phone.getBytes())).substring(0, 32), records::add);
    }

    static Draft draft(String key, String type, String phone, String employer) {
        return new Draft(key, type, "pbx-bj-1/1758852000." + key.hashCode(), "张先生", phone, "110105195503080010",
                "wage", employer, "三个月工资未发", null, "来电反映欠薪", null, false, null);
    }

    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(String at) {
            now = OffsetDateTime.parse(at).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
