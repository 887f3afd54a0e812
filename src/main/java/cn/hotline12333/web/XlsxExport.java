package cn.hotline12333.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A report as an XLSX workbook, written with fastexcel as the rows come (flushed every {@link #FLUSH_ROWS}
 * rows, strings inline so no shared-string table grows): the data sheet with the very cells of the CSV, then a
 * sheet 报表说明 with what the report states about itself (zone, range, thresholds used, source). A sheet holds
 * at most 1,048,576 rows; beyond that the data stops and the notes sheet says so.
 */
final class XlsxExport {
    static final int FLUSH_ROWS = 2000;
    static final String NOTES_SHEET = "报表说明";

    private XlsxExport() {
    }

    static long write(ReportCells cells, String sheetName, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "hotline12333", "1.0");
        Worksheet data = wb.newWorksheet(sheetName);
        List<String> headings = cells.fileHeadings();
        for (int c = 0; c < headings.size(); c++) {
            data.inlineString(0, c, headings.get(c));
            data.style(0, c).bold().set();
        }
        int r = 1;
        long rows = 0;
        boolean truncated = false;
        for (List<Object> row : cells.table().rows()) {
            if (r >= Worksheet.MAX_ROWS) {
                truncated = true;
                break;
            }
            List<Object> values = cells.fileRow(row);
            for (int c = 0; c < values.size(); c++) {
                Object v = values.get(c);
                if (v instanceof String s) {
                    data.inlineString(r, c, Formulas.neutralise(s));
                } else if (v instanceof Number n) {
                    data.value(r, c, n);
                }
            }
            r++;
            rows++;
            if (r % FLUSH_ROWS == 0) {
                data.flush();
            }
        }
        data.finish();
        Worksheet notes = wb.newWorksheet(NOTES_SHEET);
        int n = 0;
        notes.inlineString(n, 0, "report");
        notes.inlineString(n++, 1, cells.table().name());
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) ReportCells.maskDeep(cells.table().meta());
        for (Map.Entry<String, Object> e : meta.entrySet()) {
            notes.inlineString(n, 0, e.getKey());
            notes.inlineString(n++, 1, Formulas.neutralise(String.valueOf(e.getValue())));
        }
        if (truncated) {
            notes.inlineString(n, 0, "truncated");
            notes.inlineString(n, 1, "only the first " + rows + " rows fit in one sheet; export CSV for every row");
        }
        notes.finish();
        wb.finish();
        return rows;
    }
}
