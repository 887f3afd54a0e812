package cn.hotline12333.stats;

import java.util.List;
import java.util.Map;

/**
 * A report as rows under named columns: what the JSON answer, the CSV and the XLSX export are all written from,
 * so the three cannot disagree. Rows may be produced lazily (a day of call detail streams through without
 * being held in memory); each row's cells follow {@code columns}, a KPI cell is a {@link Kpi}.
 *
 * @param name    the report's id ({@code queues}, {@code agents}, …), used in file names
 * @param meta    what the report states about itself: zone, range, thresholds used, source (redis or files)
 */
public record ReportTable(String name, List<Column> columns, Iterable<List<Object>> rows, Map<String, Object> meta) {

    public ReportTable {
        columns = List.copyOf(columns);
        meta = Map.copyOf(meta);
    }

    /** A column: its key in JSON, its zh-CN heading in pages and exports, and what its cells hold. */
    public record Column(String key, String label, Kind kind) {
    }

    public enum Kind {
        /** A string (queue, agent, topic, masked phone number). */
        TEXT,
        /** A whole number (a count). */
        COUNT,
        /** A duration in milliseconds. */
        DURATION_MS,
        /** A {@link Kpi}. */
        KPI,
        /** A point in time, written in the report's zone. */
        TIME
    }
}
