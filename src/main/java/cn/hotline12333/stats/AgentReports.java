package cn.hotline12333.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Agent performance (handled, AHT, occupancy, CSAT) and the agents' time by state and not-ready reason. */
final class AgentReports {
    private final StatsSettings settings;

    AgentReports(StatsSettings settings) {
        this.settings = settings;
    }

    private List<Map<String, Tally>> read(BucketSource store, ReportQuery q, Rows rows) {
        // summed in hash maps and sorted once a row: a sorted map compared the agents' names for every hash added
        List<Map<String, Tally>> tallies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            tallies.add(new HashMap<>());
        }
        store.hashesByRow("a", "ia", rows.firstBucket, rows.endBucket,
                agent -> q.agents().isEmpty() || q.agents().contains(agent), rows::row, (bucket, agent, fields) -> {
                    int row = rows.row(bucket);
                    if (row >= 0) {
                        tallies.get(row).computeIfAbsent(agent, k -> new Tally()).add(fields);
                    }
                });
        tallies.replaceAll(TreeMap::new);
        return tallies;
    }

    ReportTable agents(BucketSource store, ReportQuery q, Instant now, String name) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = read(store, q, rows);
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            boolean provisional = Reports.provisional(rows.ends.get(row), settings, now);
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                Tally t = e.getValue();
                long h = t.get("h");
                long handling = t.get("st.on_call") + t.get("st.wrap_up");
                long idle = t.get("st.ready") + t.get("st.ringing");
                List<Object> r = new ArrayList<>();
                r.add(rows.starts.get(row));
                r.add(e.getKey());
                r.add(t.get("ans"));
                r.add(h);
                r.add(t.get("ht"));
                r.add(t.get("hd"));
                r.add(t.get("wu"));
                r.add(Kpi.of(t.get("ht") + t.get("wu"), h, provisional));
                r.add(Kpi.of(t.get("tr"), h, provisional));
                r.add(Kpi.of(t.get("rs"), h, provisional));
                r.add(t.get("rna"));
                r.add(t.get("st.ready"));
                r.add(t.get("st.ringing"));
                r.add(t.get("st.on_call"));
                r.add(t.get("st.wrap_up"));
                r.add(t.get("st.not_ready"));
                r.add(Kpi.of(handling, handling + idle, provisional));
                r.add(t.get("so"));
                r.add(t.get("sr"));
                r.add(Kpi.of(t.get("sat"), t.get("sr"), provisional));
                out.add(r);
            }
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").text("agent", "坐席")
                .count("answered", "接听量").count("handled", "处理量").ms("talk_ms", "通话时长(含保持)")
                .ms("hold_ms", "保持时长").ms("wrapup_ms", "话后时长").kpi("aht_ms", "平均处理时长")
                .kpi("transfer_rate", "转接率").kpi("resolved_rate", "坐席勾选解决率").count("ring_no_answer", "振铃未接")
                .ms("ready_ms", "空闲").ms("ringing_ms", "振铃").ms("on_call_ms", "通话").ms("wrap_up_ms", "话后")
                .ms("not_ready_ms", "示忙").kpi("occupancy", "占用率").count("surveys_offered", "邀评数")
                .count("survey_responses", "参评数").kpi("csat", "满意率").list();
        return new ReportTable(name, columns, out, Reports.meta(q, name, settings));
    }

    ReportTable states(BucketSource store, ReportQuery q, Instant now) {
        Rows rows = new Rows(q);
        List<Map<String, Tally>> tallies = read(store, q, rows);
        List<List<Object>> out = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            for (Map.Entry<String, Tally> e : tallies.get(row).entrySet()) {
                for (Map.Entry<String, Long> f : new TreeMap<>(e.getValue().counts).entrySet()) {
                    if (f.getKey().startsWith("st.")) {
                        out.add(List.of(rows.starts.get(row), e.getKey(), f.getKey().substring(3), "", f.getValue()));
                    } else if (f.getKey().startsWith("nr.")) {
                        out.add(List.of(rows.starts.get(row), e.getKey(), "not_ready", f.getKey().substring(3),
                                f.getValue()));
                    }
                }
            }
        }
        List<ReportTable.Column> columns = new Columns().time("interval", "时段").text("agent", "坐席")
                .text("state", "状态").text("reason", "示忙原因").ms("ms", "时长").list();
        return new ReportTable("agent-states", columns, out, Reports.meta(q, "agent-states", settings));
    }
}
