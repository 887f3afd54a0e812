package cn.hotline12333.stats;

import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.FollowUpRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * 按时办结率 and the other work-order figures, from the follow-up records (stream {@value FollowUpRecord#STREAM}):
 * each work order's last record says where it stands (its due day, whether and when it was closed), and every
 * {@code reopened} and task record counts where its time falls. An order counts in the row its deadline (the end of
 * its due day, Beijing) falls in: closed by then is on time, closed after it late, still open after it overdue.
 * The report reads the whole stream per request (no buckets yet): fine for tens of thousands of orders, the scale
 * of a centre's year; buckets like the calls' are the next step when it is not.
 */
final class WorkOrderReport {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int PAGE = 2000;

    private final StatsSettings settings;

    WorkOrderReport(StatsSettings settings) {
        this.settings = settings;
    }

    ReportTable build(UnifiedJedis jedis, ReportQuery q, Instant now) {
        Map<String, FollowUpRecord> last = new HashMap<>();
        List<FollowUpRecord> events = new ArrayList<>();
        StreamEntryID from = new StreamEntryID(0, 0);
        boolean first = true;
        while (true) {
            List<StreamEntry> page = jedis.xrange(FollowUpRecord.STREAM, first ? from : next(from), null, PAGE);
            first = false;
            for (StreamEntry e : page) {
                FollowUpRecord r;
                try {
                    r = CallRecords.parseFollowUp(e.getFields().get(CallRecords.JSON_FIELD));
                } catch (IllegalArgumentException | NullPointerException bad) {
                    continue;
                }
                if (r.subject().equals(FollowUpRecord.WORK_ORDER)) {
                    last.merge(r.subjectId(), r, (a, b) -> b.seq() > a.seq() ? b : a);
                }
                boolean taskClosed = !r.subject().equals(FollowUpRecord.WORK_ORDER) && "closed".equals(r.status());
                if (r.action().equals("created") || r.action().equals("reopened") || taskClosed) {
                    events.add(r);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            from = page.get(page.size() - 1).getID();
        }
        Rows rows = new Rows(q);
        long[][] t = new long[rows.size()][9];
        for (FollowUpRecord o : last.values()) {
            if (o.due() == null) {
                continue;
            }
            Instant deadline = o.due().plusDays(1).atStartOfDay(CHINA).toInstant();
            int row = rowOf(rows, deadline.minusNanos(1));
            if (row < 0) {
                continue;
            }
            t[row][0]++;
            if ("closed".equals(o.status()) && o.closedAt() != null) {
                t[row][o.closedAt().toInstant().isAfter(deadline) ? 2 : 1]++;
            } else if (now.isAfter(deadline)) {
                t[row][3]++;
            } else {
                t[row][4]++;
            }
        }
        for (FollowUpRecord e : events) {
            int row = rowOf(rows, e.at().toInstant());
            if (row < 0) {
                continue;
            }
            boolean order = e.subject().equals(FollowUpRecord.WORK_ORDER);
            if (order && e.action().equals("reopened")) {
                t[row][5]++;
            } else if (order) {
                t[row][6]++;
            } else if (e.action().equals("created")) {
                t[row][7]++;
            } else {
                t[row][8]++;
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long[] c = t[i];
            boolean provisional = c[4] > 0 || Reports.provisional(rows.ends.get(i), settings, now);
            out.add(List.of(rows.starts.get(i), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
                    Kpi.of(c[1], c[0], provisional)));
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").count("due", "到期工单")
                .count("closed_on_time", "按时办结").count("closed_late", "超期办结").count("overdue", "超期未结")
                .count("not_yet_due", "未到期未结").count("reopened", "重办").count("created", "新建工单")
                .count("tasks_created", "新建回拨/留言任务").count("tasks_closed", "办结回拨/留言任务")
                .kpi("on_time_rate", "按时办结率").list();
        Map<String, Object> meta = new java.util.LinkedHashMap<>(Reports.meta(q, "work-orders", settings));
        meta.put("source", "follow-ups stream");
        meta.put("work_orders", last.size());
        return new ReportTable("work-orders", columns, out, meta);
    }

    /** The row whose [start, end) holds {@code t}, or -1 (rows are contiguous and ordered). */
    private static int rowOf(Rows rows, Instant t) {
        int lo = 0;
        int hi = rows.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (t.isBefore(rows.starts.get(mid).toInstant())) {
                hi = mid - 1;
            } else if (!t.isBefore(rows.ends.get(mid).toInstant())) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private static StreamEntryID next(StreamEntryID id) {
        return new StreamEntryID(id.getTime(), id.getSequence() + 1);
    }
}
