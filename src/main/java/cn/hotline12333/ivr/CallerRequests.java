package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers leave for agents to handle later, kept in Redis: recorded messages (a complaint about unpaid
 * wages lands in the labour-inspection mailbox) and requests (a callback, an SMS with the sign-language video
 * link). Blocking.
 *
 * <p>Each save is idempotent per call id: a retried save finds the {@code seen:<stream>:<call id>} guard
 * set by the first one and adds nothing (guard and entry are written by one Lua script, so never one
 * without the other). Key layout: see {@link SelfService}.
 */
public final class CallerRequests {
    private static final Logger log = LoggerFactory.getLogger(CallerRequests.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Duration GUARD_TTL = Duration.ofDays(2);
    /** As long as a message task can wait for its callback. */
    private static final Duration MESSAGE_TTL = Duration.ofDays(30);
    // Mailboxes whose callers are promised a reply within so many working days (the labour-inspection
    // prompt says 7).
    private static final Map<String, Integer> REPLY_WORKING_DAYS = Map.of("labour-inspection", 7);

    private static final String ADD_ONCE = """
            if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            return 1
            """;

    private final Redis redis;
    private final Predicate<LocalDate> workingDay;

    /** Counts Monday to Friday as working days, ignoring public holidays and adjusted working days. */
    public CallerRequests(Redis redis) {
        this(redis, day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY);
    }

    /** {@code workingDay} answers from China's calendar (holidays off, adjusted weekend working days on). */
    public CallerRequests(Redis redis, Predicate<LocalDate> workingDay) {
        this.redis = redis;
        this.workingDay = workingDay;
    }

    /** A recorded message; {@code recording} is the Asterisk file name (without format). */
    public void messageLeft(String mailbox, String callId, String callerNumber, String recording,
                            OffsetDateTime at) {
        List<String> fields = new ArrayList<>(List.of("call_id", callId, "caller", orEmpty(callerNumber),
                "recording", recording, "at", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        Integer days = REPLY_WORKING_DAYS.get(mailbox);
        if (days != null) {
            fields.add("reply_due");
            fields.add(replyDue(at, days).toString());
        }
        boolean added = addOnce("mailbox:" + mailbox, callId, fields);
        // where the message task's agent finds the recording (workorder.Tasks reads this key by call id)
        redis.jedis().hset("message:" + callId, Map.of("mailbox", mailbox, "recording", recording));
        redis.jedis().expire("message:" + callId, MESSAGE_TTL.toSeconds());
        log.info("event=message_left call={} mailbox={} caller={} duplicate={}", callId, mailbox,
                Masking.maskPhone(callerNumber), !added);
    }

    /** A request of {@code kind} (callback, sms_link) to the given number, for {@code queue}. */
    public void requested(String kind, String queue, String callId, String number, OffsetDateTime at) {
        boolean added = addOnce("requests:" + kind, callId, List.of("call_id", callId, "number", orEmpty(number),
                "queue", queue, "at", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "status", "open"));
        log.info("event=request_taken call={} kind={} queue={} number={} duplicate={}", callId, kind, queue,
                Masking.maskPhone(number), !added);
    }

    /** The date {@code workingDays} working days after the day of {@code at} in China (that day not counted). */
    LocalDate replyDue(OffsetDateTime at, int workingDays) {
        LocalDate day = at.atZoneSameInstant(CHINA).toLocalDate();
        for (int counted = 0; counted < workingDays; ) {
            day = day.plusDays(1);
            if (workingDay.test(day)) {
                counted++;
            }
        }
        return day;
    }

    // Asterisk gives no caller id for anonymous calls; the entry still counts.
    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private boolean addOnce(String stream, String callId, List<String> fields) {
        List<String> args = new ArrayList<>(fields.size() + 1);
        args.add(String.valueOf(GUARD_TTL.toSeconds()));
        args.addAll(fields);
        Object added = redis.jedis().eval(ADD_ONCE, List.of(stream, "seen:" + stream + ":" + callId), args);
        return Long.valueOf(1).equals(added);
    }
}
