package cn.hotline12333.stats;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.store.Redis;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Single calls, read from the {@code calls} stream rather than from the aggregates: the call-detail search and
 * one call's record. A stream entry's id is the time Redis took the record, never before the call started (its
 * end, or a replay after an outage, much later): a search scans the entries from the range's start to the end
 * of the stream and keeps the calls that started inside the range. Rows are made lazily, a batch of entries at a
 * time, so an export of a whole day never holds the day. Blocking (Redis).
 */
public final class CallDetails {
    private static final int BATCH = 1000;
    static final List<ReportTable.Column> COLUMNS = new Columns().text("call_id", "通话编号").time("started_at", "开始时间")
            .text("caller", "来电号码").text("dialled", "被叫号码").text("outcome", "结果").text("queue", "队列")
            .text("agent", "坐席").ms("wait_ms", "等待").ms("talk_ms", "通话").ms("duration_ms", "总时长")
            .text("topics", "话题").count("survey_score", "满意度评分").list();

    private final Redis redis;

    public CallDetails(Redis redis) {
        this.redis = redis;
    }

    /** What a search keeps: calls that started in [from, to) and pass {@code filter}. */
    public record Search(Instant from, Instant to, Predicate<CallRecord> filter) {
    }

    /** One page of matches (page from 1), or every match lazily when {@code size} is 0; meta carries the zone. */
    public ReportTable search(Search search, ZoneId zone, int page, int size) {
        Iterable<List<Object>> rows = () -> {
            Iterator<CallRecord> matches = matches(search);
            if (size == 0) {
                return map(matches);
            }
            for (int skip = (page - 1) * size; skip > 0 && matches.hasNext(); skip--) {
                matches.next();
            }
            List<List<Object>> pageRows = new ArrayList<>();
            while (pageRows.size() < size && matches.hasNext()) {
                pageRows.add(row(matches.next()));
            }
            return pageRows.iterator();
        };
        return new ReportTable("calls", COLUMNS, rows, Map.of("zone", zone.getId(), "from", search.from().toString(),
                "to", search.to().toString(), "page", page, "size", size, "source", "redis"));
    }

    /**
     * The call with that id ({@code <system>/<epoch>.<n>}, or the unique id alone), found near the time its Asterisk
     * unique id was made.
     */
    public Optional<CallRecord> find(String callId) {
        Instant around;
        try {
            String unique = callId.substring(callId.lastIndexOf('/') + 1);
            around = Instant.ofEpochSecond(Long.parseLong(unique.substring(0, unique.indexOf('.'))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        // The unique id's epoch is when the channel was made; the record started within the hour after it.
        boolean full = callId.contains("/");
        Iterator<CallRecord> it = matches(new Search(around.minus(Duration.ofHours(1)), around.plus(Duration.ofHours(1)),
                r -> full ? r.callId().equals(callId) : callId.equals(r.uniqueId())));
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private Iterator<CallRecord> matches(Search search) {
        return new Iterator<>() {
            private StreamEntryID next = new StreamEntryID(search.from().toEpochMilli(), 0);
            private final StreamEntryID end = StreamEntryID.MAXIMUM_ID;
            private final List<CallRecord> buffered = new ArrayList<>();
            private int at;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (at >= buffered.size() && !exhausted) {
                    fill();
                }
                return at < buffered.size();
            }

            @Override
            public CallRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffered.get(at++);
            }

            private void fill() {
                buffered.clear();
                at = 0;
                List<StreamEntry> entries = redis.jedis().xrange(CallRecords.STREAM, next, end, BATCH);
                if (entries.size() < BATCH) {
                    exhausted = true;
                }
                for (StreamEntry e : entries) {
                    next = new StreamEntryID(e.getID().getTime(), e.getID().getSequence() + 1);
                    String json = e.getFields().get(CallRecords.JSON_FIELD);
                    CallRecord r;
                    try {
                        r = CallRecords.parse(json);
                    } catch (IllegalArgumentException bad) {
                        continue; // health and verify count these; a search skips them
                    }
                    Instant started = r.startedAt() == null ? null : r.startedAt().toInstant();
                    if (started != null && !started.isBefore(search.from()) && started.isBefore(search.to())
                            && search.filter().test(r)) {
                        buffered.add(r);
                    }
                }
            }
        };
    }

    private static Iterator<List<Object>> map(Iterator<CallRecord> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public List<Object> next() {
                return row(records.next());
            }
        };
    }

    static List<Object> row(CallRecord r) {
        CallRecord.QueueStint last = r.queueStints().isEmpty() ? null : r.queueStints().get(r.queueStints().size() - 1);
        List<Object> row = new ArrayList<>();
        row.add(r.callId());
        row.add(r.startedAt().toInstant());
        row.add(r.callerNumber());
        row.add(r.dialledNumber());
        row.add(r.outcome() == null ? null : r.outcome().wireName());
        row.add(last == null ? r.queue() : last.queue());
        row.add(last == null ? null : last.agent());
        row.add(last == null ? r.queueWaitMs() : last.waitMs());
        row.add(last == null ? null : last.talkMs());
        row.add(r.durationMs());
        row.add(String.join(",", r.topics()));
        row.add(r.survey().score() == null ? null : (long) r.survey().score());
        return row;
    }

    private static final List<ReportTable.Column> PATH = new Columns().text("flow", "流程").text("node", "节点")
            .time("at", "到达时间").text("exit", "离开方式").text("key", "按键").list();
    private static final List<ReportTable.Column> STINTS = new Columns().text("queue", "队列").time("entered_at", "进入")
            .time("left_at", "离开").ms("wait_ms", "等待").ms("talk_ms", "通话").text("agent", "坐席")
            .text("result", "结果").list();

    /** One call's summary fields under the search's column keys. */
    public static Map<String, Object> summary(CallRecord r) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        List<Object> row = row(r);
        for (int i = 0; i < COLUMNS.size(); i++) {
            out.put(COLUMNS.get(i).key(), row.get(i));
        }
        return out;
    }

    /** The IVR path node by node, with how the caller left each. */
    public static ReportTable path(CallRecord r) {
        List<List<Object>> rows = new ArrayList<>();
        for (CallRecord.Visit v : r.path()) {
            rows.add(java.util.Arrays.asList(v.flow(), v.node(), v.at() == null ? null : v.at().toInstant(),
                    v.exit() == null ? null : v.exit().name().toLowerCase(java.util.Locale.ROOT), v.key()));
        }
        return new ReportTable("path", PATH, rows, Map.of("zone", r.startedAt().getOffset().getId()));
    }

    /** The call's queue stints in order. */
    public static ReportTable stints(CallRecord r) {
        List<List<Object>> rows = new ArrayList<>();
        for (CallRecord.QueueStint s : r.queueStints()) {
            rows.add(java.util.Arrays.asList(s.queue(), s.enteredAt() == null ? null : s.enteredAt().toInstant(),
                    s.leftAt() == null ? null : s.leftAt().toInstant(), s.waitMs(), s.talkMs(), s.agent(),
                    s.result() == null ? null : s.result().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new ReportTable("stints", STINTS, rows, Map.of("zone", r.startedAt().getOffset().getId()));
    }
}
