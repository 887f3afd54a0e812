package cn.hotline12333.stats;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The caller-view reports: outcomes (with 接通率 per call, self-service, FCR), topics, the IVR funnel, satisfaction, heat map. */
final class CallReports {
    private final StatsSettings settings;

    CallReports(StatsSettings settings) {
        this.settings = settings;
    }

    private static List<Tally> perRow(BucketSource store, Rows rows, String kind) {
        List<Tally> tallies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            tallies.add(new Tally());
        }
        store.hashes(kind, null, rows.firstBucket, rows.endBucket, m -> true, (bucket, member, fields) -> {
            int row = rows.row(bucket);
            if (row >= 0) {
                tallies.get(row).add(fields);
            }
        });
        return tallies;
    }

    private static List<Map<String, Tally>> perRowMember(BucketSource store, Rows rows, String kind, String index,
                                                         java.util.function.Predicate<String> keep) {
        List<Map<String, Tally>> tallies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            tallies.add(new TreeMap<>());
        }
        store.hashesByRow(kind, index, rows.firstBucket, rows.endBucket, keep, rows::row, (bucket, member, fields) -> {
            int row = rows.row(bucket);
            if (row >= 0) {
                tallies.get(row).computeIfAbsent(member, k -> new Tally()).add(fields);
            }
        });
        return tallies;
    }

    ReportTable outcomes(BucketSource store, ReportQuery q, Instant now, long[][] fcr) {
        Rows rows = new Rows(q);
        Columns columns = new Columns().time("interval", "时段").text("entry", "接入号码").count("calls", "来电量");
        for (Outcome o : Outcome.values()) {
            columns.count(o.wireName(), o.wireName());
        }
        columns.count("asked_agent", "请求人工").count("short_abandon_only", "仅短时放弃").count("reached_agent", "人工接通")
                .kpi("answer_rate_calls", "人工接通率").count("ivr_short_hangups", "IVR短时挂机")
                .kpi("self_service_rate", "自助服务率").kpi("deflection_rate", "留言/回拨分流率")
                .kpi("ivr_abandon_rate", "IVR放弃率").kpi("fcr", "一次解决率").count("surveys_offered", "邀评数")
                .count("survey_responses", "参评数").kpi("csat", "满意率").kpi("survey_response_rate", "参评率");
        List<List<Object>> out = new ArrayList<>();
        if (!q.entries().isEmpty()) {
            List<Map<String, Tally>> tallies = perRowMember(store, rows, "e", "ie", q.entries()::contains);
            for (int row = 0; row < rows.size(); row++) {
                for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                    List<Object> r = new ArrayList<>();
                    r.add(rows.starts.get(row));
                    r.add(e.getKey());
                    r.add(e.getValue().get("c"));
                    for (Outcome o : Outcome.values()) {
                        r.add(e.getValue().get("o." + o.wireName()));
                    }
                    while (r.size() < columns.list().size()) {
                        r.add(null);
                    }
                    out.add(r);
                }
            }
            return new ReportTable("outcomes", columns.list(), out, Reports.meta(q, "outcomes", settings));
        }
        List<Tally> tallies = perRow(store, rows, "c");
        for (int row = 0; row < rows.size(); row++) {
            Tally t = tallies.get(row);
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            List<Object> r = new ArrayList<>();
            r.add(rows.starts.get(row));
            r.add("*");
            long c = t.get("c");
            r.add(c);
            for (Outcome o : Outcome.values()) {
                r.add(t.get("o." + o.wireName()));
            }
            long ivrBase = c - t.get("ivs") - t.get("o.error");
            r.add(t.get("ask"));
            r.add(t.get("sab"));
            r.add(t.get("ag"));
            r.add(Kpi.of(t.get("ag"), t.get("ask") - t.get("sab"), provisional));
            r.add(t.get("ivs"));
            r.add(Kpi.of(t.get("o.self_service"), ivrBase, provisional));
            r.add(Kpi.of(t.get("o.message_left") + t.get("o.callback_requested"), ivrBase, provisional));
            r.add(Kpi.of(t.get("o.caller_hung_up") - t.get("ivs"), ivrBase, provisional));
            boolean fcrOpen = rows.ends.get(row).toInstant()
                    .plus(java.time.Duration.ofDays(settings.fcrDays())).isAfter(now);
            r.add(Kpi.of(fcr[row][0], fcr[row][1], provisional || fcrOpen));
            r.add(t.get("so"));
            r.add(t.get("sr"));
            r.add(Kpi.of(t.get("sat"), t.get("sr"), provisional));
            r.add(Kpi.of(t.get("sr"), t.get("so"), provisional));
            out.add(r);
        }
        return new ReportTable("outcomes", columns.list(), out, Reports.meta(q, "outcomes", settings));
    }

    ReportTable topics(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = perRowMember(store, rows, "t", "it",
                topic -> q.topics().isEmpty() || q.topics().contains(topic));
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                Tally t = e.getValue();
                long[] s = new long[8];
                String[] f = {"o", "b", "a", "at", "ab", "as", "w", "x"};
                for (Map.Entry<String, Long> field : t.counts.entrySet()) {
                    int bar = field.getKey().indexOf('|');
                    if (bar < 0 || !(q.queues().isEmpty() || q.queues().contains(field.getKey().substring(0, bar)))) {
                        continue;
                    }
                    String counter = field.getKey().substring(bar + 1);
                    if (counter.equals("o")) {
                        // stored only by days before 2026-12-08; summed below for every day
                        continue;
                    }
                    for (int i = 0; i < f.length; i++) {
                        if (f[i].equals(counter) || (i == 7 && counter.startsWith("x"))) {
                            s[i] += field.getValue();
                        }
                    }
                }
                // offered: every stint that was not blocked at the door, i.e. answered, abandoned or another exit
                s[0] = s[2] + s[4] + s[7];
                out.add(List.of(rows.starts.get(row), e.getKey(), t.get("c"), t.get("o.self_service"),
                        t.get("o.agent_answered"), t.get("o.queue_abandoned"), s[0], s[1], s[2], s[3], s[4], s[5],
                        Kpi.of(s[3], s[0] - s[5], provisional), Kpi.of(s[6], s[2], provisional)));
            }
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").text("topic", "主题")
                .count("calls", "来电量").count("self_service", "自助办结").count("agent_answered", "人工接通")
                .count("queue_abandoned", "排队放弃").count("offered", "进线量").count("blocked", "拒绝进队")
                .count("answered", "接通量").count("answered_within", "T内接通").count("abandoned", "放弃量")
                .count("short_abandoned", "短时放弃").kpi("service_level", "服务水平").kpi("asa_ms", "平均应答速度").list();
        Map<String, Object> meta = Reports.meta(q, "topics", settings);
        meta.put("thresholds_note", "topic service level uses each queue's T and S as configured when the call was applied");
        return new ReportTable("topics", columns, out, meta);
    }

    /**
     * The routing matrix: agent-handled calls by the topic the IVR routed them under and the topic of the agent's
     * wrap-up code; {@code share} is the cell's part of its IVR topic, and the meta's {@code routing_accuracy}
     * the part of calls with a known IVR topic whose wrap-up topic is the same.
     */
    ReportTable routing(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = perRowMember(store, rows, "m", "im",
                topic -> q.topics().isEmpty() || q.topics().contains(topic));
        List<List<Object>> out = new ArrayList<>();
        long matched = 0;
        long known = 0;
        boolean anyProvisional = false;
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                String ivr = e.getKey();
                Map<String, Long> cells = new TreeMap<>(e.getValue().counts);
                long total = cells.values().stream().mapToLong(Long::longValue).sum();
                for (Map.Entry<String, Long> cell : cells.entrySet()) {
                    out.add(List.of(rows.starts.get(row), ivr, cell.getKey(), cell.getValue(),
                            Kpi.of(cell.getValue(), total, provisional)));
                    if (!ivr.equals(Contributions.UNKNOWN_TOPIC)) {
                        known += cell.getValue();
                        matched += cell.getKey().equals(ivr) ? cell.getValue() : 0;
                        anyProvisional |= provisional;
                    }
                }
            }
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").text("ivr_topic", "IVR话题")
                .text("wrapup_topic", "小结话题").count("handled", "处理量").kpi("share", "占该IVR话题").list();
        Map<String, Object> meta = Reports.meta(q, "routing", settings);
        meta.put("routing_accuracy", Kpi.of(matched, known, anyProvisional));
        meta.put("unknown_topic", Contributions.UNKNOWN_TOPIC);
        return new ReportTable("routing", columns, out, meta);
    }

    ReportTable ivrFunnel(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = perRowMember(store, rows, "n", "in", node -> true);
        Columns columns = new Columns().time("interval", "时段").text("node", "节点").count("entries", "进入");
        List<String> exits = new ArrayList<>();
        for (CallRecord.Exit e : CallRecord.Exit.values()) {
            exits.add(e.name().toLowerCase(Locale.ROOT));
        }
        exits.add("none");
        for (String e : exits) {
            columns.count("exit_" + e, "离开:" + e);
        }
        columns.kpi("mean_time_ms", "平均停留");
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                List<Object> r = new ArrayList<>();
                r.add(rows.starts.get(row));
                r.add(e.getKey());
                r.add(e.getValue().get("n"));
                for (String x : exits) {
                    r.add(e.getValue().get("x." + x));
                }
                r.add(Kpi.of(e.getValue().get("ms"), e.getValue().get("n"), provisional));
                out.add(r);
            }
        }
        return new ReportTable("ivr-funnel", columns.list(), out, Reports.meta(q, "ivr-funnel", settings));
    }

    /**
     * 满意率 and response rate in total (without filters) and per queue, agent and topic: a call's survey counts
     * for the queue and agent that answered it last and for each topic the IVR tagged it with.
     */
    ReportTable satisfaction(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Tally> overall = perRow(store, rows, "c");
        List<Map<String, Tally>> queues = perRowMember(store, rows, "q", "iq",
                queue -> q.queues().isEmpty() || q.queues().contains(queue));
        List<Map<String, Tally>> agents = perRowMember(store, rows, "a", "ia",
                agent -> q.agents().isEmpty() || q.agents().contains(agent));
        List<Map<String, Tally>> topics = perRowMember(store, rows, "t", "it",
                topic -> q.topics().isEmpty() || q.topics().contains(topic));
        boolean unfiltered = q.queues().isEmpty() && q.agents().isEmpty() && q.topics().isEmpty();
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            Object start = rows.starts.get(row);
            if (unfiltered) {
                out.add(satisfactionRow(start, "total", "*", overall.get(row), provisional));
            }
            surveyedMembers(out, start, "queue", queues.get(row), provisional);
            surveyedMembers(out, start, "agent", agents.get(row), provisional);
            surveyedMembers(out, start, "topic", topics.get(row), provisional);
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").text("by", "维度").text("name", "名称")
                .count("offered", "邀评数").count("responses", "参评数").count("score_1", "1分").count("score_2", "2分")
                .count("score_3", "3分").count("score_4", "4分").count("score_5", "5分").kpi("csat", "满意率")
                .kpi("response_rate", "参评率").list();
        Map<String, Object> meta = Reports.meta(q, "satisfaction", settings);
        meta.put("by_note", "by: total, queue (answered last), agent (answered last), topic (every IVR topic of the call)");
        return new ReportTable("satisfaction", columns, out, meta);
    }

    /** A row per member that was offered a survey, in member order (perRowMember keeps them sorted). */
    private static void surveyedMembers(List<List<Object>> out, Object start, String by, Map<String, Tally> members,
                                        boolean provisional) {
        members.forEach((member, t) -> {
            if (t.get("so") > 0) {
                out.add(satisfactionRow(start, by, member, t, provisional));
            }
        });
    }

    private static List<Object> satisfactionRow(Object start, String by, String name, Tally t, boolean provisional) {
        return List.of(start, by, name, t.get("so"), t.get("sr"), t.get("s1"), t.get("s2"), t.get("s3"), t.get("s4"),
                t.get("s5"), Kpi.of(t.get("sat"), t.get("sr"), provisional), Kpi.of(t.get("sr"), t.get("so"), provisional));
    }

    ReportTable heatmap(BucketSource store, ReportQuery q) {
        Rows rows = new Rows(new ReportQuery(q.from(), q.to(), Interval.M15, q.queues(), q.agents(), q.topics(),
                q.entries(), q.serviceLevelSeconds(), q.shortAbandonSeconds()));
        long[][] cells = new long[7][24];
        store.hashes("c", null, rows.firstBucket, rows.endBucket, m -> true, (bucket, member, fields) -> {
            ZonedDateTime local = Buckets.start(bucket).atZone(q.from().getZone());
            // the calls are summed from the outcomes (Tally.get), not read as a field: not stored since 2026-12-08
            Tally t = new Tally();
            t.add(fields);
            cells[local.getDayOfWeek().getValue() - 1][local.getHour()] += t.get("c");
        });
        Columns columns = new Columns().count("weekday", "星期");
        for (int h = 0; h < 24; h++) {
            columns.count(String.format("h%02d", h), h + "时");
        }
        List<List<Object>> out = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            List<Object> r = new ArrayList<>();
            r.add((long) d + 1);
            for (int h = 0; h < 24; h++) {
                r.add(cells[d][h]);
            }
            out.add(r);
        }
        return new ReportTable("heatmap", columns.list(), out, Reports.meta(q, "heatmap", settings));
    }
}
