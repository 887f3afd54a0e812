package cn.hotline12333.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Map;

/** The {@code format} parameter: JSON (the default), or a CSV or XLSX download streamed to the client. */
enum Export {
    JSON(null, null),
    CSV("csv", "text/csv; charset=utf-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final String extension;
    private final String contentType;

    Export(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    static Export of(ApiRequest r) throws ApiError {
        String f = r.param("format");
        if (f == null || f.isEmpty() || f.equals("json")) {
            return JSON;
        }
        if (f.equals("csv")) {
            return CSV;
        }
        if (f.equals("xlsx")) {
            return XLSX;
        }
        throw ApiError.badParameter("format", "must be json, csv or xlsx");
    }

    ApiResponse response(ReportCells cells, String title, ZonedDateTime from, ZonedDateTime to) {
        String range = from == null ? "" : "_" + from.toLocalDate() + "_" + to.minusNanos(1).toLocalDate();
        String ascii = cells.table().name().replaceAll("[^A-Za-z0-9_-]", "_") + range + "." + extension;
        String unicode = title + range + "." + extension;
        Map<String, String> headers = Map.of("Content-Disposition", disposition(ascii, unicode));
        return ApiResponse.streamed(contentType, headers, out -> {
            if (this == CSV) {
                CsvExport.write(cells, out);
            } else {
                XlsxExport.write(cells, sheetName(title), out);
            }
        });
    }

    /** RFC 6266: a plain ASCII {@code filename} for old clients, the zh-CN name as RFC 5987 {@code filename*}. */
    static String disposition(String ascii, String unicode) {
        String encoded = URLEncoder.encode(unicode, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** Excel refuses sheet names over 31 characters or with any of {@code []:*?/\}. */
    static String sheetName(String title) {
        String s = title.replaceAll("[\\[\\]:*?/\\\\]", "_");
        return s.length() > 31 ? s.substring(0, 31) : s;
    }
}
