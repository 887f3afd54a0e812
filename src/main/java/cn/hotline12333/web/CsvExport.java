package cn.hotline12333.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A report as CSV the way Excel on zh-CN Windows opens it: UTF-8 with a byte-order mark (without it Excel reads
 * GBK and garbles every heading), RFC 4180 quoting, CRLF line ends. Rows are written as the table yields them,
 * so a day of call detail never sits in memory.
 */
final class CsvExport {
    static final String BOM = "\uFEFF";

    private CsvExport() {
    }

    /** Writes the table and returns the number of data rows. */
    static long write(ReportCells cells, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 32 * 1024);
        w.write(BOM);
        line(w, List.copyOf(cells.fileHeadings()));
        long rows = 0;
        for (List<Object> row : cells.table().rows()) {
            line(w, cells.fileRow(row));
            rows++;
        }
        w.flush();
        return rows;
    }

    private static void line(Writer w, List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            Object v = values.get(i);
            if (v instanceof String s) {
                field(w, Formulas.neutralise(s));
            } else if (v != null) {
                w.write(v.toString());
            }
        }
        w.write("\r\n");
    }

    private static void field(Writer w, String s) throws IOException {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            w.write(s);
            return;
        }
        w.write('"');
        w.write(s.replace("\"", "\"\""));
        w.write('"');
    }
}
