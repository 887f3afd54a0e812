package cn.hotline12333.stats;

import cn.hotline12333.stats.ReportTable.Column;
import cn.hotline12333.stats.ReportTable.Kind;
import java.util.ArrayList;
import java.util.List;

/** Builds a report's column list: key, zh-CN heading, kind. */
final class Columns {
    private final List<Column> columns = new ArrayList<>();

    Columns add(String key, String label, Kind kind) {
        columns.add(new Column(key, label, kind));
        return this;
    }

    Columns time(String key, String label) {
        return add(key, label, Kind.TIME);
    }

    Columns text(String key, String label) {
        return add(key, label, Kind.TEXT);
    }

    Columns count(String key, String label) {
        return add(key, label, Kind.COUNT);
    }

    Columns ms(String key, String label) {
        return add(key, label, Kind.DURATION_MS);
    }

    Columns kpi(String key, String label) {
        return add(key, label, Kind.KPI);
    }

    List<Column> list() {
        return List.copyOf(columns);
    }
}
