package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

class CallerRequestsTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final OffsetDateTime FRIDAY = OffsetDateTime.parse("2026-11-20T16:30:00+08:00");

    private CallerRequests requests;

    @BeforeEach
    void fresh() {
        requests = new CallerRequests(REDIS.redis());
    }

    private static List<StreamEntry> entries(String stream) {
        return REDIS.redis().jedis().xrange(stream, (StreamEntryID) null, null);
    }

    @Test
    void labourInspectionMessageIsDueSevenWorkingDaysLater() {
        requests.messageLeft("labour-inspection", "1732259050.17@pbx1", "13812345678", "msg-1732259050", FRIDAY);
        List<StreamEntry> entries = entries("mailbox:labour-inspection");
        assertThat(entries).hasSize(1);
        // Friday 20 Nov: Mon 23 .. Fri 27 are five, Mon 30 and Tue 1 Dec make seven
        assertThat(entries.get(0).getFields()).isEqualTo(Map.of("call_id", "1732259050.17@pbx1",
                "caller", "13812345678", "recording", "msg-1732259050", "at", "2026-11-20T16:30:00+08:00",
                "reply_due", "2026-12-01"));
    }

    @Test
    void otherMailboxesPromiseNoReplyDate() {
        requests.messageLeft("after-hours", "c1", "13812345678", "msg-c1", FRIDAY);
        assertThat(entries("mailbox:after-hours").get(0).getFields()).doesNotContainKey("reply_due");
    }

    @Test
    void replyDueCountsFromTheDayInBeijing() {
        // Saturday 21 Nov 17:00 UTC is Sunday 22 Nov 01:00 in Beijing: either way Mon..Fri, Mon, Tue
        OffsetDateTime saturdayUtc = OffsetDateTime.parse("2026-11-21T17:00:00Z");
        assertThat(requests.replyDue(saturdayUtc, 7)).isEqualTo(LocalDate.of(2026, 12, 1));
        // both Thursday 19 Nov in UTC; 15:30 UTC is still Thursday in Beijing, 16:30 UTC is Friday 00:30
        assertThat(requests.replyDue(OffsetDateTime.parse("2026-11-19T15:30:00Z"), 1)).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(requests.replyDue(OffsetDateTime.parse("2026-11-19T16:30:00Z"), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void holidaysAndAdjustedWorkingDaysComeFromTheCalendar() {
        // National Day 2026 as a calendar would give it: 1-7 Oct off, Sat 10 Oct worked (made-up 调休 for the test)
        Set<LocalDate> holidays = Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5),
                LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7));
        LocalDate adjusted = LocalDate.of(2026, 10, 10);
        CallerRequests withCalendar = new CallerRequests(REDIS.redis(), day -> day.equals(adjusted)
                || !holidays.contains(day) && day.getDayOfWeek() != DayOfWeek.SATURDAY
                && day.getDayOfWeek() != DayOfWeek.SUNDAY);
        // Wed 30 Sep: Thu 8, Fri 9, Sat 10, Mon 12, Tue 13, Wed 14, Thu 15
        assertThat(withCalendar.replyDue(OffsetDateTime.parse("2026-09-30T09:00:00+08:00"), 7))
                .isEqualTo(LocalDate.of(2026, 10, 15));
    }

    @Test
    void retriedMessageIsSavedOnce() {
        requests.messageLeft("labour-inspection", "c7", "13812345678", "msg-c7", FRIDAY);
        requests.messageLeft("labour-inspection", "c7", "13812345678", "msg-c7", FRIDAY);
        requests.messageLeft("labour-inspection", "c8", "13912345678", "msg-c8", FRIDAY);
        assertThat(entries("mailbox:labour-inspection")).extracting(e -> e.getFields().get("call_id"))
                .containsExactly("c7", "c8");
        assertThat(REDIS.redis().jedis().ttl("seen:mailbox:labour-inspection:c7")).isPositive();
    }

    @Test
    void callbackRequestIsOpenAndSavedOnce() {
        requests.requested("callback", "pension", "c9", "13812345678", FRIDAY);
        requests.requested("callback", "pension", "c9", "13812345678", FRIDAY);
        List<StreamEntry> entries = entries("requests:callback");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getFields()).isEqualTo(Map.of("call_id", "c9", "number", "13812345678",
                "queue", "pension", "at", "2026-11-20T16:30:00+08:00", "status", "open"));
    }

    @Test
    void oneCallMayAskForDifferentKinds() {
        requests.requested("callback", "general", "c10", "13812345678", FRIDAY);
        requests.requested("sms_link", "sign-language", "c10", "13812345678", FRIDAY);
        assertThat(entries("requests:callback")).hasSize(1);
        assertThat(entries("requests:sms_link")).hasSize(1);
    }

    @Test
    void anonymousCallerStillLeavesAMessage() {
        requests.messageLeft("after-hours", "c11", null, "msg-c11", FRIDAY);
        assertThat(entries("mailbox:after-hours").get(0).getFields()).containsEntry("caller", "");
    }
}
