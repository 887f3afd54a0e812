package cn.hotline12333.web;

import cn.hotline12333.stats.Kpi;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a report's cells leave the server, in one place so that JSON, CSV and XLSX cannot disagree. JSON keeps
 * a KPI as {@code {value, numerator, denominator, provisional}}; a file spreads it over three columns (the value,
 * then 分子 and 分母) and lists the row's provisional KPIs in a last column 暂定. Times are ISO-8601 in the
 * report's zone everywhere. Every text passes {@link Redaction}.
 */
final class ReportCells {
    static final String PROVISIONAL_KEY = "provisional";
    static final String PROVISIONAL_LABEL = "暂定";

    private final ReportTable table;
    private final ZoneId zone;
    private final boolean hasKpis;

    ReportCells(ReportTable table, ZoneId zone) {
        this.table = table;
        this.zone = zone;
        this.hasKpis = table.columns().stream().anyMatch(c -> c.kind() == Kind.KPI);
    }

    ReportTable table() {
        return table;
    }

    /** The JSON answer: name, meta, columns and rows keyed by column. */
    Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", table.name());
        body.put("meta", maskDeep(table.meta()));
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Column c : table.columns()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", c.key());
            m.put("label", c.label());
            m.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            columns.add(m);
        }
        body.put("columns", columns);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            rows.add(jsonRow(row));
        }
        body.put("rows", rows);
        return body;
    }

    Map<String, Object> jsonRow(List<Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Object cell = i < row.size() ? row.get(i) : null;
            out.put(c.key(), jsonCell(c.kind(), cell));
        }
        return out;
    }

    private Object jsonCell(Kind kind, Object cell) {
        if (cell == null) {
            return null;
        }
        return switch (kind) {
            case KPI -> {
                Kpi k = (Kpi) cell;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("value", k.value());
                m.put("numerator", k.numerator());
                m.put("denominator", k.denominator());
                m.put("provisional", k.provisional());
                yield m;
            }
            case COUNT, DURATION_MS -> number(cell);
            case TIME -> time(cell);
            case TEXT -> Redaction.mask(cell.toString());
        };
    }

    /** The header row of a file export. */
    List<String> fileHeadings() {
        List<String> out = new ArrayList<>();
        for (Column c : table.columns()) {
            if (c.kind() == Kind.KPI) {
                out.add(c.label());
                out.add(c.label() + "·分子");
                out.add(c.label() + "·分母");
            } else {
                out.add(c.kind() == Kind.DURATION_MS ? c.label() + "(毫秒)" : c.label());
            }
        }
        if (hasKpis) {
            out.add(PROVISIONAL_LABEL);
        }
        return out;
    }

    /**
     * One row as file cells: a String (already masked, not yet neutralised), a Long, a Double or null. The
     * numbers are the very values JSON writes.
     */
    List<Object> fileRow(List<Object> row) {
        List<Object> out = new ArrayList<>();
        StringBuilder provisional = new StringBuilder();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Object cell = i < row.size() ? row.get(i) : null;
            if (c.kind() == Kind.KPI) {
                Kpi k = (Kpi) cell;
                out.add(k == null ? null : k.value());
                out.add(k == null ? null : k.numerator());
                out.add(k == null ? null : k.denominator());
                if (k != null && k.provisional()) {
                    provisional.append(provisional.length() == 0 ? "" : ",").append(c.key());
                }
            } else {
                out.add(jsonCell(c.kind(), cell));
            }
        }
        if (hasKpis) {
            out.add(provisional.length() == 0 ? null : provisional.toString());
        }
        return out;
    }

    private static Object number(Object cell) {
        if (cell instanceof Integer || cell instanceof Short || cell instanceof Byte) {
            return ((Number) cell).longValue();
        }
        if (cell instanceof Number) {
            return cell;
        }
        throw new IllegalStateException("a count cell holds " + cell.getClass().getSimpleName());
    }

    private String time(Object cell) {
        ZonedDateTime t;
        if (cell instanceof Instant i) {
            t = i.atZone(zone);
        } else if (cell instanceof ZonedDateTime z) {
            t = z.withZoneSameInstant(zone);
        } else if (cell instanceof OffsetDateTime o) {
            t = o.atZoneSameInstant(zone);
        } else if (cell instanceof LocalDateTime l) {
            t = l.atZone(zone);
        } else if (cell instanceof Long ms) {
            t = Instant.ofEpochMilli(ms).atZone(zone);
        } else {
            return Redaction.mask(cell.toString());
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.toOffsetDateTime());
    }

    /** Meta as the answer states it: strings masked, times as ISO text, nested maps and lists walked. */
    static Object maskDeep(Object value) {
        if (value instanceof String s) {
            return Redaction.mask(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(Redaction.mask(String.valueOf(k)), maskDeep(v)));
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(v -> out.add(maskDeep(v)));
            return out;
        }
        if (value instanceof TemporalAccessor || value instanceof java.time.ZoneId
                || value instanceof java.time.Duration || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return Redaction.mask(value.toString());
    }
}
