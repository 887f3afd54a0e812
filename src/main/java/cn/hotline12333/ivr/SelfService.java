package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-service queries and actions against the citizen data in Redis (pension payment, contribution
 * record, unemployment benefit, social-security card status and loss report). Blocking: run it from the
 * work executor, never from an event loop.
 *
 * <p>Redis keys of self-service (key = {@link CitizenSecrets#redisId}: HMAC-SHA256 of the full 18-character
 * number, X upper case, under HOTLINE_ID_KEY; no key or value holds an ID number or a PIN):
 * <pre>
 * citizen:&lt;key&gt;            hash   pension_status pension_amount pension_paid_day
 *                                  contribution_months contribution_last_paid_year contribution_last_paid_month
 *                                  unemployment_status unemployment_amount unemployment_months_left
 *                                  card_status                                  (written by {@link #put})
 * card_loss_reports          stream citizen (masked) at (ISO-8601, +08:00) previous_status
 * pin:&lt;key&gt;                hash   algo iter salt hash: a {@link PinVerifier}         ({@link PinGuard#setPin})
 * pin:fail:&lt;key&gt;           string wrong attempts in a row; TTL = the lockout (30 min)
 * mailbox:&lt;name&gt;           stream call_id caller recording at [reply_due]        ({@link CallerRequests})
 * requests:&lt;kind&gt;          stream call_id number queue at status=open
 * seen:&lt;stream&gt;:&lt;call id&gt;  string guard making a retried save of the same call a no-op; TTL 2 days
 * </pre>
 * The pension record is this month's: the month spoken is the current month of the injected clock.
 */
public final class SelfService {
    private static final Logger log = LoggerFactory.getLogger(SelfService.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String LOSS_REPORTS = "card_loss_reports";

    private static final Set<String> SERVICES = Set.of(
            "pension_payment", "contributions", "unemployment_benefit", "card_status", "card_report_loss");

    // Only a card in the citizen's hands can be lost: one in production or waiting at the branch is not.
    private static final String REPORT_LOSS = """
            local status = redis.call('HGET', KEYS[1], 'card_status')
            if not status then return 'not_found' end
            if status == 'reported_lost' then return 'already_reported' end
            if status ~= 'active' then return 'no_card' end
            redis.call('HSET', KEYS[1], 'card_status', 'reported_lost')
            redis.call('XADD', KEYS[2], '*', 'citizen', ARGV[1], 'at', ARGV[2], 'previous_status', status)
            return 'reported'
            """;

    private final Redis redis;
    private final Clock clock;
    private final CitizenSecrets secrets;

    /** With the demo secrets (tests, the benchmark). */
    public SelfService(Redis redis, Clock clock) {
        this(redis, clock, CitizenSecrets.demo());
    }

    public SelfService(Redis redis, Clock clock, CitizenSecrets secrets) {
        this.redis = redis;
        this.clock = clock;
        this.secrets = secrets;
    }

    /** The service names flows may use in a self-service node. */
    public static Set<String> services() {
        return SERVICES;
    }

    /** Answers {@code service} for {@code citizen}; unknown service names are a flow error caught at load. */
    public ServiceAnswer answer(String service, CitizenId citizen) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown self-service: " + service);
        }
        if (service.equals("card_report_loss")) {
            return reportLoss(citizen);
        }
        Map<String, String> h = redis.jedis().hgetAll(key(citizen));
        if (h.isEmpty()) {
            return ServiceAnswer.notFound();
        }
        return new ServiceAnswer(true, switch (service) {
            case "pension_payment" -> Map.of("status", h.get("pension_status"), "amount", h.get("pension_amount"),
                    "month", String.valueOf(LocalDate.now(clock.withZone(CHINA)).getMonthValue()),
                    "paid_day", h.get("pension_paid_day"));
            case "contributions" -> Map.of("months", h.get("contribution_months"),
                    "last_paid_year", h.get("contribution_last_paid_year"),
                    "last_paid_month", h.get("contribution_last_paid_month"));
            case "unemployment_benefit" -> Map.of("status", h.get("unemployment_status"),
                    "amount", h.get("unemployment_amount"), "months_left", h.get("unemployment_months_left"));
            default -> Map.of("status", h.get("card_status"));
        });
    }

    /** Writes (overwrites) a citizen's record as a whole. */
    public void put(CitizenId citizen, CitizenRecord record) {
        Map<String, String> h = new HashMap<>();
        h.put("pension_status", record.pension().status());
        h.put("pension_amount", String.valueOf(record.pension().amount()));
        h.put("pension_paid_day", String.valueOf(record.pension().paidDay()));
        h.put("contribution_months", String.valueOf(record.contributions().months()));
        h.put("contribution_last_paid_year", String.valueOf(record.contributions().lastPaidYear()));
        h.put("contribution_last_paid_month", String.valueOf(record.contributions().lastPaidMonth()));
        h.put("unemployment_status", record.unemployment().status());
        h.put("unemployment_amount", String.valueOf(record.unemployment().amount()));
        h.put("unemployment_months_left", String.valueOf(record.unemployment().monthsLeft()));
        h.put("card_status", record.cardStatus());
        // every field is written each time, so HSET alone overwrites the whole record
        redis.jedis().hset(key(citizen), h);
    }

    private ServiceAnswer reportLoss(CitizenId citizen) {
        String at = OffsetDateTime.now(clock.withZone(CHINA)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Object result = redis.jedis().eval(REPORT_LOSS, List.of(key(citizen), LOSS_REPORTS),
                List.of(citizen.toString(), at));
        if ("not_found".equals(result)) {
            return ServiceAnswer.notFound();
        }
        log.info("event=card_report_loss citizen={} result={}", citizen, result);
        return new ServiceAnswer(true, Map.of("status", (String) result));
    }

    private String key(CitizenId citizen) {
        return "citizen:" + secrets.redisId(citizen);
    }
}
