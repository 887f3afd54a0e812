package cn.hotline12333.web;

import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.StatsConfig;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Query parameters of the statistics routes turned into a validated {@link ReportQuery} or {@link CallSearch}.
 * Every rule a client can break is a 400 that names the parameter and the rule; nothing here throws anything
 * else. Dates are local to {@code tz}; a bare date {@code to} includes that whole day (up to the next midnight).
 */
final class ReportParams {
    static final int FINE_MAX_DAYS = 31;
    static final int DAILY_MAX_DAYS = 366;
    static final int COARSE_MAX_DAYS = 731;
    static final int DETAIL_MAX_DAYS = 31;
    static final int MAX_SECONDS = 600;
    static final Set<String> REPORT_PARAMS = Set.of("from", "to", "tz", "interval", "queue", "agent", "topic",
            "entry", "sl", "shortAbandon", "format");
    static final Set<String> CALL_PARAMS = Set.of("from", "to", "tz", "caller", "agent", "queue", "topic",
            "outcome", "survey", "page", "size", "format");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.@:-]{1,64}");
    private static final Pattern ENTRY = Pattern.compile("[0-9*#+]{1,20}");
    private static final Pattern CALLER = Pattern.compile("\\+?[0-9]{3,20}");
    private static final String INTERVALS = Arrays.stream(Interval.values()).map(Interval::wireName)
            .collect(Collectors.joining("|"));
    private static final Set<String> OUTCOMES = Arrays.stream(Outcome.values()).map(Outcome::wireName)
            .collect(Collectors.toCollection(java.util.TreeSet::new));

    private final ApiRequest request;
    private final StatsConfig config;
    private final ZonedDateTime now;

    ReportParams(ApiRequest request, StatsConfig config, java.time.Clock clock) throws ApiError {
        this.request = request;
        this.config = config;
        this.now = ZonedDateTime.now(clock.withZone(zone(request, config)));
    }

    /** The report query; {@code knownQueues} are the queues a {@code queue} parameter may name. */
    ReportQuery report(Set<String> allowed, List<String> knownQueues) throws ApiError {
        onlyKnown(allowed);
        ZonedDateTime[] range = range();
        Interval interval = interval();
        limit(range, interval);
        List<String> queues = queues(knownQueues);
        Integer sl = seconds("sl", 1);
        Integer shortAbandon = seconds("shortAbandon", 0);
        thresholds(sl, shortAbandon, queues, knownQueues);
        return new ReportQuery(range[0], range[1], interval, queues, names("agent"), names("topic"), entries(),
                sl, shortAbandon);
    }

    /** The call-detail search; without {@code page}/{@code size}: the first 50 rows. */
    CallSearch calls(List<String> knownQueues) throws ApiError {
        onlyKnown(CALL_PARAMS);
        ZonedDateTime[] range = range();
        if (range[1].isAfter(range[0].plusDays(DETAIL_MAX_DAYS))) {
            throw ApiError.badParameter("to", "must be at most " + DETAIL_MAX_DAYS
                    + " days after 'from' for a call search (limit of the call detail)");
        }
        String caller = request.param("caller");
        if (caller != null && !caller.isEmpty() && !CALLER.matcher(caller).matches()) {
            throw ApiError.badParameter("caller", "must be a phone number of 3 to 20 digits");
        }
        List<String> outcomes = all("outcome");
        for (String o : outcomes) {
            if (!OUTCOMES.contains(o)) {
                throw ApiError.badParameter("outcome", "must be one of " + String.join(", ", OUTCOMES));
            }
        }
        // survey=dissatisfied: the calls whose survey answer is below the configured "satisfied" score
        String survey = request.param("survey");
        Integer surveyAtMost = null;
        if (survey != null && !survey.isEmpty()) {
            if (!survey.equals("dissatisfied")) {
                throw ApiError.badParameter("survey", "must be dissatisfied (or left out)");
            }
            surveyAtMost = config.survey().satisfiedFrom() - 1;
        }
        String size = request.param("size");
        if (size != null && size.matches("\\d{1,9}") && Integer.parseInt(size) > CallSearch.MAX_PAGE_SIZE) {
            throw ApiError.badParameter("size", "must be at most " + CallSearch.MAX_PAGE_SIZE
                    + " (detail page limit); use format=csv or xlsx for every row");
        }
        return new CallSearch(range[0], range[1], caller == null || caller.isEmpty() ? null : caller,
                names("agent"), queues(knownQueues), names("topic"), outcomes, surveyAtMost,
                request.intParam("page", 1, 1, 1_000_000), request.intParam("size", 50, 1, CallSearch.MAX_PAGE_SIZE));
    }

    /** Only {@code format} (and the ones listed) may be given. */
    void onlyKnown(Set<String> allowed) throws ApiError {
        for (String name : request.query().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.badParameter(name, "is not known here; this route takes "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    static ZoneId zone(ApiRequest request, StatsConfig config) throws ApiError {
        String tz = request.param("tz");
        if (tz == null || tz.isEmpty()) {
            return config.timezone();
        }
        // IANA region ids only: a bare offset would silently ignore daylight saving.
        if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            throw ApiError.badParameter("tz", "must be an IANA time-zone id such as Asia/Shanghai");
        }
        return ZoneId.of(tz);
    }

    /** {@code [from, to)}: today when neither is given; {@code to} defaults to the end of {@code from}'s day. */
    private ZonedDateTime[] range() throws ApiError {
        ZoneId zone = now.getZone();
        ZonedDateTime from = time("from", zone, false);
        ZonedDateTime to = time("to", zone, true);
        if (from == null) {
            from = (to == null ? now : to.minusNanos(1)).toLocalDate().atStartOfDay(zone);
        }
        if (to == null) {
            to = from.toLocalDate().plusDays(1).atStartOfDay(zone);
        }
        if (!from.isBefore(to)) {
            throw ApiError.badParameter("from", "must be before 'to' (a date 'to' includes that whole day)");
        }
        return new ZonedDateTime[] {from, to};
    }

    private ZonedDateTime time(String name, ZoneId zone, boolean inclusiveDate) throws ApiError {
        String v = request.param(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (inclusiveDate ? d.plusDays(1) : d).atStartOfDay(zone);
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(v).atZoneSameInstant(zone);
            }
            return LocalDateTime.parse(v).atZone(zone);
        } catch (DateTimeParseException e) {
            throw ApiError.badParameter(name, "must be an ISO-8601 date (2026-11-23) or date-time (2026-11-23T08:30)");
        } catch (DateTimeException e) {
            throw ApiError.badParameter(name, "is out of range");
        }
    }

    private Interval interval() throws ApiError {
        String v = request.param("interval");
        if (v == null || v.isEmpty()) {
            return Interval.DAY;
        }
        Interval i = Interval.parse(v);
        if (i == null) {
            throw ApiError.badParameter("interval", "must be one of " + INTERVALS);
        }
        return i;
    }

    private static void limit(ZonedDateTime[] range, Interval interval) throws ApiError {
        int days = switch (interval) {
            case M15, M30, H1 -> FINE_MAX_DAYS;
            case DAY -> DAILY_MAX_DAYS;
            case WEEK, MONTH -> COARSE_MAX_DAYS;
        };
        if (range[1].isAfter(range[0].plusDays(days))) {
            throw ApiError.badParameter("to", "must be at most " + days + " days after 'from' with interval="
                    + interval.wireName() + " (report limit: " + FINE_MAX_DAYS + " days at 15m/30m/1h, "
                    + DAILY_MAX_DAYS + " days daily, " + COARSE_MAX_DAYS + " days weekly or monthly)");
        }
    }

    private List<String> queues(List<String> known) throws ApiError {
        List<String> queues = names("queue");
        for (String q : queues) {
            if (!known.contains(q)) {
                throw ApiError.badParameter("queue", "names an unknown queue \"" + q + "\"; known: "
                        + String.join(", ", known));
            }
        }
        return queues;
    }

    private Integer seconds(String name, int min) throws ApiError {
        String v = request.param(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return request.intParam(name, 0, min, MAX_SECONDS);
    }

    /** S must stay below T, whether both come from the request or one from a queue's configuration. */
    private void thresholds(Integer sl, Integer shortAbandon, List<String> queues, List<String> known)
            throws ApiError {
        if (sl != null && shortAbandon != null) {
            if (sl <= shortAbandon) {
                throw ApiError.badParameter("sl", "must be greater than 'shortAbandon' (T > S)");
            }
            return;
        }
        if (sl == null && shortAbandon == null) {
            return;
        }
        List<String> checked = new ArrayList<>(queues.isEmpty() ? known : queues);
        checked.add(null);
        for (String q : checked) {
            StatsConfig.QueueThresholds t = q == null ? config.defaults() : config.thresholds(q);
            if (sl != null && sl <= t.shortAbandonSeconds()) {
                throw ApiError.badParameter("sl", "must be greater than the short-abandon limit S="
                        + t.shortAbandonSeconds() + " s" + (q == null ? "" : " of queue " + q) + " (T > S)");
            }
            if (shortAbandon != null && shortAbandon >= t.serviceLevelSeconds()) {
                throw ApiError.badParameter("shortAbandon", "must be less than the service-level time T="
                        + t.serviceLevelSeconds() + " s" + (q == null ? "" : " of queue " + q) + " (S < T)");
            }
        }
    }

    private List<String> names(String name) throws ApiError {
        List<String> values = all(name);
        for (String v : values) {
            if (!NAME.matcher(v).matches()) {
                throw ApiError.badParameter(name, "must be a name of 1 to 64 letters, digits or _.@:-");
            }
        }
        return values;
    }

    private List<String> entries() throws ApiError {
        List<String> values = all("entry");
        for (String v : values) {
            if (!ENTRY.matcher(v).matches()) {
                throw ApiError.badParameter("entry", "must be a dialled number such as 12333");
            }
        }
        return values;
    }

    /** Repeated and comma-separated values alike, without blanks or repeats. */
    private List<String> all(String name) {
        List<String> raw = request.query().get(name);
        if (raw == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : raw) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return List.copyOf(out);
    }
}
